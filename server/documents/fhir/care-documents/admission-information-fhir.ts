import type { Encounter, Observation, Reference, RelatedPerson } from "@medplum/fhirtypes";
import {
  ADL_LABELS,
  ADL_LEVEL_LABELS,
  ADMISSION_ADL_ITEMS,
  ADMISSION_INFORMATION_LABELS as L,
  CARE_LEVEL_LABELS,
  CARE_SERVICE_LABELS,
  COGNITION_LEVEL_LABELS,
  MEDICATION_MANAGER_LABELS,
  type AdmissionInformationContent,
} from "../../../model/care-documents/admission-information";
import { CODE_SYSTEM, HOME_CARE_ITEM_SYSTEM, SECTION } from "../codes";
import { NOT_WRITTEN, section } from "../document-bundle";
import { field, list, paragraph } from "../narrative";
import { japaneseDate, present } from "../primitives";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-document-fhir-part";

/**
 * 入院時情報提供書 in FHIR, with the JP-CLINS section codes nearest its parts: the stay begun as an inpatient Encounter, the care level
 * (with its certification period), ADL and cognition as Observations, the
 * family as RelatedPersons (the key person marked), the services used and
 * the medication management as narrative.
 *
 *   322 入院時詳細     admission date, care level, services used, family and key person, medication management
 *   330 臨床経過       ADL (Observations), its note, cognition (Observation) and its note
 *   (remarks)         the person's and the family's wishes, notes
 */
export function admissionInformationFhirBody(
  c: AdmissionInformationContent,
  { b, patient }: CareDocumentFhirContext,
): CareDocumentFhirBody {
  const stay: Reference<Encounter> | null = c.admissionDate
    ? b.add("encounter/stay", {
        resourceType: "Encounter",
        status: "in-progress",
        class: { system: CODE_SYSTEM.actCode, code: "IMP", display: "inpatient encounter" },
        subject: patient,
        period: { start: c.admissionDate },
      } satisfies Encounter)
    : null;
  const item = (code: string, display: string) => ({
    coding: [{ system: HOME_CARE_ITEM_SYSTEM, code, display }],
    text: display,
  });
  const period =
    c.certificationStart || c.certificationEnd
      ? {
          effectivePeriod: {
            ...(c.certificationStart ? { start: c.certificationStart } : {}),
            ...(c.certificationEnd ? { end: c.certificationEnd } : {}),
          },
        }
      : {};
  const careLevel = c.careLevel
    ? b.add("observation/care-level", {
        resourceType: "Observation",
        status: "final",
        code: item("care-level", L.careLevel),
        subject: patient,
        ...period,
        valueCodeableConcept: { text: CARE_LEVEL_LABELS[c.careLevel] },
      } satisfies Observation)
    : null;
  const adl = ADMISSION_ADL_ITEMS.flatMap((key) => {
    const level = c.adl[key];
    return level
      ? [
          b.add(`observation/adl/${key}`, {
            resourceType: "Observation",
            status: "final",
            code: item(`adl-${key}`, ADL_LABELS[key]),
            subject: patient,
            valueCodeableConcept: { text: ADL_LEVEL_LABELS[level] },
          } satisfies Observation),
        ]
      : [];
  });
  const cognition = c.cognitionLevel
    ? b.add("observation/cognition", {
        resourceType: "Observation",
        status: "final",
        code: item("dementia-independence", L.cognitionLevel),
        subject: patient,
        valueCodeableConcept: { text: COGNITION_LEVEL_LABELS[c.cognitionLevel] },
        ...(c.cognitionNote ? { note: [{ text: c.cognitionNote }] } : {}),
      } satisfies Observation)
    : null;
  const family = c.family.map((f, i) =>
    b.add(`related-person/${i}`, {
      resourceType: "RelatedPerson",
      patient,
      relationship: [
        ...(f.relationship ? [{ text: f.relationship }] : []),
        ...(f.keyPerson ? [{ text: L.keyPerson }] : []),
      ],
      name: [{ text: f.name }],
      ...(f.contact ? { telecom: [{ system: "phone" as const, value: f.contact }] } : {}),
    } satisfies RelatedPerson),
  );

  const services = c.noServices
    ? [paragraph("なし")]
    : c.services.length > 0
      ? [
          list(
            c.services.map((s) =>
              [CARE_SERVICE_LABELS[s.service], s.provider, s.frequency].filter(Boolean).join("　"),
            ),
          ),
        ]
      : [paragraph(NOT_WRITTEN)];
  const familyLines =
    c.family.length > 0
      ? [
          list(
            c.family.map((f) =>
              [
                f.name,
                f.relationship,
                f.contact,
                f.livesTogether ? L.livesTogether : "",
                f.keyPerson ? `（${L.keyPerson}）` : "",
              ]
                .filter(Boolean)
                .join("　"),
            ),
          ),
        ]
      : [paragraph(NOT_WRITTEN)];
  const certification =
    c.certificationStart || c.certificationEnd
      ? `（認定有効期間 ${c.certificationStart ? japaneseDate(c.certificationStart) : ""}〜${
          c.certificationEnd ? japaneseDate(c.certificationEnd) : ""
        }）`
      : "";
  const said = (v: string) => v || "特記事項なし";

  return {
    type: { system: CODE_SYSTEM.loinc, code: "34133-9", display: "Summary of episode note" },
    sections: [
      section(SECTION.detailsOnAdmission, "入院時の情報（在宅での生活）", {
        narrative: [
          field(L.admissionDate, c.admissionDate ? japaneseDate(c.admissionDate) : NOT_WRITTEN),
          field(L.careLevel, `${c.careLevel ? CARE_LEVEL_LABELS[c.careLevel] : NOT_WRITTEN}${certification}`),
          field(L.services, ""),
          ...services,
          field(L.family, ""),
          ...familyLines,
          field(
            L.medicationManager,
            [
              c.medicationManager ? MEDICATION_MANAGER_LABELS[c.medicationManager] : NOT_WRITTEN,
              c.medicationNote,
            ]
              .filter(Boolean)
              .join("　"),
          ),
        ],
        entries: [...(stay ? [stay] : []), ...(careLevel ? [careLevel] : []), ...family],
      }),
      section(SECTION.clinicalCourse, "ADL・認知", {
        narrative: [
          list(
            ADMISSION_ADL_ITEMS.map(
              (key) => `${ADL_LABELS[key]}：${c.adl[key] ? ADL_LEVEL_LABELS[c.adl[key]] : NOT_WRITTEN}`,
            ),
          ),
          ...(present(c.adlNote) ? [field(L.adlNote, c.adlNote)] : []),
          field(L.cognitionLevel, c.cognitionLevel ? COGNITION_LEVEL_LABELS[c.cognitionLevel] : NOT_WRITTEN),
          ...(present(c.cognitionNote) ? [field(L.cognitionNote, c.cognitionNote)] : []),
        ],
        entries: [...adl, ...(cognition ? [cognition] : [])],
      }),
    ],
    remarks: [
      [L.patientWishes, said(c.patientWishes)],
      [L.familyWishes, said(c.familyWishes)],
      ...(c.notes ? [[L.notes, c.notes] as [string, string]] : []),
    ],
  };
}
