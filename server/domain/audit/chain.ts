import { createHash, createHmac } from "node:crypto";
import type { AuditKey } from "./audit-keys";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedFields {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorFacilityId: string | null;
  patientId: string | null;
  action: string;
  purpose: string;
  outcome: string;
  details: Record<string, unknown>;
  ip: string;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the database's jsonb key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function chainBody(e: ChainedFields, keyId: string | null): string {
  return canonicalJson({
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    actorFacilityId: e.actorFacilityId,
    patientId: e.patientId,
    action: e.action,
    purpose: e.purpose,
    outcome: e.outcome,
    details: e.details,
    ip: e.ip,
    prevHash: e.prevHash,
    // absent from the legacy body, so events written before keying hash as they did
    ...(keyId === null ? {} : { keyId }),
  });
}

/** The unkeyed SHA-256 link of events written before the chain was keyed (no keyId). */
export function hashAuditEvent(e: ChainedFields): string {
  return createHash("sha256").update(chainBody(e, null)).digest("hex");
}

/**
 * The keyed link: an HMAC under a key kept outside the database, over the event,
 * the hash before it and the key's id. Without the key a changed event cannot be
 * given a hash that verifies.
 */
export function sealAuditEvent(e: ChainedFields, key: AuditKey): string {
  return createHmac("sha256", key.secret)
    .update("okinet-audit-event\n")
    .update(chainBody(e, key.id))
    .digest("hex");
}
