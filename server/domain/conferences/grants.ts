/**
 * What each conference role may do, derived once (in the manner of LiveKit's
 * grants): the signalling layer asks these, never the role name.
 */
export const CONFERENCE_ROLES = ["host", "moderator", "participant", "observer"] as const;
export type ConferenceRole = (typeof CONFERENCE_ROLES)[number];

export interface ConferenceGrants {
  publishAudio: boolean;
  publishVideo: boolean;
  shareScreen: boolean;
  chat: boolean;
  raiseHand: boolean;
  /** admit and refuse from the lobby, mute and remove others */
  moderate: boolean;
  /** end the conference for everyone, change the agenda */
  manage: boolean;
}

const GRANTS: Record<ConferenceRole, ConferenceGrants> = {
  host: {
    publishAudio: true,
    publishVideo: true,
    shareScreen: true,
    chat: true,
    raiseHand: false,
    moderate: true,
    manage: true,
  },
  moderator: {
    publishAudio: true,
    publishVideo: true,
    shareScreen: true,
    chat: true,
    raiseHand: false,
    moderate: true,
    manage: false,
  },
  participant: {
    publishAudio: true,
    publishVideo: true,
    shareScreen: true,
    chat: true,
    raiseHand: true,
    moderate: false,
    manage: false,
  },
  observer: {
    publishAudio: false,
    publishVideo: false,
    shareScreen: false,
    chat: true,
    raiseHand: true,
    moderate: false,
    manage: false,
  },
};

export const grantsFor = (role: ConferenceRole): ConferenceGrants => GRANTS[role];
