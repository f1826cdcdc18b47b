/** socket.io room names, in one place. */
export const practitionerRoom = (practitionerId: string) => `practitioner:${practitionerId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const conferenceRoom = (conferenceId: string) => `conference:${conferenceId}`;
export const moderatorsRoom = (conferenceId: string) => `conference:${conferenceId}:moderators`;
