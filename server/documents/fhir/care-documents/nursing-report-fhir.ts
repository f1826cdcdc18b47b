import type { Encounter } from "@medplum/fhirtypes";
import { monthLabel } from "../../../model/care-documents/home-nursing";
import {
  NURSING_REPORT_LABELS as L,
  VISIT_MARKS,
  VISIT_MARK_LABELS,
  VISIT_MARK_SYMBOLS,
  daysMarked,
  type NursingReportContent,
} from "../../../model/care-documents/nursing-report";
import { CARE_LEVEL_LABELS } from "../../../model/nursing-instruction";
import { CODE_SYSTEM, HOME_CARE_ITEM_SYSTEM, SECTION } from "../codes";
import { NOT_WRITTEN, section } from "../document-bundle";
import { field, list } from "../narrative";
import { japaneseDate, present } from "../primitives";
import { relatedRemarks } from "./home-nursing-fhir";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-document-fhir-part";

/**
 * 訪問看護報告書 in FHIR: each visit day is a finished home-health Encounter
 * on that day, typed by the form's marks (○ nurse, ◇ therapist, △ special
 * instruction, × emergency); the course and the care given are the clinical
 * course's narrative.
 *
 *   330 臨床経過       the visit days (Encounters), 病状の経過, 看護・リハビリテーションの内容, 家庭での介護の状況
 *   (remarks)         the month, the instruction, the care level, supplies, special notes
 */
export function nursingReportFhirBody(
  c: NursingReportContent,
  { b, patient, related }: CareDocumentFhirContext,
): CareDocumentFhirBody {
  const visits = c.visits.map((v) =>
    b.add(`encounter/visit/${v.date}`, {
      resourceType: "Encounter",
      status: "finished",
      class: { system: CODE_SYSTEM.actCode, code: "HH", display: "home health" },
      type: [
        {
          coding: v.marks.map((m) => ({
            system: HOME_CARE_ITEM_SYSTEM,
            code: `visit-${m}`,
            display: VISIT_MARK_LABELS[m],
          })),
          text: v.marks.map((m) => VISIT_MARK_SYMBOLS[m]).join(""),
        },
      ],
      subject: patient,
      period: { start: v.date, end: v.date },
    } satisfies Encounter),
  );
  const counts = VISIT_MARKS.filter((m) => daysMarked(c.visits, m) > 0).map(
    (m) => `${VISIT_MARK_SYMBOLS[m]} ${VISIT_MARK_LABELS[m]} ${daysMarked(c.visits, m)}日`,
  );
  const visitLines = c.visits.map(
    (v) =>
      `${japaneseDate(v.date)} ${v.marks.map((m) => `${VISIT_MARK_SYMBOLS[m]}${VISIT_MARK_LABELS[m]}`).join("、")}`,
  );
  const supplies = c.suppliesUsed.map((s) => [s.name, s.use, s.quantity].filter(Boolean).join(" "));
  return {
    type: { system: CODE_SYSTEM.loinc, code: "34746-8", display: "Nurse Note" },
    sections: [
      section(SECTION.clinicalCourse, "訪問看護の経過", {
        narrative: [
          field(L.visits, c.visits.length > 0 ? `${c.visits.length}日（${counts.join("、")}）` : NOT_WRITTEN),
          ...(visitLines.length > 0 ? [list(visitLines)] : []),
          field(L.conditionCourse, c.conditionCourse || NOT_WRITTEN),
          field(L.nursingGiven, c.nursingGiven || NOT_WRITTEN),
          ...(present(c.rehabilitationGiven) ? [field(L.rehabilitationGiven, c.rehabilitationGiven)] : []),
          field(L.familyCare, c.familyCare || NOT_WRITTEN),
        ],
        ...(visits.length > 0 ? { entries: visits } : {}),
      }),
    ],
    remarks: [
      [L.month, c.month ? monthLabel(c.month) : NOT_WRITTEN],
      ...relatedRemarks(related, { instructionId: L.instructionId }),
      [L.careLevel, c.careLevel ? CARE_LEVEL_LABELS[c.careLevel] : NOT_WRITTEN],
      [L.suppliesUsed, supplies.join("、") || "使用なし"],
      [L.suppliesChange, c.suppliesChange || "変更なし"],
      [L.specialNotes, c.specialNotes || "特記事項なし"],
    ],
  };
}
