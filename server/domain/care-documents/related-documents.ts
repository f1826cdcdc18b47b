import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceAgendaItems,
  conferences,
  dischargeSummaries,
  facilities,
  nursingInstructions,
} from "../../db/schema";
import { DomainError, msg, type MessageInput } from "../../errors";
import type { RelatedDocument } from "../../model/care-documents/related-document";
import { NURSING_INSTRUCTION_TITLES } from "../../model/nursing-instruction";
import { DISCHARGE_INFORMATION_LABELS } from "../../model/care-documents/discharge-information";
import { inForce, statusOn, tokyoToday } from "../nursing-instructions/instruction-status";
import type { CareDocumentRow } from "./load-care-document";

/**
 * The documents a care document's content points at by id (a plan's or
 * report's instructionId, a discharge information's summaryId and
 * conferenceId): checked when it is sent (same patient, the right parties,
 * in force where the rule says so; a refusal names the field) and loaded
 * for its PDF and FHIR document. Kinds without such fields have none.
 */

type Content = Record<string, unknown>;
const idIn = (content: Content, field: string) =>
  typeof content[field] === "string" ? content[field] : null;

const refuse = (field: string, message: MessageInput): never => {
  throw new DomainError("VALIDATION", msg("validation.checkTheFields"), [
    { field: `content.${field}`, message },
  ]);
};

async function instructionOf(db: Db, id: string) {
  const [row] = await db
    .select({
      id: nursingInstructions.id,
      kind: nursingInstructions.kind,
      status: nursingInstructions.status,
      patientId: nursingInstructions.patientId,
      authorFacilityId: nursingInstructions.authorFacilityId,
      stationFacilityId: nursingInstructions.stationFacilityId,
      periodStart: nursingInstructions.periodStart,
      periodEnd: nursingInstructions.periodEnd,
      documentNumber: nursingInstructions.documentNumber,
      sentAt: nursingInstructions.sentAt,
      facilityCode: facilities.code,
    })
    .from(nursingInstructions)
    .innerJoin(facilities, eq(facilities.id, nursingInstructions.authorFacilityId))
    .where(eq(nursingInstructions.id, id));
  return row ?? null;
}

/** Refuses to send a document whose related documents are not the patient's, not between its parties, or (a plan's instruction) not in force. */
export async function checkRelatedDocuments(db: Db, d: CareDocumentRow, content: Content, now = new Date()) {
  const instructionId = idIn(content, "instructionId");
  if (instructionId) {
    const i = await instructionOf(db, instructionId);
    if (
      !i ||
      i.patientId !== d.patientId ||
      i.stationFacilityId !== d.authorFacilityId ||
      i.authorFacilityId !== d.recipientFacilityId ||
      i.status === "draft"
    ) {
      refuse("instructionId", msg("nursingPlan.instructionNotBetweenParties"));
    }
    const period = { start: i!.periodStart ?? "", end: i!.periodEnd ?? "" };
    if (
      d.kind === "nursing_plan" &&
      !inForce(statusOn(i!.status, period, tokyoToday(now)), period, tokyoToday(now))
    ) {
      refuse("instructionId", msg("nursingPlan.instructionNotInForce"));
    }
  }
  const summaryId = idIn(content, "summaryId");
  if (summaryId) {
    const [s] = await db
      .select({
        patientId: dischargeSummaries.patientId,
        facilityId: dischargeSummaries.authorFacilityId,
        status: dischargeSummaries.status,
      })
      .from(dischargeSummaries)
      .where(eq(dischargeSummaries.id, summaryId));
    if (!s || s.patientId !== d.patientId || s.facilityId !== d.authorFacilityId || s.status === "draft") {
      refuse("summaryId", msg("dischargeInformation.invalidSummary"));
    }
  }
  const conferenceId = idIn(content, "conferenceId");
  if (conferenceId) {
    const [item] = await db
      .select({ id: conferenceAgendaItems.id })
      .from(conferenceAgendaItems)
      .where(
        and(
          eq(conferenceAgendaItems.conferenceId, conferenceId),
          eq(conferenceAgendaItems.patientId, d.patientId),
        ),
      );
    if (!item) refuse("conferenceId", msg("dischargeInformation.invalidConference"));
  }
}

/** The related documents as the renderers print them; one that is gone or no longer the patient's is left out. */
export async function loadRelatedDocuments(
  db: Db,
  d: CareDocumentRow,
  content: Content,
): Promise<RelatedDocument[]> {
  const related: RelatedDocument[] = [];
  const instructionId = idIn(content, "instructionId");
  if (instructionId) {
    const i = await instructionOf(db, instructionId);
    if (i && i.patientId === d.patientId) {
      related.push({
        field: "instructionId",
        title: NURSING_INSTRUCTION_TITLES[i.kind],
        documentNumber: i.documentNumber,
        facilityCode: i.facilityCode,
        issuedAt: i.sentAt?.toISOString() ?? null,
        detail: `指示期間 ${i.periodStart ?? "記載なし"}〜${i.periodEnd ?? "記載なし"}`,
        instruction: { kind: i.kind, periodStart: i.periodStart, periodEnd: i.periodEnd },
      });
    }
  }
  const summaryId = idIn(content, "summaryId");
  if (summaryId) {
    const [s] = await db
      .select({
        patientId: dischargeSummaries.patientId,
        documentNumber: dischargeSummaries.documentNumber,
        firstSentAt: dischargeSummaries.firstSentAt,
        facilityCode: facilities.code,
      })
      .from(dischargeSummaries)
      .innerJoin(facilities, eq(facilities.id, dischargeSummaries.authorFacilityId))
      .where(eq(dischargeSummaries.id, summaryId));
    if (s && s.patientId === d.patientId) {
      related.push({
        field: "summaryId",
        title: DISCHARGE_INFORMATION_LABELS.summaryId,
        documentNumber: s.documentNumber,
        facilityCode: s.facilityCode,
        issuedAt: s.firstSentAt?.toISOString() ?? null,
        detail: "",
      });
    }
  }
  const conferenceId = idIn(content, "conferenceId");
  if (conferenceId) {
    const [c] = await db
      .select({ title: conferences.title, at: conferences.scheduledStart, startedAt: conferences.startedAt })
      .from(conferences)
      .innerJoin(conferenceAgendaItems, eq(conferenceAgendaItems.conferenceId, conferences.id))
      .where(and(eq(conferences.id, conferenceId), inArray(conferenceAgendaItems.patientId, [d.patientId])));
    if (c) {
      related.push({
        field: "conferenceId",
        title: DISCHARGE_INFORMATION_LABELS.conferenceId,
        documentNumber: null,
        facilityCode: null,
        issuedAt: (c.at ?? c.startedAt)?.toISOString() ?? null,
        detail: c.title,
      });
    }
  }
  return related;
}
