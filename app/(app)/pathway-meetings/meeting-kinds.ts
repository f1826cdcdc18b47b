/** The notifications that change what the meeting pages show: an invitation, a change, a cancellation. */
export const MEETING_KINDS = ["meeting_invitation", "meeting_updated", "meeting_cancelled"] as const;
