import type { Encounter, Observation, Reference } from "@medplum/fhirtypes";
import {
  ADL_ITEMS,
  ADL_LABELS,
  ADL_LEVEL_LABELS,
  DISCHARGE_INFORMATION_LABELS as L,
  FOLLOW_UP_LABELS,
  MEDICAL_CARE_LABELS,
  RECOMMENDED_SERVICE_LABELS,
  type DischargeInformationContent,
} from "../../../model/care-documents/discharge-information";
import { conditionResource, diagnosisLine, medicationLine, medicationRequestResource } from "../clinical";
import { CODE_SYSTEM, HOME_CARE_ITEM_SYSTEM, SECTION } from "../codes";
import { NOT_WRITTEN, notWrittenSection, section } from "../document-bundle";
import { field, list, paragraph } from "../narrative";
import { japaneseDate, present } from "../primitives";
import { relatedRemarks } from "./home-nursing-fhir";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-document-fhir-part";

/**
 * 退院・退所情報記録書 in FHIR, with the discharge summary's section codes: the
 * stay as an inpatient Encounter, the diagnoses as its Conditions, the ADL
 * items as Observations, the discharge medicines as MedicationRequests.
 *
 *   344 退院時診断         入院原因疾患 (Conditions)
 *   333 入院中経過         the course in hospital and the prognosis
 *   614 退院時身体所見     ADL (Observations), its note, cognition
 *   444 退院時投薬指示     MedicationRequests, or nilknown (処方なし); medication management
 *   424 退院時方針指示     medical care at home, follow-up, services recommended, precautions
 *   (remarks)             the person's and family's understanding and wishes, the contact, related documents
 */
export function dischargeInformationFhirBody(
  c: DischargeInformationContent,
  { b, patient, related }: CareDocumentFhirContext,
): CareDocumentFhirBody {
  const stay: Reference<Encounter> | null =
    c.admissionDate || c.dischargeDate
      ? b.add("encounter/stay", {
          resourceType: "Encounter",
          status: "finished",
          class: { system: CODE_SYSTEM.actCode, code: "IMP", display: "inpatient encounter" },
          subject: patient,
          period: {
            ...(c.admissionDate ? { start: c.admissionDate } : {}),
            ...(c.dischargeDate ? { end: c.dischargeDate } : {}),
          },
        } satisfies Encounter)
      : null;
  const conditions = c.diagnoses.map((d, i) =>
    b.add(`condition/${i}`, conditionResource(d, patient, "encounter-diagnosis", stay ?? undefined)),
  );
  const medications = c.medications.map((m, i) =>
    b.add(`medication/${i}`, medicationRequestResource(m, patient, "discharge")),
  );
  const adl = ADL_ITEMS.flatMap((item) => {
    const level = c.adl[item];
    return level
      ? [
          b.add(`observation/adl/${item}`, {
            resourceType: "Observation",
            status: "final",
            code: {
              coding: [{ system: HOME_CARE_ITEM_SYSTEM, code: `adl-${item}`, display: ADL_LABELS[item] }],
              text: ADL_LABELS[item],
            },
            subject: patient,
            ...(stay ? { encounter: stay } : {}),
            valueCodeableConcept: { text: ADL_LEVEL_LABELS[level] },
          } satisfies Observation),
        ]
      : [];
  });
  const medicalCare = c.noMedicalCare
    ? "なし"
    : c.medicalCare
        .map((m) => (m.note ? `${MEDICAL_CARE_LABELS[m.item]}（${m.note}）` : MEDICAL_CARE_LABELS[m.item]))
        .join("、") || NOT_WRITTEN;
  const followUp =
    [c.followUp.facility, c.followUp.method ? FOLLOW_UP_LABELS[c.followUp.method] : ""]
      .filter(Boolean)
      .join(" ") || NOT_WRITTEN;
  const services =
    [c.recommendedServices.map((s) => RECOMMENDED_SERVICE_LABELS[s]).join("、"), c.servicesNote]
      .filter(Boolean)
      .join(" ") || NOT_WRITTEN;
  const contact = [c.contact.department, c.contact.name, c.contact.phone && `電話 ${c.contact.phone}`]
    .filter(Boolean)
    .join(" ");
  const said = (v: string) => v || "特記事項なし";

  return {
    type: { system: CODE_SYSTEM.loinc, code: "18842-5", display: "Discharge summary" },
    sections: [
      conditions.length > 0
        ? section(SECTION.diagnosesOnDischarge, L.diagnoses, {
            narrative: [list(c.diagnoses.map(diagnosisLine))],
            entries: conditions,
          })
        : notWrittenSection(SECTION.diagnosesOnDischarge, L.diagnoses),
      section(SECTION.hospitalCourse, L.hospitalCourse, {
        narrative: [
          field(L.admissionDate, c.admissionDate ? japaneseDate(c.admissionDate) : NOT_WRITTEN),
          field(L.dischargeDate, c.dischargeDate ? japaneseDate(c.dischargeDate) : NOT_WRITTEN),
          paragraph(c.hospitalCourse || NOT_WRITTEN),
          field(L.prognosis, said(c.prognosis)),
        ],
        ...(stay ? { entries: [stay] } : {}),
      }),
      section(SECTION.physicalStatusOnDischarge, L.adl, {
        narrative: [
          list(
            ADL_ITEMS.map(
              (item) => `${ADL_LABELS[item]}：${c.adl[item] ? ADL_LEVEL_LABELS[c.adl[item]] : NOT_WRITTEN}`,
            ),
          ),
          ...(present(c.adlNote) ? [field(L.adlNote, c.adlNote)] : []),
          field(L.cognition, said(c.cognition)),
        ],
        ...(adl.length > 0 ? { entries: adl } : {}),
      }),
      medications.length > 0
        ? section(SECTION.medicationOnDischarge, L.medications, {
            narrative: [
              list(c.medications.map(medicationLine)),
              ...(present(c.medicationManagement)
                ? [field(L.medicationManagement, c.medicationManagement)]
                : []),
            ],
            entries: medications,
          })
        : section(SECTION.medicationOnDischarge, L.medications, {
            narrative: [paragraph(c.noMedication ? "処方なし" : NOT_WRITTEN)],
            emptyReason: c.noMedication ? "nilknown" : "unavailable",
          }),
      section(SECTION.instructionOnDischarge, "在宅療養に向けて", {
        narrative: [
          field(L.medicalCare, medicalCare),
          field(L.followUp, followUp),
          field(L.recommendedServices, services),
          field(L.precautions, said(c.precautions)),
        ],
      }),
    ],
    remarks: [
      [
        L.diagnosisDisclosed,
        c.diagnosisDisclosed === null ? NOT_WRITTEN : c.diagnosisDisclosed ? "有" : "無",
      ],
      [L.patientUnderstanding, said(c.patientUnderstanding)],
      [L.patientWishes, said(c.patientWishes)],
      [L.familyUnderstanding, said(c.familyUnderstanding)],
      [L.familyWishes, said(c.familyWishes)],
      [L.contact, contact || NOT_WRITTEN],
      ...relatedRemarks(related, { summaryId: L.summaryId, conferenceId: L.conferenceId }),
    ],
  };
}
