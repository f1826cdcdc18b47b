import { createHash } from "node:crypto";

/**
 * Small value builders shared by the FHIR document exports: deterministic
 * UUIDs, Japan-time date strings and the national document identifier.
 */

/** RFC 4122 name-based UUID (version 5, SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replaceAll("-", ""), "hex");
  if (ns.length !== 16) throw new TypeError(`not a UUID: ${namespace}`);
  const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString("hex");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/**
 * The namespace of every fullUrl our exports mint. A fixed value, so the same
 * document exported twice gets the same fullUrls (and so the same bytes).
 */
const EXPORT_NAMESPACE = "a3d5f0c2-6b1e-4f7a-9c38-2e5d7b9f1a64";

export function exportUrn(name: string): string {
  return `urn:uuid:${uuidV5(EXPORT_NAMESPACE, name)}`;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

function jstIso(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO instant: ${instant}`);
  // Shift to Japan time and read the UTC fields: independent of the process TZ.
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 23);
}

/** "2026-11-20T10:30:00.000+09:00": an instant in Japan time, milliseconds kept (Bundle.timestamp). */
export function jstInstant(instant: string): string {
  return `${jstIso(instant)}+09:00`;
}

/** "2026-11-20T10:30:00+09:00": to the second, as the guide asks for Composition.date. */
export function jstDateTime(instant: string): string {
  return `${jstIso(instant).slice(0, 19)}+09:00`;
}

/** "2026-11-20": the calendar day in Japan. */
export function jstDate(instant: string): string {
  return jstIso(instant).slice(0, 10);
}

/** "2026年11月20日" for a YYYY-MM-DD date, as narratives write it. */
export function japaneseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const FACILITY_CODE = /^\d{10}$/;
/** JP-CLINS rule R2152 for the third part of a document identifier */
const DOCUMENT_NUMBER = /^[A-Za-z0-9-]{1,36}$/;

/**
 * "<10-digit institution code>^<year of issue>^<document number>", the value of
 * both Bundle.identifier and Composition.identifier in JP-CLINS documents. A
 * value that breaks the national format is a bug upstream, not a user error,
 * so it throws rather than exporting a document receivers would reject.
 */
export function documentIdentifierValue(
  facilityCode: string,
  issuedAt: string,
  documentNumber: string,
): string {
  if (!FACILITY_CODE.test(facilityCode)) {
    throw new TypeError(`medical-institution code must be 10 digits: ${JSON.stringify(facilityCode)}`);
  }
  if (!DOCUMENT_NUMBER.test(documentNumber)) {
    throw new TypeError(
      `document number must be 1-36 letters, digits or hyphens: ${JSON.stringify(documentNumber)}`,
    );
  }
  return `${facilityCode}^${jstDate(issuedAt).slice(0, 4)}^${documentNumber}`;
}

/**
 * RFC 6920 "ni" URI naming content by its SHA-256 digest, e.g.
 * "ni:///sha-256;n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg".
 */
export function niSha256Uri(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/i.test(sha256Hex)) throw new TypeError(`not a SHA-256 hex digest: ${sha256Hex}`);
  return `ni:///sha-256;${Buffer.from(sha256Hex, "hex").toString("base64url")}`;
}

/** Optional text: FHIR forbids empty strings, so an empty or blank value is left out. */
export function present(value: string | null | undefined): string | undefined {
  return value && value.trim() !== "" ? value : undefined;
}
