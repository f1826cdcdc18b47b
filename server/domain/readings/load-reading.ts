import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { practitioners, readingRequests } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor, Profession } from "../../model/permissions";
import { isUuid } from "../../validation";
import type { AuditAction } from "../audit/audit.schema";
import { requirePatientAccess } from "../consent/check-patient-access";
import type { ReadingSide } from "./reading-status";
import { auditReadings } from "./readings-audit";

export type ReadingRequest = typeof readingRequests.$inferSelect;

/** Who asks for readings and who reads (and signs) them: doctors. */
export const READING_PROFESSIONS: readonly Profession[] = ["physician", "dentist"];
/** Who reports: the reading hospital's physicians (a radiologist is one). */
export const REPORTING_PROFESSIONS: readonly Profession[] = ["physician"];

export interface ReadingAccess {
  request: ReadingRequest;
  side: ReadingSide;
}

const notFound = () => new DomainError("NOT_FOUND", msg("readings.readingNotFound"));

/**
 * The actor's view of one reading request: their facility asked for it or was
 * asked to read it, AND the patient's consent includes their facility with
 * clinical data for their profession (the one access rule). Anyone else learns
 * nothing, not even that it exists; the attempt is audited.
 */
export async function loadReading(
  db: Db,
  actor: Actor,
  readingId: string,
  action: Extract<AuditAction, `reading.${string}`>,
): Promise<ReadingAccess> {
  if (!isUuid(readingId)) throw notFound();
  const [request] = await db.select().from(readingRequests).where(eq(readingRequests.id, readingId));
  if (!request) throw notFound();
  const side: ReadingSide | null =
    request.readingFacilityId === actor.facilityId
      ? "reading"
      : request.requesterFacilityId === actor.facilityId
        ? "requester"
        : null;
  if (!side) {
    await auditReadings(db, actor, action, {
      patientId: request.patientId,
      outcome: "denied",
      details: { readingId, reason: "not_party" },
    });
    throw notFound();
  }
  await requirePatientAccess(db, actor, request.patientId, "clinical", action);
  return { request, side };
}

/** Inside a command's transaction: the row again, locked, so commands on one request queue up. */
export async function lockReading(tx: Db, readingId: string): Promise<ReadingRequest> {
  const [request] = await tx
    .select()
    .from(readingRequests)
    .where(eq(readingRequests.id, readingId))
    .for("update");
  if (!request) throw notFound();
  return request;
}

/** The reading hospital's physicians alone accept, decline and report. */
export function requireReadingPhysician(access: ReadingAccess, actor: Actor): void {
  if (access.side !== "reading" || !REPORTING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.onlyReadingFacilityPhysicians"));
  }
}

/** The requesting facility's doctors alone cancel and acknowledge. */
export function requireRequesterDoctor(access: ReadingAccess, actor: Actor): void {
  if (access.side !== "requester" || !READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.onlyRequesterFacilityDoctors"));
  }
}

/** Optimistic concurrency: a command made on an older revision is refused, never merged silently. */
export function requireRevision(request: ReadingRequest, revision: number): void {
  if (request.revision !== revision) {
    throw new DomainError("CONFLICT", msg("readings.someoneElseChangedRequest"), [
      { field: "revision", message: msg("referrals.outDate") },
    ]);
  }
}

/** Who at the reading hospital hears of a request: the radiologist who took it, else its physicians. */
export async function readingDesk(db: Db, request: ReadingRequest): Promise<string[]> {
  if (request.radiologistId) return [request.radiologistId];
  const rows = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(
      and(
        eq(practitioners.facilityId, request.readingFacilityId),
        isNull(practitioners.disabledAt),
        inArray(practitioners.profession, [...REPORTING_PROFESSIONS]),
      ),
    );
  return rows.map((r) => r.id);
}
