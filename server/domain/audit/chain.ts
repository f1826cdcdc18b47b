import { createHash } from "node:crypto";

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

export function hashAuditEvent(e: ChainedFields): string {
  const body = canonicalJson({
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
  });
  return createHash("sha256").update(body).digest("hex");
}
