import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents, facilities, practitioners } from "../../db/schema";
import { DomainError } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "./append-audit-event";
import { AuditSearchInput } from "./audit.schema";

const selection = {
  id: auditEvents.id,
  seq: auditEvents.seq,
  occurredAt: auditEvents.occurredAt,
  actorId: auditEvents.actorId,
  actorLoginId: practitioners.loginId,
  actorName: sql<string | null>`${practitioners.familyName} || ' ' || ${practitioners.givenName}`,
  actorFacilityId: auditEvents.actorFacilityId,
  actorFacilityName: facilities.name,
  patientId: auditEvents.patientId,
  action: auditEvents.action,
  purpose: auditEvents.purpose,
  outcome: auditEvents.outcome,
  details: auditEvents.details,
  ip: auditEvents.ip,
};

/** Tokyo calendar day -> UTC bounds */
const dayStart = (d: string) => new Date(`${d}T00:00:00+09:00`);

/** The network office searches the log; the search itself is audited. */
export async function searchAuditEvents(db: Db, actor: Actor, rawInput: unknown) {
  if (!isNetworkAdmin(actor))
    throw new DomainError("FORBIDDEN", "協議会事務局だけが行えます / Network office only");
  const input = parseInput(AuditSearchInput, rawInput);
  const where: SQL[] = [];
  if (input.patientId) where.push(eq(auditEvents.patientId, input.patientId));
  if (input.actorId) where.push(eq(auditEvents.actorId, input.actorId));
  if (input.facilityId) where.push(eq(auditEvents.actorFacilityId, input.facilityId));
  if (input.action) where.push(eq(auditEvents.action, input.action));
  if (input.outcome) where.push(eq(auditEvents.outcome, input.outcome));
  if (input.from) where.push(gte(auditEvents.occurredAt, dayStart(input.from)));
  if (input.to) where.push(lt(auditEvents.occurredAt, new Date(dayStart(input.to).getTime() + 86_400_000)));
  if (input.beforeSeq) where.push(lt(auditEvents.seq, input.beforeSeq));
  const rows = await db
    .select(selection)
    .from(auditEvents)
    .leftJoin(practitioners, eq(practitioners.id, auditEvents.actorId))
    .leftJoin(facilities, eq(facilities.id, auditEvents.actorFacilityId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit);
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId: input.patientId ?? null,
    action: "audit.search",
    purpose: "audit",
    outcome: "success",
    details: {
      filters: Object.keys(rawInput && typeof rawInput === "object" ? rawInput : {}),
      results: rows.length,
    },
    ip: actor.ip,
  });
  return rows;
}
