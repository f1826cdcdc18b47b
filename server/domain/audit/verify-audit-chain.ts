import { asc, desc, eq, gt, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { GENESIS_HASH, hashAuditEvent, sealAuditEvent } from "./chain";
import { DomainError, msg } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../model/permissions";
import { auditKeyring, type AuditKeyring } from "./audit-keys";
import { auditCheckpointFile, readCheckpointLog } from "./checkpoint-file";
import { linkAuditEvents } from "./link-audit-events";
import { auditOfAudit } from "./audit-of-audit";

/**
 * What verification found, each naming the event concerned: deleted (a gap in
 * the sequence), altered (content that no longer matches its hash), unkeyed (an
 * event rehashed without the key after keying began), unknown_key, rewritten (an
 * event whose hash differs from a checkpoint taken outside the database),
 * truncated (the log ends before a checkpointed event), checkpoints (the
 * checkpoint file itself was edited) and trigger (the append-only trigger is
 * disabled or gone).
 */
export type AuditFindingKind =
  | "deleted"
  | "unlinked"
  | "altered"
  | "unkeyed"
  | "unknown_key"
  | "rewritten"
  | "truncated"
  | "checkpoints"
  | "trigger";

export interface AuditFinding {
  kind: AuditFindingKind;
  seq: number | null;
  message: string;
}

export type ChainVerdict =
  | {
      ok: true;
      events: number;
      lastSeq: number;
      lastHash: string;
      /** the first event sealed with a key; events before it are the legacy SHA-256 chain */
      keyedFromSeq: number | null;
      /** checkpoints compared against the log */
      checkpoints: number;
      /** events committed but not linked into the chain yet (see link-audit-events.ts) */
      pending: number;
    }
  | {
      ok: false;
      events: number;
      /** the first finding's event, if it names one */
      brokenAtSeq: number | null;
      reason: string;
      findings: AuditFinding[];
    };

export interface VerifyOptions {
  pageSize?: number;
  keyring?: AuditKeyring;
  /** compare the log with this checkpoint file (absent: the chain and triggers only) */
  checkpointFile?: string;
  /** check that the append-only triggers are in place and enabled (default true) */
  triggers?: boolean;
  /** link the events committed but not yet linked first (default true; see link-audit-events.ts) */
  link?: boolean;
}

export interface ChainPosition {
  seq: number;
  hash: string;
  /** whether the event at seq was sealed with a key: no unkeyed event may follow */
  keyed: boolean;
}

export const CHAIN_START: ChainPosition = { seq: 0, hash: GENESIS_HASH, keyed: false };

/**
 * Walks the chain after `from` in pages (up to `upToSeq` when given) and stops
 * at the first event that does not follow, link or hash. `visit` sees every
 * event that passed.
 */
export async function walkAuditChain(
  db: Db,
  from: ChainPosition,
  options: {
    keyring: AuditKeyring;
    pageSize?: number;
    upToSeq?: number;
    visit?: (seq: number, hash: string) => void;
  },
): Promise<{ end: ChainPosition; events: number; keyedFromSeq: number | null; finding?: AuditFinding }> {
  const { keyring, pageSize = 5000, upToSeq, visit } = options;
  let at = from;
  let events = 0;
  let keyedFromSeq: number | null = null;
  let pendingFrom: number | null = null;
  let after = from.seq;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const e of page) {
      if (upToSeq !== undefined && e.seq > upToSeq) return { end: at, events, keyedFromSeq };
      const seq = at.seq + 1;
      const stop = (kind: AuditFindingKind, at_: number, message: string) => ({
        end: at,
        events,
        keyedFromSeq,
        finding: { kind, seq: at_, message },
      });
      if (e.hash === null) {
        // not linked yet: the chain ends here, unless a linked event follows
        pendingFrom ??= e.seq;
        continue;
      }
      if (pendingFrom !== null)
        return stop(
          "unlinked",
          pendingFrom,
          `event #${pendingFrom} is not linked although event #${e.seq} after it is (its link was removed)`,
        );
      if (e.seq !== seq) return stop("deleted", seq, `event #${seq} is missing (deleted)`);
      if (e.prevHash !== at.hash)
        return stop("unlinked", seq, `event #${seq} does not link to the event before it`);
      if (e.keyId === null) {
        if (at.keyed)
          return stop(
            "unkeyed",
            seq,
            `event #${seq} has no key although events before it are keyed: rewritten and rehashed without the key`,
          );
        if (hashAuditEvent({ ...e, prevHash: e.prevHash ?? "" }) !== e.hash)
          return stop("altered", seq, `event #${seq}: its content does not match its hash (changed)`);
      } else {
        const key = keyring.get(e.keyId);
        if (!key)
          return stop(
            "unknown_key",
            seq,
            `event #${seq} is sealed with key "${e.keyId}", which is not configured (AUDIT_KEYS / AUDIT_KEY_FILE)`,
          );
        if (sealAuditEvent({ ...e, prevHash: e.prevHash ?? "" }, key) !== e.hash)
          return stop(
            "altered",
            seq,
            `event #${seq}: its content does not match its keyed hash (changed after it was written)`,
          );
        keyedFromSeq ??= seq;
      }
      visit?.(seq, e.hash);
      at = { seq, hash: e.hash, keyed: e.keyId !== null };
      events += 1;
    }
    after = page.at(-1)?.seq ?? after;
    if (page.length < pageSize) return { end: at, events, keyedFromSeq };
  }
}

