import {
  ADL_ITEMS,
  type DischargeInformationContent,
} from "@/server/model/care-documents/discharge-information";
import type { KindViewRows } from "./kind-parts";

export const dischargeInformationRows: KindViewRows<DischargeInformationContent> = (c, m) => {
  const D = m.dischargeInformation;
  const L = D.labels;
  const H = m.homeNursing;
  return [
    [L.admissionDate, c.admissionDate ?? ""],
    [L.dischargeDate, c.dischargeDate ?? ""],
    [
      L.diagnoses,
      c.diagnoses
        .map((d) =>
          [d.name, d.icd10, d.certainty === "suspected" ? D.suspected : ""].filter(Boolean).join(" "),
        )
        .join("\n"),
    ],
    [L.hospitalCourse, c.hospitalCourse],
    [L.prognosis, c.prognosis],
    [
      L.medicalCare,
      c.noMedicalCare
        ? L.noMedicalCare
        : c.medicalCare.map((x) => [D.medicalCare[x.item], x.note].filter(Boolean).join(": ")).join("\n"),
    ],
    [
      L.followUp,
      [c.followUp.facility, c.followUp.method ? D.followUpMethods[c.followUp.method] : ""]
        .filter(Boolean)
        .join(" ・ "),
    ],
    [
      L.adl,
      ADL_ITEMS.filter((i) => c.adl[i])
        .map((i) => `${D.adlItems[i]}: ${D.adlLevels[c.adl[i]!]}`)
        .join("\n"),
    ],
    [L.adlNote, c.adlNote],
    [L.cognition, c.cognition],
    [
      L.medications,
      c.noMedication
        ? L.noMedication
        : c.medications.map((x) => [x.name, x.dosage].filter(Boolean).join(" ")).join("\n"),
    ],
    [L.medicationManagement, c.medicationManagement],
    [L.diagnosisDisclosed, c.diagnosisDisclosed === null ? "" : c.diagnosisDisclosed ? H.yes : H.no],
    [L.patientUnderstanding, c.patientUnderstanding],
    [L.patientWishes, c.patientWishes],
    [L.familyUnderstanding, c.familyUnderstanding],
    [L.familyWishes, c.familyWishes],
    [L.recommendedServices, c.recommendedServices.map((s) => D.services[s]).join("、")],
    [L.servicesNote, c.servicesNote],
    [L.precautions, c.precautions],
    [L.contact, [c.contact.department, c.contact.name, c.contact.phone].filter(Boolean).join(" ・ ")],
  ];
};
