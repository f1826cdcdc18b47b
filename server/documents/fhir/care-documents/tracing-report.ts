import type { MedicationStatement, Observation } from "@medplum/fhirtypes";
import {
  ADHERENCE_LABELS,
  TRACING_REPORT,
  type TracingReportContent,
} from "../../../model/care-documents/tracing-report";
import { CODE_SYSTEM, HOME_CARE_ITEM_SYSTEM, SECTION } from "../codes";
import { NOT_WRITTEN, requiredTextSection, section } from "../document-bundle";
import { field, list, paragraph } from "../narrative";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-document-fhir-part";

const L = TRACING_REPORT.terms.labels;

/**
 * 服薬情報提供書 in FHIR: the adherence as an Observation, each leftover
 * medicine as a MedicationStatement (its quantity and reason as notes), the
 * side effects and the proposal as text sections.
 *
 *   330 臨床経過       服薬状況, 副作用・有害事象の疑い
 *   430 投薬指示       残薬 (nilknown when marked none)
 *   420 診療方針指示   薬剤師からの提案
 */
export function tracingReportFhirBody(
  c: TracingReportContent,
  { b, patient }: CareDocumentFhirContext,
): CareDocumentFhirBody {
  const adherence = c.adherence
    ? b.add("observation/adherence", {
        resourceType: "Observation",
        status: "final",
        code: {
          coding: [{ system: HOME_CARE_ITEM_SYSTEM, code: "medication-adherence", display: L.adherence }],
          text: L.adherence,
        },
        subject: patient,
        valueCodeableConcept: { text: ADHERENCE_LABELS[c.adherence] },
        ...(c.adherenceNote ? { note: [{ text: c.adherenceNote }] } : {}),
      } satisfies Observation)
    : null;
  const leftovers = c.leftovers.map((l, i) =>
    b.add(`medication-statement/${i}`, {
      resourceType: "MedicationStatement",
      status: "active",
      medicationCodeableConcept: { text: l.drug },
      subject: patient,
      note: [{ text: [`${L.quantity}：${l.quantity || "—"}`, `${L.reason}：${l.reason || "—"}`].join("　") }],
    } satisfies MedicationStatement),
  );
  const leftoverLine = (l: (typeof c.leftovers)[number]) =>
    [l.drug, l.quantity && `${L.quantity} ${l.quantity}`, l.reason && `${L.reason} ${l.reason}`]
      .filter(Boolean)
      .join("　");
  return {
    type: { system: CODE_SYSTEM.loinc, code: "11488-4", display: "Consult note" },
    sections: [
      section(SECTION.clinicalCourse, "服薬状況・副作用", {
        narrative: [
          field(L.adherence, c.adherence ? ADHERENCE_LABELS[c.adherence] : NOT_WRITTEN),
          ...(c.adherenceNote ? [field(L.adherenceNote, c.adherenceNote)] : []),
          field(L.sideEffects, c.sideEffects || "特記事項なし"),
        ],
        ...(adherence ? { entries: [adherence] } : {}),
      }),
      leftovers.length > 0
        ? section(SECTION.medication, L.leftovers, {
            narrative: [list(c.leftovers.map(leftoverLine))],
            entries: leftovers,
          })
        : section(SECTION.medication, L.leftovers, {
            narrative: [paragraph(c.noLeftovers ? "なし" : NOT_WRITTEN)],
            emptyReason: c.noLeftovers ? "nilknown" : "unavailable",
          }),
      requiredTextSection(SECTION.clinicalInstruction, L.proposal, c.proposal),
    ],
    remarks: [
      ...(c.otherInformation ? [[L.otherInformation, c.otherInformation] as [string, string]] : []),
      [L.patientAgreed, c.patientAgreed ? "有" : "無"],
    ],
  };
}
