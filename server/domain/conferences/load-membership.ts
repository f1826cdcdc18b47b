import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences } from "../../db/schema";
import { DomainError } from "../../errors";
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
  if (!row) throw new DomainError("NOT_FOUND", "会議が見つかりません / Conference not found");
  if (
    !row.participant ||
    row.participant.admission === "removed" ||
    row.participant.admission === "refused"
  ) {
    await auditConferences(db, actor, "conference.join", {
      outcome: "denied",
      details: { conferenceId, admission: row.participant?.admission ?? "not_invited" },
    });
    throw new DomainError(
      "FORBIDDEN",
      "この会議に招待されていません / You are not invited to this conference",
    );
  }
  const role = row.participant.role;
  return { conference: row.conference, participant: row.participant, role, grants: grantsFor(role) };
}

/** Inside the room: admitted from the lobby (chat, media). */
export async function requireAdmittedMember(db: Db, actor: Actor, conferenceId: string): Promise<Membership> {
  const me = await loadMembership(db, actor, conferenceId);
  if (me.participant.admission !== "admitted") {
    throw new DomainError("FORBIDDEN", "入室を許可されてから利用できます / Available once you are admitted");
  }
  if (me.conference.status !== "open" && me.conference.status !== "live") {
    throw new DomainError("CONFLICT", "この会議は開かれていません / This conference is not open");
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
    const message =
      "この会議に入室している参加者ではありません / Not a participant in this conference's room";
    throw new DomainError("NOT_FOUND", message, [{ field: "practitionerId", message }]);
  }
}
