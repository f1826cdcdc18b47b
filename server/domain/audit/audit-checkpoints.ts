import { execFile } from "node:child_process";
import { desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { env } from "../../env";
import { log as logger } from "../../log";
import { auditKeyring, type AuditKeyring } from "./audit-keys";
import {
  appendCheckpoint,
  auditCheckpointFile,
  readCheckpointLog,
  type AuditCheckpoint,
} from "./checkpoint-file";
import { linkAuditEvents } from "./link-audit-events";
import { walkAuditChain, type AuditFinding, type ChainPosition } from "./verify-audit-chain";

export type CheckpointOutcome =
  | { kind: "written"; checkpoint: AuditCheckpoint }
  | { kind: "unchanged" }
  | { kind: "refused"; finding: AuditFinding };

export interface AuditCheckpointer {
  /** Checkpoints the chain's head now, if it moved since the last checkpoint. */
  checkpoint(): Promise<CheckpointOutcome>;
  /** Stops the interval and writes a last checkpoint (at shutdown). */
  stop(): Promise<void>;
}

export interface AuditCheckpointOptions {
  file?: string;
  /** 0: no interval, only checkpoint() and stop() */
  intervalMs?: number;
  syslog?: boolean;
  keyring?: AuditKeyring;
}

/**
 * Records the audit chain's head outside the database, at start, every
 * AUDIT_CHECKPOINT_INTERVAL_SECONDS and at shutdown, so that `audit:verify`
 * can name a rewrite, a deletion or a truncation of what was checkpointed. A
 * head is written only after the events since the previous checkpoint verified
 * (their links and keyed hashes), and the previous checkpointed event still
 * holds its hash; otherwise nothing is written and the finding is logged
 * (ids and hashes only), so a tampered log is never vouched for.
 */
export function startAuditCheckpoints(db: Db, options: AuditCheckpointOptions = {}): AuditCheckpointer {
  const e = env();
  // a server that cannot seal its audit log stops here, at start-up, not at its first event
  if (!options.keyring) auditKeyring();
  const file = options.file ?? auditCheckpointFile();
  const intervalMs = options.intervalMs ?? e.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000;
  const syslog = options.syslog ?? e.AUDIT_CHECKPOINT_SYSLOG;
  let state: { last: ChainPosition | null; lastLineHash: string } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let lastComplaint = "";
  let stopped = false;

  const complain = (message: string) => {
    if (message === lastComplaint) return;
    lastComplaint = message;
    logger.error(`[audit] checkpoint not written: ${message}`);
  };

  const once = async (): Promise<CheckpointOutcome> => {
    const keyring = options.keyring ?? auditKeyring();
    if (!state) {
      const log = await readCheckpointLog(file, keyring);
      for (const problem of log.problems) logger.error(`[audit] ${file}: ${problem}`);
      const lastCp = log.checkpoints.at(-1);
      state = {
        last: lastCp ? { seq: lastCp.seq, hash: lastCp.hash, keyed: true } : null,
        lastLineHash: log.lastLineHash,
      };
    }
    // link what is committed, then vouch for the linked head
    await linkAuditEvents(db, { keyring });
    const [linkedHead] = await db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.hash))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const head = linkedHead?.hash ? { seq: linkedHead.seq, hash: linkedHead.hash } : undefined;
    const last = state.last;
    const refuse = (finding: AuditFinding): CheckpointOutcome => {
      complain(finding.message);
      return { kind: "refused", finding };
    };
    if (last) {
      if (!head || head.seq < last.seq)
        return refuse({
          kind: "truncated",
          seq: (head?.seq ?? 0) + 1,
          message: `the log ends at event #${head?.seq ?? 0}, but event #${last.seq} was checkpointed (truncated)`,
        });
      const [anchor] = await db
        .select({ hash: auditEvents.hash, keyId: auditEvents.keyId })
        .from(auditEvents)
        .where(eq(auditEvents.seq, last.seq));
      if (anchor?.hash !== last.hash)
        return refuse({
          kind: "rewritten",
          seq: last.seq,
          message: `event #${last.seq} differs from its checkpoint (rewritten)`,
        });
      if (head.seq === last.seq) return { kind: "unchanged" };
      const walk = await walkAuditChain(
        db,
        { ...last, keyed: anchor.keyId !== null },
        {
          keyring,
          upToSeq: head.seq,
        },
      );
      if (walk.finding) return refuse(walk.finding);
    } else if (!head) {
      return { kind: "unchanged" };
    }
    // the first checkpoint of a file vouches for the head as found (trust on first use)
    const written = await appendCheckpoint(file, head, keyring.active, state.lastLineHash);
    state = { last: { ...head, keyed: true }, lastLineHash: written.lineHash };
    lastComplaint = "";
    if (syslog) toSyslog(written.checkpoint);
    return { kind: "written", checkpoint: written.checkpoint };
  };

  const checkpoint = () => {
    const run = queue.then(once, once);
    queue = run.catch(() => undefined);
    return run;
  };
  let lastFailure = "";
  const tick = () => {
    checkpoint().then(
      () => (lastFailure = ""),
      (err: unknown) => {
        // once per kind of failure (the database may be down for a while)
        const message = failureMessage(err);
        if (message !== lastFailure) logger.error(`[audit] checkpoint failed: ${message}`);
        lastFailure = message;
      },
    );
  };

  tick();
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : undefined;
  timer?.unref();
  return {
    checkpoint,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await checkpoint().catch((err: unknown) =>
        logger.error(`[audit] last checkpoint failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    },
  };
}

/** The driver's own words, never drizzle's "Failed query: … params: …" (no query parameters in logs). */
function failureMessage(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith("Failed query:") ? "database query failed" : message;
}

let syslogFailed = false;
function toSyslog(c: AuditCheckpoint) {
  const line = `audit checkpoint seq=${c.seq} hash=${c.hash} at=${c.at} key=${c.keyId} mac=${c.mac}`;
  execFile("logger", ["-t", "okinet-audit", "-p", "authpriv.notice", "--", line], (err) => {
    if (err && !syslogFailed) {
      syslogFailed = true;
      logger.error(`[audit] syslog copy of the checkpoint failed: ${err.message}`);
    }
  });
}
