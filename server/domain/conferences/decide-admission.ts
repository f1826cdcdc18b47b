import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { publishConferenceEvent } from "./conference-events";
import { assertTransition } from "./conference-status";
import { AdmissionDecisionInput, ConferenceIdInput } from "./conferences.schema";
import { loadMembership } from "./load-membership";
import { auditConferences } from "./conferences-audit";

const DECISION = {
  admit: { from: ["waiting", "invited"], to: "admitted", action: "conference.admit" },
  refuse: { from: ["waiting", "invited"], to: "refused", action: "conference.refuse" },
  remove: { from: ["admitted", "waiting"], to: "removed", action: "conference.remove" },
} as const;

/** The lobby and the door: a moderator admits, refuses or removes; the host is never removed. */
export async function decideAdmission(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AdmissionDecisionInput, rawInput);
  const me = await loadMembership(db, actor, input.conferenceId);
  if (!me.grants.moderate) throw new DomainError("FORBIDDEN", msg("signalling.moderatorsOnly"));
  if (input.practitionerId === me.conference.hostId) {
    throw new DomainError("CONFLICT", msg("conferences.hostCannotRemoved"));
  }
  const rule = DECISION[input.decision];
  const result = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(conferenceParticipants)
      .set({ admission: rule.to, ...(rule.to === "admitted" ? { admittedAt: new Date() } : {}) })
      .where(
        and(
          eq(conferenceParticipants.conferenceId, input.conferenceId),
          eq(conferenceParticipants.practitionerId, input.practitionerId),
          inArray(conferenceParticipants.admission, [...rule.from]),
        ),
      )
      .returning({ id: conferenceParticipants.id });
    if (!changed) {
      throw new DomainError("INVALID_TRANSITION", msg("conferences.notPossibleParticipantNow"));
    }
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      action: rule.action,
      purpose: "treatment",
      outcome: "success",
      details: { conferenceId: input.conferenceId, practitionerId: input.practitionerId },
      ip: actor.ip,
    });
    return { admission: rule.to };
  });
  publishConferenceEvent({
    kind: "admission_decided",
    conferenceId: input.conferenceId,
    practitionerId: input.practitionerId,
    admission: result.admission,
  });
  return result;
}

/** Ends the conference for everyone (the host, or whoever may manage it). */
export async function endConference(db: Db, actor: Actor, rawInput: unknown) {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const me = await loadMembership(db, actor, conferenceId);
  if (!me.grants.manage) throw new DomainError("FORBIDDEN", msg("conferences.onlyHostEndsConference"));
  const next = assertTransition(me.conference.status, "end");
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(conferences)
      .set({ status: next, endedAt: new Date(), version: me.conference.version + 1 })
      .where(and(eq(conferences.id, conferenceId), eq(conferences.version, me.conference.version)))
      .returning({ id: conferences.id });
    if (!done) throw new DomainError("CONFLICT", msg("conferences.conferenceChangedMeanwhileReload"));
    await auditConferences(tx, actor, "conference.end", { details: { conferenceId } });
  });
  publishConferenceEvent({ kind: "ended", conferenceId });
}
