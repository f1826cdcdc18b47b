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
import type { RelatedDocument } from "../../../model/care-documents/related-document";
import {
  NOT_RECORDED,
  WIDE_SPACE,
  dateOrNotRecorded,
  diagnosesContent,
  medicationsContent,
  orNothingNotable,
} from "../document-parts";
import type { FieldContent } from "../layout";
import { relatedText } from "./home-nursing-parts";
import type { CareDocumentPdfBody } from "./care-document-pdf-part";

/** The body of a 退院・退所情報記録書, in the order of the national example form. */
export function dischargeInformationPdfBody(
  c: DischargeInformationContent,
  related: readonly RelatedDocument[] = [],
): CareDocumentPdfBody {
  return {
    fields: [
      [
        { label: L.admissionDate, content: dateOrNotRecorded(c.admissionDate) },
        { label: L.dischargeDate, content: dateOrNotRecorded(c.dischargeDate) },
      ],
    ],
    sections: [
      [L.diagnoses, c.diagnoses.length > 0 ? diagnosesContent(c.diagnoses) : NOT_RECORDED],
      [L.hospitalCourse, orNothingNotable(c.hospitalCourse)],
      [L.prognosis, orNothingNotable(c.prognosis)],
      [L.medicalCare, medicalCare(c)],
      [L.followUp, followUp(c)],
      [L.adl, adl(c)],
      [L.adlNote, orNothingNotable(c.adlNote)],
      [L.cognition, orNothingNotable(c.cognition)],
      [
        L.medications,
        c.noMedication
          ? "処方なし"
          : c.medications.length > 0
            ? medicationsContent(c.medications)
            : NOT_RECORDED,
      ],
      [L.medicationManagement, orNothingNotable(c.medicationManagement)],
      [
        L.diagnosisDisclosed,
        c.diagnosisDisclosed === null ? NOT_RECORDED : c.diagnosisDisclosed ? "有" : "無",
      ],
      [L.patientUnderstanding, orNothingNotable(c.patientUnderstanding)],
      [L.patientWishes, orNothingNotable(c.patientWishes)],
      [L.familyUnderstanding, orNothingNotable(c.familyUnderstanding)],
      [L.familyWishes, orNothingNotable(c.familyWishes)],
      [L.recommendedServices, services(c)],
      [L.precautions, orNothingNotable(c.precautions)],
      [L.summaryId, relatedText(related, "summaryId", "なし")],
      [L.conferenceId, relatedText(related, "conferenceId", "なし")],
      [L.contact, contact(c)],
    ],
  };
}

function medicalCare(c: DischargeInformationContent): FieldContent {
  if (c.noMedicalCare) return "なし";
  if (c.medicalCare.length === 0) return NOT_RECORDED;
  return c.medicalCare
    .map((m) => (m.note ? `${MEDICAL_CARE_LABELS[m.item]}（${m.note}）` : MEDICAL_CARE_LABELS[m.item]))
    .join("\n");
}

function followUp({ followUp }: DischargeInformationContent): string {
  if (!followUp.facility && !followUp.method) return NOT_RECORDED;
  return [followUp.facility, followUp.method ? FOLLOW_UP_LABELS[followUp.method] : null]
    .filter(Boolean)
    .join(WIDE_SPACE);
}

/** The seven ADL items side by side, each with its level, as the form's row of boxes. */
function adl({ adl }: DischargeInformationContent): FieldContent {
  return [
    {
      kind: "table",
      columns: ADL_ITEMS.map((item) => ({ header: ADL_LABELS[item], align: "center" as const })),
      rows: [ADL_ITEMS.map((item) => (adl[item] ? ADL_LEVEL_LABELS[adl[item]] : "―"))],
    },
  ];
}

function services(c: DischargeInformationContent): FieldContent {
  const listed = c.recommendedServices.map((s) => RECOMMENDED_SERVICE_LABELS[s]).join("、");
  const text = [listed, c.servicesNote].filter(Boolean).join("\n");
  return text || NOT_RECORDED;
}

function contact({ contact }: DischargeInformationContent): string {
  const text = [contact.department, contact.name, contact.phone ? `電話 ${contact.phone}` : ""]
    .filter(Boolean)
    .join(WIDE_SPACE);
  return text || NOT_RECORDED;
}
