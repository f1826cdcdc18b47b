import type { DocumentFacility, DocumentPatient, DocumentPractitioner } from "../../model/documents";
import type { ReferralLetterContent } from "../../model/referral-letter";
import { ageOn, formatDate, formatSex, parseDate, type CalendarDate } from "./format";
import { colors, type Block, type FieldCell, type FieldContent } from "./layout";

/**
 * Parts of clinical documents: referral letters, replies and discharge summaries.
 * Every section of a form is printed, so a reader can tell "left empty" from
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
  return [caption(heading), ...addresseeLines(facility, department, practitioner)];
}

/**
 * One addressee without the caption, for a list of them under one heading; an
 * unnamed person is `unnamed` (担当医 for a doctor's office, ご担当者 for a care team).
 */
export function addresseeLines(
  facility: DocumentFacility,
  department: string | null,
  practitioner: DocumentPractitioner | null,
  unnamed = "担当医",
): Block[] {
  const person = practitioner ? personName(practitioner) : unnamed;
  return [
    { kind: "text", text: facility.name, style: { size: 12.5, bold: true } },
    { kind: "text", text: [department, person, "殿"].filter(Boolean).join(WIDE_SPACE), style: { size: 11 } },
  ];
}

/** The sender: facility, address, phone, code and the doctor's name with the seal placeholder. */
export function senderBlocks(
  heading: string,
  facility: DocumentFacility,
  department: string | null,
  practitioner: DocumentPractitioner,
  { title = "医師", codeLabel = "医療機関コード" }: { title?: string; codeLabel?: string } = {},
): Block[] {
  const small = { size: 8.5, lineHeight: 1.4 };
  return [
    caption(heading),
    { kind: "text", text: facility.name, style: { size: 11, bold: true } },
    { kind: "text", text: facility.address, style: small },
    {
      kind: "text",
      text: `電話 ${facility.phone}${WIDE_SPACE}${codeLabel} ${facility.code}`,
      style: small,
    },
    {
      kind: "signature",
      text: [department, title, personName(practitioner)].filter(Boolean).join(WIDE_SPACE),
    },
  ];
}

/**
 * The diagnoses as a table. With `principal`, as in a discharge summary, the first
 * is marked 主病名 and the others 副病名.
 */
export function diagnosesContent(
  diagnoses: ReferralLetterContent["diagnoses"],
  { principal = false } = {},
): FieldContent {
  if (diagnoses.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "No.", weight: 0.4, align: "center" },
        ...(principal ? [{ header: "区分", weight: 0.8, align: "center" as const }] : []),
        { header: "傷病名", weight: principal ? 2.6 : 3.2 },
        { header: "ICD-10", weight: 1 },
        { header: "確定／疑い", weight: 1, align: "center" },
      ],
      rows: diagnoses.map((d, i) => [
        String(i + 1),
        ...(principal ? [i === 0 ? "主病名" : "副病名"] : []),
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

/**
 * Listed allergies; `none` (なし, アレルギーなし) only when the author said so,
 * 記載なし when nobody asked.
 */
export function allergiesContent(
  allergies: ReferralLetterContent["allergies"],
  noKnownAllergies: boolean,
  none = "なし",
): FieldContent {
  if (allergies.length > 0) {
    return [
      {
        kind: "table",
        columns: [{ header: "原因物質" }, { header: "症状" }],
        rows: allergies.map((a) => [a.substance, a.reaction]),
      },
    ];
  }
  return noKnownAllergies ? none : NOT_RECORDED;
}

/** Test results as a table: item, value, unit, the day observed. */
export function testResultsTable(results: ReferralLetterContent["testResults"]): Block {
  return {
    kind: "table",
    columns: [
      { header: "検査項目", weight: 1.6 },
      { header: "結果", weight: 0.8, align: "right" },
      { header: "単位", weight: 1.1 },
      { header: "検査日", weight: 1.2 },
    ],
    rows: results.map((r) => [
      r.name,
      r.value,
      r.unit,
      r.observedOn ? formatDate(parseDate(r.observedOn), { era: false }) : "",
    ]),
  };
}

/** A YYYY-MM-DD date with its era, or 記載なし when none was given. */
export function dateOrNotRecorded(isoDate: string | null | undefined): string {
  return isoDate ? formatDate(parseDate(isoDate)) : NOT_RECORDED;
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
