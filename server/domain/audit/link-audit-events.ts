import { asc, desc, isNotNull, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { log as logger } from "../../log";
import { onAuditAppended } from "./append-audit-event";
import { auditKeyring, type AuditKeyring } from "./audit-keys";
import { GENESIS_HASH, sealAuditEvent } from "./chain";

/**
 * The chaining writer. Appends (append-audit-event.ts) insert events with a seq
 * from a sequence and no link, without a lock, in the transaction of the change
 * they record. This links them, in seq order and in batches, in short
 * transactions of its own: each event gets the hash of the one before it and
 * its HMAC under the key it was written with. One linker runs at a time across
 * all nodes (a try-lock: a second one skips its turn).
 *
 * A seq that never commits (its transaction rolled back, or the sequence
 * skipped ahead after a crash) leaves a gap. After GAP_GRACE_MS the linker
 * inserts an "audit.gap" event in its place; ON CONFLICT waits for a
 * transaction that still holds that seq, so a late commit keeps its own event.
 * The chain therefore stays dense and a missing seq in it still means a deleted
 * event.
 *
 * The window: between its commit and its link (AUDIT_LINK_INTERVAL_MS, 200 ms
 * by default, plus the grace when there is a gap) an event is durable and
 * protected by the append-only trigger and the runtime role's privileges, but
 * not yet by the chain: an owner who disables the trigger in that window can
 * change or delete it unseen.
 */
const AUDIT_LINK_LOCK = 0x0a0d17;
export const GAP_GRACE_MS = 1000;
const BATCH = 1000;

export interface LinkOptions {
  keyring?: AuditKeyring;
  /** wait out gaps' grace so that everything committed before the call is linked (verify, shutdown) */
  settle?: boolean;
  gapGraceMs?: number;
}

export interface LinkResult {
  linked: number;
  /** gaps filled with an "audit.gap" event */
  filled: number;
  /** events still unlinked after this call (behind a gap in its grace, another linker's turn, or stuck) */
  pending: number;
  /** why linking stopped before the end, in words (ids only) */
  stuck?: string;
}

type Pass =
  | { kind: "done"; linked: number }
  | { kind: "busy"; linked: number }
  | { kind: "gap"; linked: number; from: number; to: number }
  | { kind: "stuck"; linked: number; message: string };

// gap start -> when this process first saw it, per database handle
const gapsSeen = new WeakMap<Db, Map<number, number>>();

async function linkPass(db: Db, keyring: AuditKeyring): Promise<Pass> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${AUDIT_LINK_LOCK}) as ok`,
    );
    if (!lock?.ok) return { kind: "busy", linked: 0 };
    const [head] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.hash))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const rows = await tx
      .select()
      .from(auditEvents)
      .where(isNull(auditEvents.hash))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    let expected = (head?.seq ?? 0) + 1;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const links: { seq: number; prev_hash: string; hash: string }[] = [];
    let result: Pass | undefined;
    for (const row of rows) {
      if (row.seq < expected) {
        result = {
          kind: "stuck",
          linked: 0,
          message: `event #${row.seq} is unlinked behind the chain's head #${expected - 1}`,
        };
        break;
      }
      if (row.seq > expected) {
        result = { kind: "gap", linked: 0, from: expected, to: row.seq - 1 };
        break;
      }
      const key = row.keyId === null ? undefined : keyring.get(row.keyId);
      if (!key) {
        result = {
          kind: "stuck",
          linked: 0,
          message: `event #${row.seq} was written with key "${row.keyId}", which is not configured`,
        };
        break;
      }
      const hash = sealAuditEvent({ ...row, prevHash }, key);
      links.push({ seq: row.seq, prev_hash: prevHash, hash });
      prevHash = hash;
      expected += 1;
    }
    if (links.length) {
      const updated = await queryRows<{ seq: number }>(
        tx,
        sql`update audit_events a set prev_hash = v.prev_hash, hash = v.hash
            from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(seq bigint, prev_hash text, hash text)
            where a.seq = v.seq and a.hash is null
            returning a.seq`,
      );
      if (updated.length !== links.length) throw new Error("audit events changed while being linked");
    }
    return { ...(result ?? { kind: "done" }), linked: links.length };
  });
}

