import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { assertTransition } from "./conference-status";
import { ConferenceIdInput } from "./conferences.schema";
import { loadMembership, type Membership } from "./load-membership";
import { auditConferences } from "./conferences-audit";

/**
 * Knocks at the door. The host opens a scheduled conference by joining; an
 * invitee waits in the lobby until a moderator admits them, and once admitted
 * comes back in directly (a dropped connection, a reload).
 */
export async function joinConference(db: Db, actor: Actor, rawInput: unknown) {
  return (await enterConference(db, actor, rawInput)).result;
}

/**
 * joinConference, and the membership as it stands once committed (admitted: the one
 * requireAdmittedMember would now load), so that signalling can remember it for the
 * socket that entered instead of reading it again for the media that follows.
 */
export async function enterConference(
  db: Db,
  actor: Actor,
  rawInput: unknown,
): Promise<{
  result: {
    admission: "admitted" | "waiting";
    role: Membership["role"];
    grants: Membership["grants"];
    /** entering changed what the conference page shows: it opened the conference, or admitted this participant */
    changed: boolean;
  };
  membership: Membership;
}> {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const me = await loadMembership(db, actor, conferenceId);
  const status = me.conference.status;
  if (status === "ended" || status === "cancelled") {
    throw new DomainError("CONFLICT", msg("conferences.conferenceEnded"));
  }
  if (status === "scheduled" && !me.grants.manage) {
    throw new DomainError("CONFLICT", msg("conferences.hostNotOpenedConferenceYet"));
  }
  // the conference's lobby policy: who walks straight in, who waits for a moderator
  const policy = me.conference.lobbyPolicy;
  const walksIn =
    policy === "nobody" ||
    (policy === "other_facilities" && actor.facilityId === me.conference.hostFacilityId);
  const admission: "admitted" | "waiting" =
    me.participant.admission === "admitted" || walksIn ? "admitted" : "waiting";
  const newlyAdmitted = admission === "admitted" && me.participant.admission !== "admitted";
  const now = new Date();
  await db.transaction(async (tx) => {
    if (status === "scheduled") {
      await tx
        .update(conferences)
        .set({ status: assertTransition(status, "open"), version: me.conference.version + 1 })
        .where(eq(conferences.id, conferenceId));
    }
    await tx
      .update(conferenceParticipants)
      .set({ admission, lastJoinedAt: now, leftAt: null, ...(newlyAdmitted ? { admittedAt: now } : {}) })
      .where(eq(conferenceParticipants.id, me.participant.id));
    await auditConferences(tx, actor, "conference.join", {
      details: { conferenceId, admission, ...(newlyAdmitted ? { lobbyPolicy: policy } : {}) },
    });
  });
  const membership: Membership = {
    ...me,
    conference:
      status === "scheduled"
        ? { ...me.conference, status: "open", version: me.conference.version + 1 }
        : me.conference,
    participant: {
      ...me.participant,
      admission,
      lastJoinedAt: now,
      leftAt: null,
      ...(newlyAdmitted ? { admittedAt: now } : {}),
    },
  };
  return {
    result: { admission, role: me.role, grants: me.grants, changed: status === "scheduled" || newlyAdmitted },
    membership,
  };
}
