import { randomBytes } from "node:crypto";
import { Deadline, FetchFailure, failureOf, readCapped } from "../records/fhir-fetch";

/**
 * STOW-RS (PS3.18 10.5): stores DICOM instances in a facility's PACS, a batch
 * per request (multipart/related; type="application/dicom"), each batch within
 * the deadline. A batch counts as stored only when the PACS answers 200 with no
 * failed instance in its answer; anything else stops the store and says how far
 * it got. The PACS address stays on the server.
 */
export interface StowOutcome {
  ok: boolean;
  stored: number;
  /** why it stopped, when it did */
  reason?: string;
}

const FAILED_SOP_SEQUENCE = "00081198";
const REFERENCED_SOP_SEQUENCE = "00081199";
const BATCH_BYTES = 16 * 1024 * 1024;

async function stowBatch(base: URL, parts: Buffer[], timeoutMs: number): Promise<void> {
  const boundary = `okinet-${randomBytes(12).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      part,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Deadline("stow deadline")), timeoutMs);
  try {
    const res = await fetch(new URL("studies", base), {
      method: "POST",
      headers: {
        "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`,
        Accept: "application/dicom+json",
      },
      body: Buffer.concat(chunks),
      redirect: "manual",
      signal: controller.signal,
    });
    const answer = await readCapped(res.body, 1024 * 1024).catch(() => new Uint8Array());
    if (res.status !== 200) throw new FetchFailure("http_status", `HTTP ${res.status}`, res.status);
    // the answer lists what was stored and what failed (an empty failed sequence is a success)
    let stored = -1;
    try {
      const json = JSON.parse(Buffer.from(answer).toString("utf8")) as Record<string, { Value?: unknown[] }>;
      if ((json[FAILED_SOP_SEQUENCE]?.Value ?? []).length === 0) {
        stored = json[REFERENCED_SOP_SEQUENCE]?.Value?.length ?? -1;
      }
    } catch {
      throw new FetchFailure("invalid_json", "not a STOW-RS answer");
    }
    if (stored !== parts.length) throw new FetchFailure("http_status", "instances refused", res.status);
  } catch (e) {
    throw failureOf(e, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Stores the instances (produced one at a time, so the disc is never held whole) in batches. */
export async function stowInstances(
  base: URL,
  instances: AsyncIterable<Buffer>,
  options: { timeoutMs: number },
): Promise<StowOutcome> {
  let stored = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await stowBatch(base, batch, options.timeoutMs);
    stored += batch.length;
    batch = [];
    batchBytes = 0;
  };
  try {
    for await (const instance of instances) {
      if (batchBytes + instance.byteLength > BATCH_BYTES) await flush();
      batch.push(instance);
      batchBytes += instance.byteLength;
    }
    await flush();
    return { ok: true, stored };
  } catch (e) {
    const reason = e instanceof FetchFailure ? e.reason : "unreachable";
    return { ok: false, stored, reason };
  }
}