/** Puts an "audit.gap" event at each seq of the range that no transaction holds any more. */
async function fillGap(
  db: Db,
  from: number,
  to: number,
  keyring: AuditKeyring,
): Promise<number | "in_flight"> {
  return db
    .transaction(async (tx) => {
      // a transaction still holding one of these seqs is waited for, not overtaken
      await tx.execute(sql`set local lock_timeout = '5s'`);
      const seqs = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const inserted = await tx
        .insert(auditEvents)
        .values(
          seqs.map((seq) => ({
            seq,
            occurredAt: new Date(),
            actorId: null,
            actorFacilityId: null,
            patientId: null,
            action: "audit.gap",
            purpose: "audit",
            outcome: "failure" as const,
            details: { reason: "no event committed at this seq (rolled back or skipped)" },
            ip: "",
            keyId: keyring.active.id,
          })),
        )
        .onConflictDoNothing({ target: auditEvents.seq })
        .returning({ seq: auditEvents.seq });
      return inserted.length;
    })
    .catch((err: unknown) => {
      // lock_timeout: a transaction holding one of these seqs is still open (a long seeding, say)
      const code =
        (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
      if (code === "55P03") return "in_flight" as const;
      throw err;
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Links every committed, unlinked event it can. Bounded: it stops when nothing
 * is left, when another linker holds the turn, or at a gap still in its grace
 * (with `settle`, it waits that grace out).
 */
export async function linkAuditEvents(db: Db, options: LinkOptions = {}): Promise<LinkResult> {
  const keyring = options.keyring ?? auditKeyring();
  const grace = options.gapGraceMs ?? GAP_GRACE_MS;
  let seen = gapsSeen.get(db);
  if (!seen) gapsSeen.set(db, (seen = new Map<number, number>()));
  const result: LinkResult = { linked: 0, filled: 0, pending: 0 };
  // Most ticks find nothing to link: one probe of the pending index says so, instead of a
  // pass's transaction, try-lock and two reads and the closing count (six statements, five
  // times a second, on the database and on the CPU the pages share; issue 16).
  const [waiting] = await db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(isNull(auditEvents.hash))
    .limit(1);
  if (!waiting) return result;
  const deadline = Date.now() + 60_000;
  for (let round = 0; round < 10_000 && Date.now() < deadline; round++) {
    const pass = await linkPass(db, keyring);
    result.linked += pass.linked;
    if (pass.kind === "stuck") {
      result.stuck = pass.message;
      break;
    }
    if (pass.kind === "busy") {
      if (!options.settle) break;
      await sleep(50);
      continue;
    }
    if (pass.kind === "gap") {
      const first = seen.get(pass.from) ?? Date.now();
      seen.set(pass.from, first);
      const wait = first + grace - Date.now();
      if (wait > 0) {
        if (!options.settle) break;
        await sleep(wait);
      }
      const filled = await fillGap(db, pass.from, pass.to, keyring);
      if (filled === "in_flight") {
        if (!options.settle) break;
        continue;
      }
      result.filled += filled;
      seen.delete(pass.from);
      continue;
    }
    if (pass.linked < BATCH) break;
  }
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(isNull(auditEvents.hash));
  result.pending = Number(left?.n ?? 0);
  return result;
}

export interface AuditLinker {
  /** links now (coalesced with a run under way) */
  link(): Promise<LinkResult>;
  /** stops the interval and links what is committed (at shutdown) */
  stop(): Promise<void>;
}

/**
 * How often the chaining writer looks while this process appends nothing: for events that
 * other writers committed (another node's linker links its own node's at once; a script
 * such as db:seed has none). Each look is one query, which on the embedded PGlite runs on
 * this process's thread: five a second were most of an idle server's CPU (issue 16,
 * bench/server-idle.ts).
 */
export const LINK_IDLE_INTERVAL_MS = 5_000;
/**
 * After an append here, how long the writer keeps linking at its short interval: the
 * appending transaction commits within it (else the idle look finds the event), and a gap's
 * grace ends within it.
 */
const LINK_ACTIVE_MS = 5_000;

/**
 * The chaining writer of this process: every intervalMs (AUDIT_LINK_INTERVAL_MS) for
 * LINK_ACTIVE_MS after an event was appended in this process (auditAppended) or while
 * events are left pending, else every idleIntervalMs (LINK_IDLE_INTERVAL_MS).
 */
export function startAuditLinker(
  db: Db,
  options: { intervalMs: number; idleIntervalMs?: number; activeMs?: number; keyring?: AuditKeyring },
): AuditLinker {
  if (!options.keyring) auditKeyring();
  const idleMs = Math.max(options.intervalMs, options.idleIntervalMs ?? LINK_IDLE_INTERVAL_MS);
  const activeMs = options.activeMs ?? LINK_ACTIVE_MS;
  let running: Promise<LinkResult> | undefined;
  let lastComplaint = "";
  // linking at the short interval until then; the last look began at lastLook
  let activeUntil = Date.now() + activeMs;
  let lastLook = -Infinity;
  onAuditAppended(() => (activeUntil = Date.now() + activeMs));
  const link = (settle = false) => {
    running ??= linkAuditEvents(db, { keyring: options.keyring, settle }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    const now = Date.now();
    if (now >= activeUntil && now - lastLook < idleMs) return;
    lastLook = now;
    link().then(
      (r) => {
        if (r.pending > 0) activeUntil = Math.max(activeUntil, Date.now() + activeMs);
        const complaint = r.stuck ?? "";
        if (complaint && complaint !== lastComplaint) logger.error(`[audit] linking stopped: ${complaint}`);
        lastComplaint = complaint;
      },
      (err: unknown) => {
        const message =
          err instanceof Error && err.message.startsWith("Failed query")
            ? "database query failed"
            : String((err as Error)?.message ?? err);
        if (message !== lastComplaint) logger.error(`[audit] linking failed: ${message}`);
        lastComplaint = message;
      },
    );
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  let stopped = false;
  return {
    link: () => link(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      onAuditAppended(undefined);
      await running?.catch(() => undefined);
      await link(true).catch((err: unknown) =>
        logger.error(`[audit] last linking failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    },
  };
}
