import { afterCommitBus } from "../events/after-commit-bus";

/**
 * A patient's care team board changed (a post, a reply, a member, a visit),
 * for the members' open pages to reload. Ids only, never patient data: each
 * page reloads through its reader's own access; recipients are computed by the
 * signalling layer from the team at the moment of the push.
 */
export interface CareTeamChanged {
  patientId: string;
  postId: string | null;
  /** the members to tell (active, inside consent), computed in the domain */
  recipientIds: string[];
}

const bus = afterCommitBus<CareTeamChanged>("care-team");

export const onCareTeamChanged = bus.subscribe;

export function publishCareTeamChanged(change: CareTeamChanged): void {
  if (change.recipientIds.length > 0) bus.publish(change);
}
