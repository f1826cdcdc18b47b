import {
  Deadline,
  FetchFailure,
  failureOf,
  readCapped,
  type FetchFailureReason,
} from "../records/fhir-fetch";

/**
 * Reading DICOM JSON (QIDO-RS answers) from a facility's PACS, as defensively
 * as the record timeline reads FHIR: no redirects, the JSON type required, the
 * body capped while it streams, strict UTF-8, an array of objects. Attribute
 * values are read by tag with their expected shape; anything else is absent.
 */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const DICOM_JSON_TYPE = /^application\/(dicom\+)?json\s*(;|$)/i;

export async function fetchDicomJson(
  url: string,
  options: { signal: AbortSignal; maxBytes: number },
): Promise<DicomJson[]> {
  const { signal, maxBytes } = options;
  try {
    const res = await fetch(url, {
      headers: { Accept: "application/dicom+json" },
      redirect: "manual",
      signal,
      cache: "no-store",
    });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("redirect", `redirected (${res.status})`, res.status);
    }
    // QIDO answers "nothing matched" with 204 and no body
    if (res.status === 204) {
      await res.body?.cancel().catch(() => undefined);
      return [];
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("http_status", `HTTP ${res.status}`, res.status);
    }
    if (!DICOM_JSON_TYPE.test(res.headers.get("content-type") ?? "")) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure("content_type", "not DICOM JSON");
    }
    const bytes = await readCapped(res.body, maxBytes);
    let parsed: unknown;
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      parsed = text.trim() === "" ? [] : JSON.parse(text);
    } catch {
      throw new FetchFailure("invalid_json", "not JSON");
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((d) => typeof d === "object" && d !== null && !Array.isArray(d))
    ) {
      throw new FetchFailure("invalid_fhir", "not a DICOM JSON array");
    }
    return parsed as DicomJson[];
  } catch (e) {
    throw failureOf(e, signal);
  }
}

/** A PACS's answer within a deadline, as a value or the reason it failed (never throws). */
export async function withinDeadline<T>(
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: FetchFailureReason; httpStatus: number | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Deadline("pacs deadline")), timeoutMs);
  try {
    return { ok: true, value: await run(controller.signal) };
  } catch (e) {
    const failure = e instanceof FetchFailure ? e : failureOf(e, controller.signal);
    return { ok: false, reason: failure.reason, httpStatus: failure.httpStatus ?? null };
  } finally {
    clearTimeout(timer);
    controller.abort(new Deadline("done"));
  }
}

export function text(d: DicomJson, tag: string): string | null {
  const v = d[tag]?.Value?.[0];
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && "Alphabetic" in v) {
    const a = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof a === "string" ? a : null;
  }
  return null;
}

export function texts(d: DicomJson, tag: string): string[] {
  return (d[tag]?.Value ?? []).filter((v): v is string => typeof v === "string");
}

export function count(d: DicomJson, tag: string): number | null {
  const v = d[tag]?.Value?.[0];
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export const isUid = (v: string | null): v is string =>
  v !== null && /^[0-9]+(\.[0-9]+)*$/.test(v) && v.length <= 64;

/** DICOM DA (YYYYMMDD) as YYYY-MM-DD, or null. */
export function dicomDate(v: string | null): string | null {
  const m = v ? /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim()) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export const TAG = {
  studyDate: "00080020",
  modalitiesInStudy: "00080061",
  modality: "00080060",
  studyDescription: "00081030",
  seriesDescription: "0008103E",
  patientId: "00100020",
  studyUid: "0020000D",
  seriesUid: "0020000E",
  seriesNumber: "00200011",
  studySeries: "00201206",
  studyInstances: "00201208",
  seriesInstances: "00201209",
} as const;
