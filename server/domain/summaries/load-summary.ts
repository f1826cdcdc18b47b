import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryRecipients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor, DataKind, Profession } from "../../model/permissions";
import { isUuid } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit.schema";
import { requirePatientAccess } from "../consent/check-patient-access";

export type DischargeSummary = typeof dischargeSummaries.$inferSelect;
export type SummaryRecipient = typeof dischargeSummaryRecipients.$inferSelect;

/** Who writes, sends and amends discharge summaries (the hospital's doctors). */
export const SUMMARY_AUTHOR_PROFESSIONS: readonly Profession[] = ["physician", "dentist"];

/**
 * The part of the record a profession must be allowed to see (server/auth/permissions.ts)
 * to open a summary sent to its facility: a pharmacist reaches it through the
 * medication, a care manager through the care it asks for; everyone else needs
 * clinical access. Once open, the whole summary is shown, with the reader's part first.
 */
export function summaryDataKind(profession: Profession): DataKind {
  if (profession === "pharmacist") return "medication";
  if (profession === "care_manager") return "care";
  return "clinical";
}

export interface SummaryAccess {
  summary: DischargeSummary;
  /** author: the writing hospital; recipient: a facility it was sent to */
  side: "author" | "recipient";
  /** the reader's facility's recipient row, when on the recipient side */
  recipient: SummaryRecipient | null;
}

const notFound = () => new DomainError("NOT_FOUND", msg("summaries.dischargeSummaryNotFound"));

/**
 * The actor's view of one summary: their facility wrote it, or it was sent
 * there (a recipient chosen only in a draft sees nothing), AND the patient's
 * consent includes their facility (the one access rule). Anyone else learns
 * nothing, not even that it exists; the attempt is audited.
 */
export async function loadSummary(
  db: Db,
  actor: Actor,
  summaryId: string,
  action: AuditAction,
): Promise<SummaryAccess> {
  if (!isUuid(summaryId)) throw notFound();
  const [summary] = await db.select().from(dischargeSummaries).where(eq(dischargeSummaries.id, summaryId));
  if (!summary) throw notFound();

  let access: SummaryAccess | null = null;
  if (summary.authorFacilityId === actor.facilityId) {
    access = { summary, side: "author", recipient: null };
  } else {
    const [recipient] = await db
      .select()
      .from(dischargeSummaryRecipients)
      .where(
        and(
          eq(dischargeSummaryRecipients.summaryId, summaryId),
          eq(dischargeSummaryRecipients.facilityId, actor.facilityId),
          isNotNull(dischargeSummaryRecipients.sinceVersion),
        ),
      );
    if (recipient) access = { summary, side: "recipient", recipient };
  }
  if (!access) {
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: summary.patientId,
      action,
      purpose: "treatment",
      outcome: "denied",
      details: { summaryId, reason: "not_party" },
      ip: actor.ip,
    });
    throw notFound();
  }
  await requirePatientAccess(db, actor, summary.patientId, summaryDataKind(actor.profession), action);
  return access;
}

/** Inside a command's transaction: the summary row again, locked, so commands on one summary queue up. */
export async function lockSummary(tx: Db, summaryId: string): Promise<DischargeSummary> {
  const [summary] = await tx
    .select()
    .from(dischargeSummaries)
    .where(eq(dischargeSummaries.id, summaryId))
    .for("update");
  if (!summary) throw notFound();
  return summary;
}

/** Writing, sending and amending belong to the writing hospital's doctors. */
export function requireAuthorSide(access: SummaryAccess, actor: Actor): void {
  if (access.side !== "author") {
    throw new DomainError("FORBIDDEN", msg("summaries.onlyFacilityWroteSummaryMay"));
  }
  if (!SUMMARY_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("summaries.dischargeSummariesWrittenDoctors"));
  }
}

/** Optimistic concurrency: a save or command made on an older revision is refused, never merged silently. */
export function requireRevision(summary: DischargeSummary, revision: number): void {
  if (summary.revision !== revision) {
    throw new DomainError("CONFLICT", msg("summaries.someoneElseChangedDischargeSummary"), [
      { field: "revision", message: msg("referrals.outDate") },
    ]);
  }
}

/** Only a draft or an amendment being written can be edited or sent. */
export function requireWorkingCopy(summary: DischargeSummary): NonNullable<DischargeSummary["draftContent"]> {
  if ((summary.status !== "draft" && summary.status !== "amending") || !summary.draftContent) {
    throw new DomainError("INVALID_TRANSITION", msg("summaries.sentSummaryChangedAmending"));
  }
  return summary.draftContent;
}
