import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { AuditSearchInput } from "./audit.schema";
import { resolvePatientRef, selectAuditRows } from "./audit-rows";
import { auditOfAudit } from "./audit-of-audit";

/** Tokyo calendar day -> UTC bounds */
const dayStart = (d: string) => new Date(`${d}T00:00:00+09:00`);

/** The network office searches the log; the search itself is audited. */
export async function searchAuditEvents(db: Db, actor: Actor, rawInput: unknown) {
  if (!isNetworkAdmin(actor)) throw new DomainError("FORBIDDEN", msg("audit.networkOfficeOnly"));
  const input = parseInput(AuditSearchInput, rawInput);
  const where: SQL[] = [];
  // a regional ID no patient has finds nothing (and says nothing of which ids exist)
  const patientId = input.patientId ? await resolvePatientRef(db, input.patientId) : undefined;
  if (patientId === null) where.push(sql`false`);
  else if (patientId) where.push(eq(auditEvents.patientId, patientId));
  if (input.actorId) where.push(eq(auditEvents.actorId, input.actorId));
  if (input.facilityId) where.push(eq(auditEvents.actorFacilityId, input.facilityId));
  if (input.action) where.push(eq(auditEvents.action, input.action));
  if (input.outcome) where.push(eq(auditEvents.outcome, input.outcome));
  if (input.from) where.push(gte(auditEvents.occurredAt, dayStart(input.from)));
  if (input.to) where.push(lt(auditEvents.occurredAt, new Date(dayStart(input.to).getTime() + 86_400_000)));
  if (input.beforeSeq) where.push(lt(auditEvents.seq, input.beforeSeq));
  const rows = await selectAuditRows(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit);
  await auditOfAudit(db, actor, "audit.search", {
    patientId: patientId ?? null,
    details: {
      filters: Object.keys(rawInput && typeof rawInput === "object" ? rawInput : {}),
      results: rows.length,
      // the patients the page names (regional ID and name)
      patientIds: [...new Set(rows.flatMap((r) => (r.patientId ? [r.patientId] : [])))],
    },
    read: true,
  });
  return rows;
}
