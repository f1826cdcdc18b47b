import { and, desc, eq, exists, inArray, ne, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceAgendaItems,
  conferenceParticipants,
  conferences,
  dischargeSummaries,
  facilities,
  nursingInstructions,
  practitioners,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { inForce, statusOn, tokyoToday } from "../nursing-instructions/instruction-status";
import { auditCareDocuments } from "./care-documents-audit";
import { loadCareDocument, requireAuthorSide } from "./load-care-document";

/** A 訪問看護指示書 a plan or report may follow: sent to the author's station for this patient. */
export interface InstructionChoice {
  id: string;
  kind: "regular" | "special";
  documentNumber: string | null;
  /** the physician's facility: the plan or report goes back to it */
  facilityId: string;
  facilityName: string;
  periodStart: string | null;
  periodEnd: string | null;
  inForce: boolean;
}

/** A discharge summary of the patient written at the author's hospital and sent. */
export interface SummaryChoice {
  id: string;
  documentNumber: string | null;
  department: string;
  sentAt: string | null;
}

/** A conference with the patient on its agenda, held or scheduled by (or with) the author's facility. */
export interface ConferenceChoice {
  id: string;
  title: string;
  at: string | null;
}

export interface RelatedChoices {
  instructions: InstructionChoice[];
  summaries: SummaryChoice[];
  conferences: ConferenceChoice[];
}

const NONE: RelatedChoices = { instructions: [], summaries: [], conferences: [] };

/**
 * What the author of a draft may link it to, for the kind's form: the
 * instructions a station's plan or report follows, the hospital's discharge
 * summaries and pre-discharge conferences a discharge information record
 * points at. Only the fields the kind has are looked up; each list holds only
 * what the send check (related-documents.ts) would accept from this facility,
 * and reading it is audited with ids only.
 */
export async function listRelatedChoices(
  db: Db,
  actor: Actor,
  documentId: string,
  now = new Date(),
): Promise<RelatedChoices> {
  const access = await loadCareDocument(db, actor, documentId, "care_document.edit");
  requireAuthorSide(access, actor);
  const { document: d, spec } = access;
  const has = (field: string) => field in spec.terms.labels;
  if (!has("instructionId") && !has("summaryId") && !has("conferenceId")) return NONE;
  const today = tokyoToday(now);

  const instructions = has("instructionId")
    ? await db
        .select({
          id: nursingInstructions.id,
          kind: nursingInstructions.kind,
          status: nursingInstructions.status,
          documentNumber: nursingInstructions.documentNumber,
          facilityId: nursingInstructions.authorFacilityId,
          facilityName: facilities.name,
          periodStart: nursingInstructions.periodStart,
          periodEnd: nursingInstructions.periodEnd,
        })
        .from(nursingInstructions)
        .innerJoin(facilities, eq(facilities.id, nursingInstructions.authorFacilityId))
        .where(
          and(
            eq(nursingInstructions.patientId, d.patientId),
            eq(nursingInstructions.stationFacilityId, d.authorFacilityId),
            inArray(nursingInstructions.status, ["sent", "acknowledged"]),
          ),
        )
        .orderBy(desc(nursingInstructions.periodStart))
    : [];

  const summaries = has("summaryId")
    ? await db
        .select({
          id: dischargeSummaries.id,
          documentNumber: dischargeSummaries.documentNumber,
          department: dischargeSummaries.authorDepartment,
          sentAt: dischargeSummaries.firstSentAt,
        })
        .from(dischargeSummaries)
        .where(
          and(
            eq(dischargeSummaries.patientId, d.patientId),
            eq(dischargeSummaries.authorFacilityId, d.authorFacilityId),
            ne(dischargeSummaries.status, "draft"),
          ),
        )
        .orderBy(desc(dischargeSummaries.firstSentAt))
    : [];

  const held = has("conferenceId")
    ? await db
        .select({
          id: conferences.id,
          title: conferences.title,
          scheduledStart: conferences.scheduledStart,
          startedAt: conferences.startedAt,
        })
        .from(conferences)
        .innerJoin(conferenceAgendaItems, eq(conferenceAgendaItems.conferenceId, conferences.id))
        .where(
          and(
            eq(conferenceAgendaItems.patientId, d.patientId),
            ne(conferences.status, "cancelled"),
            or(
              eq(conferences.hostFacilityId, d.authorFacilityId),
              exists(
                db
                  .select({ id: conferenceParticipants.id })
                  .from(conferenceParticipants)
                  .innerJoin(practitioners, eq(practitioners.id, conferenceParticipants.practitionerId))
                  .where(
                    and(
                      eq(conferenceParticipants.conferenceId, conferences.id),
                      eq(practitioners.facilityId, d.authorFacilityId),
                    ),
                  ),
              ),
            ),
          ),
        )
        .orderBy(desc(conferences.scheduledStart))
    : [];

  await auditCareDocuments(db, actor, "care_document.edit", {
    patientId: d.patientId,
    details: {
      documentId: d.id,
      choices: {
        instructionIds: instructions.map((i) => i.id),
        summaryIds: summaries.map((s) => s.id),
        conferenceIds: held.map((c) => c.id),
      },
    },
  });
  return {
    instructions: instructions.map(({ status, ...i }) => {
      const period = { start: i.periodStart ?? "", end: i.periodEnd ?? "" };
      return { ...i, inForce: inForce(statusOn(status, period, today), period, today) };
    }),
    summaries: summaries.map((s) => ({ ...s, sentAt: s.sentAt?.toISOString() ?? null })),
    conferences: held.map((c) => ({
      id: c.id,
      title: c.title,
      at: (c.scheduledStart ?? c.startedAt)?.toISOString() ?? null,
    })),
  };
}
