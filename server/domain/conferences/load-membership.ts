import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { grantsFor, type ConferenceGrants, type ConferenceRole } from "./grants";
import { auditConferences } from "./conferences-audit";

export interface Membership {
  conference: typeof conferences.$inferSelect;
  participant: typeof conferenceParticipants.$inferSelect;
  role: ConferenceRole;
  grants: ConferenceGrants;
}

/**
 * The actor's place in a conference. Nobody outside the invite list gets in:
 * such an attempt is refused and audited. Removed and refused invitees are out too.
 */
export async function loadMembership(db: Db, actor: Actor, conferenceId: string): Promise<Membership> {
  const [row] = await db
    .select({ conference: conferences, participant: conferenceParticipants })
    .from(conferences)
    .leftJoin(
      conferenceParticipants,
      and(
        eq(conferenceParticipants.conferenceId, conferences.id),
        eq(conferenceParticipants.practitionerId, actor.practitionerId),
      ),
    )
    .where(eq(conferences.id, conferenceId));
  if (!row) throw new DomainError("NOT_FOUND", msg("conferences.conferenceNotFound"));
  if (
    !row.participant ||
    row.participant.admission === "removed" ||
    row.participant.admission === "refused"
  ) {
    await auditConferences(db, actor, "conference.join", {
      outcome: "denied",
      details: { conferenceId, admission: row.participant?.admission ?? "not_invited" },
    });
    throw new DomainError("FORBIDDEN", msg("conferences.notInvitedConference"));
  }
  const role = row.participant.role;
  return { conference: row.conference, participant: row.participant, role, grants: grantsFor(role) };
}

/** Inside the room: admitted from the lobby (chat, media). */
export async function requireAdmittedMember(db: Db, actor: Actor, conferenceId: string): Promise<Membership> {
  const me = await loadMembership(db, actor, conferenceId);
  if (me.participant.admission !== "admitted") {
    throw new DomainError("FORBIDDEN", msg("conferences.availableOnceAdmitted"));
  }
  if (me.conference.status !== "open" && me.conference.status !== "live") {
    throw new DomainError("CONFLICT", msg("conferences.conferenceNotOpen"));
  }
  return me;
}

/**
 * The one a moderator acts on: admitted to this very conference. Any other id,
 * from this conference's lobby or from anywhere, is refused.
 */
export async function requireAdmittedParticipant(
  db: Db,
  conferenceId: string,
  practitionerId: string,
): Promise<void> {
  const [row] = await db
    .select({ admission: conferenceParticipants.admission })
    .from(conferenceParticipants)
    .where(
      and(
        eq(conferenceParticipants.conferenceId, conferenceId),
        eq(conferenceParticipants.practitionerId, practitionerId),
      ),
    );
  if (row?.admission !== "admitted") {
    const message = msg("conferences.notParticipantConferencesRoom");
    throw new DomainError("NOT_FOUND", message, [{ field: "practitionerId", message }]);
  }
}