const TRIGGERS = ["audit_events_no_update_delete", "audit_events_no_truncate"];

async function triggerFindings(db: Db): Promise<AuditFinding[]> {
  const rows = await queryRows<{ name: string; enabled: string }>(
    db,
    sql`select tgname as name, tgenabled::text as enabled from pg_trigger
        where tgrelid = 'audit_events'::regclass and not tgisinternal`,
  );
  const findings: AuditFinding[] = [];
  for (const name of TRIGGERS) {
    const row = rows.find((r) => r.name === name);
    if (!row) findings.push({ kind: "trigger", seq: null, message: `trigger ${name} is missing (dropped)` });
    else if (row.enabled === "D")
      findings.push({
        kind: "trigger",
        seq: null,
        message: `trigger ${name} is disabled: the log can be changed`,
      });
  }
  return findings;
}

/**
 * Walks the whole chain and names what is wrong: the first event that does not
 * follow, link or hash; with a checkpoint file, every checkpointed event whose
 * hash differs and a log that ends before the last checkpoint; and disabled
 * append-only triggers.
 */
export async function verifyAuditChain(
  db: Db,
  pageSizeOrOptions: number | VerifyOptions = {},
): Promise<ChainVerdict> {
  const options = typeof pageSizeOrOptions === "number" ? { pageSize: pageSizeOrOptions } : pageSizeOrOptions;
  const keyring = options.keyring ?? auditKeyring();
  const findings: AuditFinding[] = [];
  const linked = options.link === false ? undefined : await linkAuditEvents(db, { keyring, settle: true });

  const log = options.checkpointFile ? await readCheckpointLog(options.checkpointFile, keyring) : undefined;
  for (const problem of log?.problems ?? [])
    findings.push({ kind: "checkpoints", seq: null, message: problem });
  const expected = new Map<number, { hash: string; at: string; line: number }[]>();
  for (const c of log?.checkpoints ?? []) {
    const list = expected.get(c.seq) ?? [];
    list.push({ hash: c.hash, at: c.at, line: c.line });
    expected.set(c.seq, list);
  }
  const chainFindings: AuditFinding[] = [];
  const walk = await walkAuditChain(db, CHAIN_START, {
    keyring,
    pageSize: options.pageSize,
    visit: (seq, hash) => {
      const differing = expected.get(seq)?.find((c) => c.hash !== hash);
      if (differing)
        chainFindings.push({
          kind: "rewritten",
          seq,
          message: `event #${seq} differs from the checkpoint of ${differing.at} (line ${differing.line}): rewritten`,
        });
    },
  });
  if (walk.finding) chainFindings.push(walk.finding);
  // past a break the walk cannot go on, but the newest checkpoint still says
  // whether its event is there and unchanged
  const newest = log?.checkpoints.reduce<(typeof log.checkpoints)[number] | undefined>(
    (a, c) => (!a || c.seq > a.seq ? c : a),
    undefined,
  );
  if (newest && newest.seq > walk.end.seq) {
    const [row] = await db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.seq, newest.seq));
    const [tail] = await db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const end = tail?.seq ?? 0;
    if (!row && end < newest.seq)
      chainFindings.push({
        kind: "truncated",
        seq: end + 1,
        message: `the log ends at event #${end}, but the checkpoint of ${newest.at} (line ${newest.line}) recorded event #${newest.seq}: events #${end + 1} to #${newest.seq} were removed (truncated)`,
      });
    else if (row?.hash !== newest.hash)
      chainFindings.push({
        kind: "rewritten",
        seq: newest.seq,
        message: `event #${newest.seq} differs from the checkpoint of ${newest.at} (line ${newest.line}): rewritten`,
      });
  }
  findings.unshift(...chainFindings.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
  if (options.triggers ?? true) findings.push(...(await triggerFindings(db)));

  const first = findings[0];
  if (first)
    return { ok: false, events: walk.events, brokenAtSeq: first.seq, reason: first.message, findings };
  return {
    ok: true,
    events: walk.events,
    lastSeq: walk.end.seq,
    lastHash: walk.end.hash,
    keyedFromSeq: walk.keyedFromSeq,
    pending: linked?.pending ?? 0,
    checkpoints: log?.checkpoints.length ?? 0,
  };
}

/** The network office's check from the audit page; the check itself is audited. */
export async function verifyAuditChainAsOffice(db: Db, actor: Actor): Promise<ChainVerdict> {
  if (!isNetworkAdmin(actor)) throw new DomainError("FORBIDDEN", msg("audit.networkOfficeOnly"));
  const verdict = await verifyAuditChain(db, { checkpointFile: auditCheckpointFile() });
  await auditOfAudit(db, actor, "audit.verify", {
    outcome: verdict.ok ? "success" : "failure",
    details: verdict.ok
      ? { events: verdict.events }
      : {
          events: verdict.events,
          brokenAtSeq: verdict.brokenAtSeq,
          kinds: verdict.findings.map((f) => f.kind),
        },
  });
  return verdict;
}
