import {
  ADL_LABELS,
  ADL_LEVEL_LABELS,
  ADMISSION_ADL_ITEMS,
  ADMISSION_INFORMATION_LABELS as L,
  CARE_SERVICE_LABELS,
  COGNITION_LEVEL_LABELS,
  MEDICATION_MANAGER_LABELS,
  type AdmissionInformationContent,
} from "../../../model/care-documents/admission-information";
import { NOT_RECORDED, WIDE_SPACE, dateOrNotRecorded, orNothingNotable } from "../document-parts";
import type { FieldContent } from "../layout";
import { careLevelText } from "./home-nursing-parts";
import type { CareDocumentPdfBody } from "./care-document-pdf-part";

/** The body of a 入院時情報提供書, in the order of the national example form. */
export function admissionInformationPdfBody(c: AdmissionInformationContent): CareDocumentPdfBody {
  return {
    fields: [
      [
        { label: L.admissionDate, content: dateOrNotRecorded(c.admissionDate) },
        { label: L.careLevel, content: careLevelText(c.careLevel) },
      ],
      [{ label: "認定有効期間", content: certificationPeriod(c) }],
    ],
    sections: [
      [L.services, services(c)],
      [L.family, family(c)],
      [L.adl, adl(c)],
      [L.adlNote, orNothingNotable(c.adlNote)],
      [
        L.cognitionLevel,
        [c.cognitionLevel ? COGNITION_LEVEL_LABELS[c.cognitionLevel] : NOT_RECORDED, c.cognitionNote]
          .filter(Boolean)
          .join("\n"),
      ],
      [
        L.medicationManager,
        [
          c.medicationManager ? MEDICATION_MANAGER_LABELS[c.medicationManager] : NOT_RECORDED,
          c.medicationNote,
        ]
          .filter(Boolean)
          .join("\n"),
      ],
      [L.patientWishes, orNothingNotable(c.patientWishes)],
      [L.familyWishes, orNothingNotable(c.familyWishes)],
      [L.notes, orNothingNotable(c.notes)],
    ],
  };
}

function certificationPeriod(c: AdmissionInformationContent): string {
  if (!c.certificationStart && !c.certificationEnd) return NOT_RECORDED;
  return `${dateOrNotRecorded(c.certificationStart)} ～ ${dateOrNotRecorded(c.certificationEnd)}`;
}

function services(c: AdmissionInformationContent): FieldContent {
  if (c.services.length === 0) return c.noServices ? "なし" : NOT_RECORDED;
  return [
    {
      kind: "table",
      columns: [
        { header: L.service, weight: 1.3 },
        { header: L.provider, weight: 2 },
        { header: L.frequency, weight: 1 },
      ],
      rows: c.services.map((s) => [CARE_SERVICE_LABELS[s.service], s.provider || "—", s.frequency || "—"]),
    },
  ];
}

function family(c: AdmissionInformationContent): FieldContent {
  if (c.family.length === 0) return NOT_RECORDED;
  return [
    {
      kind: "table",
      columns: [
        { header: L.name, weight: 1.3 },
        { header: L.relationship, weight: 0.8 },
        { header: L.contact, weight: 1.4 },
        { header: `${L.livesTogether}${WIDE_SPACE}${L.keyPerson}`, weight: 1.2 },
      ],
      rows: c.family.map((f) => [
        f.name,
        f.relationship || "—",
        f.contact || "—",
        [f.livesTogether ? L.livesTogether : "別居", f.keyPerson ? L.keyPerson : ""]
          .filter(Boolean)
          .join(WIDE_SPACE),
      ]),
    },
  ];
}

/** The five ADL items side by side, each with its level, as the form's row of boxes. */
function adl({ adl }: AdmissionInformationContent): FieldContent {
  return [
    {
      kind: "table",
      columns: ADMISSION_ADL_ITEMS.map((item) => ({ header: ADL_LABELS[item], align: "center" as const })),
      rows: [ADMISSION_ADL_ITEMS.map((item) => (adl[item] ? ADL_LEVEL_LABELS[adl[item]] : "―"))],
    },
  ];
}
