import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../../env";
import type { AuditKey, AuditKeyring } from "./audit-keys";
import { canonicalJson, GENESIS_HASH } from "./chain";

/**
 * The checkpoint file: one JSON line per checkpoint of the chain's head, each
 * signed (HMAC under the audit key it names) and linked to the line before it.
 * It lives outside the database, so the head it records survives a rewrite or a
 * truncation of the table. Lines are only ever appended.
 */
export interface AuditCheckpoint {
  v: 1;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  /** SHA-256 of the previous line's text; GENESIS_HASH for the first */
  prev: string;
  mac: string;
}

const Line = z.object({
  v: z.literal(1),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  keyId: z.string(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

function macOf(c: Omit<AuditCheckpoint, "mac">, key: AuditKey): string {
  const { v, seq, hash, at, keyId, prev } = c;
  return createHmac("sha256", key.secret)
    .update("okinet-audit-checkpoint\n")
    .update(canonicalJson({ v, seq, hash, at, keyId, prev }))
    .digest("hex");
}

/** AUDIT_CHECKPOINT_FILE, or audit-checkpoints.jsonl in DATA_DIR. */
export function auditCheckpointFile(): string {
  const e = env();
  return e.AUDIT_CHECKPOINT_FILE ?? path.join(e.DATA_DIR, "audit-checkpoints.jsonl");
}

export const lineHash = (line: string) => createHash("sha256").update(line).digest("hex");

export interface CheckpointLog {
  /** the lines that parse, signed and linked or not, in file order */
  checkpoints: (AuditCheckpoint & { line: number })[];
  /** what is wrong with the file itself: bad signatures, broken links, order */
  problems: string[];
  /**
   * Lines that do not parse. Not a problem by themselves: a crash mid-append
   * tears a line, and the next one links past it; an edited line breaks the link
   * of the line after it, which is a problem.
   */
  unreadable: number[];
  /** SHA-256 of the last line that parses, to link the next one to */
  lastLineHash: string;
}

/** Reads and checks the whole file; a missing file is an empty log. */
export async function readCheckpointLog(file: string, keyring: AuditKeyring): Promise<CheckpointLog> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      return { checkpoints: [], problems: [], unreadable: [], lastLineHash: GENESIS_HASH };
    throw err;
  }
  const log: CheckpointLog = { checkpoints: [], problems: [], unreadable: [], lastLineHash: GENESIS_HASH };
  let lastSeq = 0;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.trim()) return;
    let parsed: AuditCheckpoint;
    try {
      parsed = Line.parse(JSON.parse(raw));
    } catch {
      log.unreadable.push(lineNo);
      return;
    }
    const key = keyring.get(parsed.keyId);
    if (!key) {
      log.problems.push(
        `checkpoint line ${lineNo} is signed with key "${parsed.keyId}", which is not configured`,
      );
    } else if (!timingSafeEqual(Buffer.from(macOf(parsed, key)), Buffer.from(parsed.mac))) {
      log.problems.push(`checkpoint line ${lineNo} has a signature that does not match (edited)`);
    }
    if (parsed.prev !== log.lastLineHash) {
      log.problems.push(
        `checkpoint line ${lineNo} does not follow the line before it (lines removed or edited)`,
      );
    }
    if (parsed.seq < lastSeq) {
      log.problems.push(
        `checkpoint line ${lineNo} records event #${parsed.seq}, before the previous #${lastSeq}`,
      );
    }
    lastSeq = Math.max(lastSeq, parsed.seq);
    log.checkpoints.push({ ...parsed, line: lineNo });
    log.lastLineHash = lineHash(raw);
  });
  return log;
}

/**
 * Appends one signed line and flushes it to disk before returning. A line torn
 * by a crash is ended first, so the new one stays readable.
 */
export async function appendCheckpoint(
  file: string,
  head: { seq: number; hash: string },
  key: AuditKey,
  prevLineHash: string,
  at = new Date(),
): Promise<{ checkpoint: AuditCheckpoint; lineHash: string }> {
  await mkdir(path.dirname(file), { recursive: true });
  const unsigned = {
    v: 1 as const,
    seq: head.seq,
    hash: head.hash,
    at: at.toISOString(),
    keyId: key.id,
    prev: prevLineHash,
  };
  const checkpoint: AuditCheckpoint = { ...unsigned, mac: macOf(unsigned, key) };
  const line = JSON.stringify(checkpoint);
  const fh = await open(file, "a+", 0o600);
  try {
    const { size } = await fh.stat();
    let torn = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      torn = last[0] !== 0x0a;
    }
    await fh.appendFile(`${torn ? "\n" : ""}${line}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { checkpoint, lineHash: lineHash(line) };
}
