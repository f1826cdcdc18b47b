/** socket.io room names, in one place. */
export const practitionerRoom = (practitionerId: string) => `practitioner:${practitionerId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const conferenceRoom = (conferenceId: string) => `conference:${conferenceId}`;
export const moderatorsRoom = (conferenceId: string) => `conference:${conferenceId}:moderators`;
/** One practitioner's sockets inside one conference: what is said to them there reaches no other tab of theirs. */
export const conferencePractitionerRoom = (conferenceId: string, practitionerId: string) =>
  `conference:${conferenceId}:practitioner:${practitionerId}`;
