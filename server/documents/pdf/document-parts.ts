import type { DocumentFacility, DocumentPatient, DocumentPractitioner } from "../document-model";
import type { ReferralLetterContent } from "../../domain/referrals/referral-letter.schema";
import { ageOn, formatDate, formatSex, parseDate, type CalendarDate } from "./format";
import { colors, type Block, type FieldCell, type FieldContent } from "./layout";

/**
 * Parts of clinical documents: referral letters and replies now, discharge summaries
 * next. Every section of a form is printed, so a reader can tell "left empty" from
 * "not part of this document": an empty section reads 特記事項なし, except where that
 * would state something untrue (allergies not asked: 記載なし; a date not given: 記載なし).
 */

export const NOTHING_NOTABLE = "特記事項なし";
/** U+3000, the full-width space that separates items on Japanese forms. */
export const WIDE_SPACE = "\u3000";
export const NOT_RECORDED = "記載なし";

export function personName(person: { familyName: string; givenName: string }): string {
  return `${person.familyName} ${person.givenName}`;
}

export function personKana(person: { familyNameKana: string; givenNameKana: string }): string {
  return `${person.familyNameKana} ${person.givenNameKana}`;
}

/** Text, or 特記事項なし when it is empty. */
export function orNothingNotable(text: string): FieldContent {
  return text.trim() === "" ? NOTHING_NOTABLE : text;
}

/** Patient identification rows: name and kana, sex, birth date and age, address, phone, regional ID. */
export function patientRows(patient: DocumentPatient, on: CalendarDate): FieldCell[][] {
  const birth = parseDate(patient.birthDate);
  const ids = patient.localId ? `${patient.regionalId}\n施設患者ID ${patient.localId}` : patient.regionalId;
  return [
    [
      {
        label: "患者氏名",
        weight: 2,
        content: [
          { kind: "text", text: personKana(patient), style: { size: 8, color: colors.muted } },
          { kind: "text", text: `${personName(patient)} 様`, style: { size: 12, bold: true } },
        ],
      },
      { label: "性別", content: formatSex(patient.sex) },
    ],
    [
      { label: "生年月日", weight: 2, content: `${formatDate(birth)}生${WIDE_SPACE}${ageOn(birth, on)}歳` },
      { label: "地域ID", content: ids },
    ],
    [
      { label: "住所", weight: 2, content: `〒${patient.postalCode}\n${patient.address}` },
      { label: "電話", content: patient.phone },
    ],
  ];
}

/** A small caption above a block of the heading area (紹介先, 紹介元 ...). */
function caption(text: string): Block {
  return { kind: "text", text, style: { size: 8, color: colors.muted } };
}

/** The addressee: facility, department and doctor, with 殿. */
export function addresseeBlocks(
  heading: string,
  facility: DocumentFacility,
  department: string | null,
  practitioner: DocumentPractitioner | null,
): Block[] {
  const doctor = practitioner ? personName(practitioner) : "担当医";
  return [
    caption(heading),
    { kind: "text", text: facility.name, style: { size: 12.5, bold: true } },
    { kind: "text", text: [department, doctor, "殿"].filter(Boolean).join(WIDE_SPACE), style: { size: 11 } },
  ];
}

/** The sender: facility, address, phone, code and the doctor's name with the seal placeholder. */
export function senderBlocks(
  heading: string,
  facility: DocumentFacility,
  department: string | null,
  practitioner: DocumentPractitioner,
): Block[] {
  const small = { size: 8.5, lineHeight: 1.4 };
  return [
    caption(heading),
    { kind: "text", text: facility.name, style: { size: 11, bold: true } },
    { kind: "text", text: facility.address, style: small },
    {
      kind: "text",
      text: `電話 ${facility.phone}${WIDE_SPACE}医療機関コード ${facility.code}`,
      style: small,
    },
    {
      kind: "signature",
      text: [department, "医師", personName(practitioner)].filter(Boolean).join(WIDE_SPACE),
    },
  ];
}

export function diagnosesContent(diagnoses: ReferralLetterContent["diagnoses"]): FieldContent {
  if (diagnoses.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "No.", weight: 0.4, align: "center" },
        { header: "傷病名", weight: 3.2 },
        { header: "ICD-10", weight: 1 },
        { header: "確定／疑い", weight: 1, align: "center" },
      ],
      rows: diagnoses.map((d, i) => [
        String(i + 1),
        d.name,
        d.icd10 || "―",
        d.certainty === "suspected" ? "疑い" : "確定",
      ]),
    },
  ];
}

export function medicationsContent(medications: ReferralLetterContent["medications"]): FieldContent {
  if (medications.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "薬剤名", weight: 1.1 },
        { header: "用法・用量", weight: 1 },
      ],
      rows: medications.map((m) => [m.name, m.dosage]),
    },
  ];
}

/** The date, document number and (for letters) other notes at the right of the heading. */
export function dateLines(issuedOn: CalendarDate, documentNumber: string, extra: Block[] = []): Block[] {
  return [
    { kind: "text", text: formatDate(issuedOn), style: { size: 10, align: "right" } },
    {
      kind: "text",
      text: `文書番号 ${documentNumber}`,
      style: { size: 8.5, align: "right", color: colors.muted },
    },
    ...extra,
  ];
}
