import {
  ADMISSION_ADL_ITEMS,
  type AdmissionInformationContent,
} from "@/server/model/care-documents/admission-information";
import type { KindViewRows } from "./kind-parts";

/** 入院時情報提供書 on its page, in the form's order (the admission date and due date head the page too). */
export const admissionInformationRows: KindViewRows<AdmissionInformationContent> = (c, labels) => {
  const m = labels.admissionInformation;
  const L = m.labels;
  const period =
    c.certificationStart || c.certificationEnd ? `${c.certificationStart} 〜 ${c.certificationEnd}` : "";
  return [
    [L.admissionDate, c.admissionDate],
    [L.careLevel, [c.careLevel ? m.careLevels[c.careLevel] : "", period && `（${period}）`].join("")],
    [
      L.services,
      c.noServices
        ? L.noServices
        : c.services
            .map((s) => [m.services[s.service], s.provider, s.frequency].filter(Boolean).join(" ・ "))
            .join("\n"),
    ],
    [
      L.family,
      c.family
        .map((f) =>
          [
            f.name,
            f.relationship,
            f.contact,
            f.livesTogether ? L.livesTogether : m.livingApart,
            f.keyPerson ? `★${L.keyPerson}` : "",
          ]
            .filter(Boolean)
            .join(" ・ "),
        )
        .join("\n"),
    ],
    [
      L.adl,
      ADMISSION_ADL_ITEMS.map(
        (item) => `${m.adlItems[item]}: ${c.adl[item] ? m.adlLevels[c.adl[item]] : "—"}`,
      ).join("\n"),
    ],
    [L.adlNote, c.adlNote],
    [L.cognitionLevel, c.cognitionLevel ? m.cognitionLevels[c.cognitionLevel] : ""],
    [L.cognitionNote, c.cognitionNote],
    [L.medicationManager, c.medicationManager ? m.medicationManagers[c.medicationManager] : ""],
    [L.medicationNote, c.medicationNote],
    [L.patientWishes, c.patientWishes],
    [L.familyWishes, c.familyWishes],
    [L.notes, c.notes],
  ];
};
