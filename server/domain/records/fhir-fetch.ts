/**
 * Reading one FHIR JSON answer from a facility, defensively: no redirects
 * followed (a redirect could leave the facility's endpoint), a JSON content type
 * required, the body counted while it streams and abandoned past the cap, strict
 * UTF-8. Every failure is a FetchFailure with a reason the UI can name.
 */

export const FETCH_FAILURES = [
  "timeout",
  "too_large",
  "unreachable",
  "http_status",
  "redirect",
  "content_type",
  "invalid_json",
  "invalid_fhir",
] as const;
export type FetchFailureReason = (typeof FETCH_FAILURES)[number];

export class FetchFailure extends Error {
  override name = "FetchFailure";
  constructor(
    readonly reason: FetchFailureReason,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** The abort reason of a deadline, told apart from other aborts. */
export class Deadline extends Error {
  override name = "Deadline";
}

const JSON_TYPE = /^application\/(fhir\+)?json\s*(;|$)/i;

/** Maps whatever fetch or a body read threw to a FetchFailure, given the signal that may have been aborted. */
export function failureOf(e: unknown, signal: AbortSignal): FetchFailure {
  if (e instanceof FetchFailure) return e;
  if (signal.aborted && signal.reason instanceof Deadline) return new FetchFailure("timeout", "timed out");
  if (signal.aborted && signal.reason instanceof FetchFailure) return signal.reason;
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  return new FetchFailure("unreachable", cause ? `unreachable (${cause})` : "unreachable");
}

/**
 * Reads a body to its end, up to `maxBytes`: past it the stream is cancelled and
 * too_large thrown; nothing beyond the cap is kept.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number) {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchFailure("too_large", `more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

export async function fetchFhirJson(
  url: string,
  options: { signal: AbortSignal; maxBytes: number },
): Promise<unknown> {
  const { signal, maxBytes } = options;
  try {
    const res = await fetch(url, {
      headers: { Accept: "application/fhir+json" },
      redirect: "manual",
      signal,
      cache: "no-store",
    });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("redirect", `redirected (${res.status})`, res.status);
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("http_status", `HTTP ${res.status}`, res.status);
    }
    const type = res.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("content_type", "not JSON");
    }
    const declared = Number(res.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("too_large", `declared ${declared} bytes`);
    }
    const bytes = await readCapped(res.body, maxBytes);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new FetchFailure("invalid_json", "not UTF-8");
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new FetchFailure("invalid_json", "not JSON");
    }
  } catch (e) {
    throw failureOf(e, signal);
  }
}
