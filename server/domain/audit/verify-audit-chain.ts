import { asc, gt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { GENESIS_HASH, hashAuditEvent } from "./chain";
import { DomainError } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../auth/permissions";
import { appendAuditEvent } from "./append-audit-event";

export type ChainVerdict =
  | { ok: true; events: number; lastSeq: number; lastHash: string }
  | { ok: false; events: number; brokenAtSeq: number; reason: string };

/** Walks the whole chain in pages and names the first event that does not link or does not hash. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const e of page) {
      if (e.seq !== expectedSeq) {
        return {
          ok: false,
          events: count,
          brokenAtSeq: expectedSeq,
          reason: `event ${expectedSeq} is missing`,
        };
      }
      if (e.prevHash !== prevHash) {
        return {
          ok: false,
          events: count,
          brokenAtSeq: e.seq,
          reason: "does not link to the event before it",
        };
      }
      if (hashAuditEvent(e) !== e.hash) {
        return {
          ok: false,
          events: count,
          brokenAtSeq: e.seq,
          reason: "its content does not match its hash",
        };
      }
      prevHash = e.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, events: count, lastSeq: expectedSeq - 1, lastHash: prevHash };
}

/** The network office's check from the audit page; the check itself is audited. */
export async function verifyAuditChainAsOffice(db: Db, actor: Actor): Promise<ChainVerdict> {
  if (!isNetworkAdmin(actor))
    throw new DomainError("FORBIDDEN", "協議会事務局だけが行えます / Network office only");
  const verdict = await verifyAuditChain(db);
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    action: "audit.verify",
    purpose: "audit",
    outcome: verdict.ok ? "success" : "failure",
    details: verdict.ok
      ? { events: verdict.events }
      : { events: verdict.events, brokenAtSeq: verdict.brokenAtSeq },
    ip: actor.ip,
  });
  return verdict;
}
