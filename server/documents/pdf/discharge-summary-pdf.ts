import type { DischargeSummaryDocument } from "../../model/documents";
import type { DischargeDestination } from "../../model/discharge-summary";
import { formatDate, lengthOfStay, parseDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldCell, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  NOTHING_NOTABLE,
  NOT_RECORDED,
  WIDE_SPACE,
  addresseeLines,
  allergiesContent,
  dateLines,
  dateOrNotRecorded,
  diagnosesContent,
  medicationsContent,
  orNothingNotable,
  patientRows,
  personName,
  senderBlocks,
  testResultsTable,
} from "./document-parts";

export const DISCHARGE_SUMMARY_TITLE = "退院時サマリー";

/** The section labels of the summary, in the order of the form. */
export const DISCHARGE_SUMMARY_SECTIONS = [
  "退院時診断",
  "入院理由",
  "入院経過",
  "手術・処置",
  "検査結果",
  "退院時の状態",
  "看護・介護上の留意点",
  "退院時処方",
  "処方変更点",
  "アレルギー・副作用歴",
  "今後の方針",
  "備考",
] as const;

type Section = (typeof DISCHARGE_SUMMARY_SECTIONS)[number];

export const DISCHARGE_DESTINATIONS: Record<DischargeDestination, string> = {
  home: "自宅",
  home_with_services: "自宅（在宅サービス利用）",
  care_facility: "介護施設",
  rehabilitation_hospital: "回復期リハビリテーション病院へ転院",
  other_hospital: "他の病院へ転院",
  deceased: "死亡退院",
  other: "その他",
};

export const NO_DISCHARGE_MEDICATION = "処方なし";
export const NO_KNOWN_ALLERGIES = "アレルギーなし";

/**
 * A discharge summary (退院時サマリー) as a PDF, in the layout of the referral
 * letter: heading with the recipients and the hospital, patient rows, the stay,
 * then one boxed section per part of the content. An amendment says which
 * version it is, which one it replaces and why.
 */
export function renderDischargeSummaryPdf(doc: DischargeSummaryDocument): Promise<Uint8Array> {
  return renderOffThread("dischargeSummary", doc, () => drawDischargeSummaryPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawDischargeSummaryPdf(doc: DischargeSummaryDocument): Promise<Uint8Array> {
  const issuedOn = tokyoDate(doc.issuedAt);
  const { author, patient, content } = doc;
  const edition = doc.version > 1 ? `第${doc.version}版` : "";
  const layout = await DocumentLayout.create({
    title: [DISCHARGE_SUMMARY_TITLE, edition].filter(Boolean).join(" "),
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: [`文書番号 ${doc.documentNumber}`, edition, author.facility.name]
      .filter(Boolean)
      .join(WIDE_SPACE),
    draft: doc.draft,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: [DISCHARGE_SUMMARY_TITLE, doc.documentNumber, edition].filter(Boolean).join(" "),
      author: author.facility.name,
      subject:
        doc.recipients.length > 0
          ? `${DISCHARGE_SUMMARY_TITLE}（${doc.recipients.map((r) => r.facility.name).join("、")} 宛）`
          : DISCHARGE_SUMMARY_TITLE,
      createdAt: new Date(doc.issuedAt),
    },
  });

  layout.flow([
    {
      kind: "title",
      text: DISCHARGE_SUMMARY_TITLE,
      ...(edition ? { subtitle: edition } : {}),
      ...(doc.amendment ? { badge: "訂正" } : {}),
    },
    ...dateLines(issuedOn, doc.documentNumber),
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        { weight: 1, blocks: recipientBlocks(doc) },
        {
          weight: 1.1,
          blocks: senderBlocks("作成医療機関", author.facility, author.department, author.practitioner),
        },
      ],
    },
    { kind: "space", height: 8 },
    ...amendmentNotice(doc),
    { kind: "text", text: introduction(doc) },
    { kind: "space", height: 4 },
  ]);

  layout.fields([...patientRows(patient, issuedOn), ...stayRows(doc)]);
  const sections: Record<Section, FieldContent> = {
    退院時診断: diagnosesContent(content.diagnoses, { principal: true }),
    入院理由: orNothingNotable(content.reasonForAdmission),
    入院経過: orNothingNotable(content.hospitalCourse),
    "手術・処置": procedures(doc),
    検査結果: content.testResults.length > 0 ? [testResultsTable(content.testResults)] : NOTHING_NOTABLE,
    退院時の状態: orNothingNotable(content.conditionAtDischarge),
    "看護・介護上の留意点": orNothingNotable(content.careNeeds),
    退院時処方: dischargeMedication(doc),
    処方変更点: orNothingNotable(content.medicationChanges),
    "アレルギー・副作用歴": allergiesContent(content.allergies, content.noKnownAllergies, NO_KNOWN_ALLERGIES),
    今後の方針: orNothingNotable(content.followUpPlan),
    備考: orNothingNotable(content.remarks),
  };
  for (const label of DISCHARGE_SUMMARY_SECTIONS) layout.section(label, sections[label]);
  return layout.finish();
}

/** Every recipient under one caption: the referring doctor, then the care team. */
function recipientBlocks({ recipients }: DischargeSummaryDocument): Block[] {
  const caption: Block = { kind: "text", text: "送付先", style: { size: 8, color: colors.muted } };
  if (recipients.length === 0) return [caption, { kind: "text", text: NOT_RECORDED }];
  return [
    caption,
    ...recipients.flatMap((r, i) => [
      ...(i > 0 ? [{ kind: "space", height: 4 } as const] : []),
      ...addresseeLines(r.facility, null, r.practitioner, r.kind === "referrer" ? "担当医" : "ご担当者"),
    ]),
  ];
}

/** 第2版: which version this one replaces, of when, and why, in the alert colour. */
function amendmentNotice({ version, amendment }: DischargeSummaryDocument): Block[] {
  if (!amendment) return [];
  const replaced = formatDate(tokyoDate(amendment.replacesIssuedAt));
  return [
    {
      kind: "text",
      text: `本書は第${version}版です。${replaced}付けの第${amendment.replacesVersion}版を訂正し、差し替えます。`,
      style: { bold: true, color: colors.alert },
    },
    { kind: "text", text: `訂正理由：${amendment.note || NOT_RECORDED}`, style: { color: colors.alert } },
    { kind: "space", height: 4 },
  ];
}

function introduction({ referral }: DischargeSummaryDocument): string {
  return referral
    ? `${formatDate(tokyoDate(referral.issuedAt))}付けでご紹介いただきました下記の患者様が退院されましたので、ご報告申し上げます。`
    : "下記の患者様が退院されましたので、ご報告申し上げます。";
}

/** Admission and discharge dates, the length of stay, the destination and the referral quoted. */
function stayRows({ content, referral }: DischargeSummaryDocument): FieldCell[][] {
  const { admissionDate, dischargeDate } = content;
  const days =
    admissionDate && dischargeDate
      ? `${lengthOfStay(parseDate(admissionDate), parseDate(dischargeDate))}日（入院日・退院日を含む）`
      : NOT_RECORDED;
  const destination = content.dischargeDestination
    ? [DISCHARGE_DESTINATIONS[content.dischargeDestination], content.dischargeDestinationNote]
        .filter(Boolean)
        .join("\n")
    : NOT_RECORDED;
  const rows: FieldCell[][] = [
    [
      { label: "入院日", content: dateOrNotRecorded(admissionDate) },
      { label: "退院日", content: dateOrNotRecorded(dischargeDate) },
    ],
    [
      { label: "入院日数", content: days },
      { label: "退院先", content: destination },
    ],
  ];
  if (referral) {
    rows.push([
      {
        label: "紹介元",
        content:
          `${referral.referrerFacility.name}${WIDE_SPACE}` +
          `${formatDate(tokyoDate(referral.issuedAt))}付け 診療情報提供書（文書番号 ${referral.documentNumber}）`,
      },
    ]);
  }
  return rows;
}

function procedures({ content }: DischargeSummaryDocument): FieldContent {
  if (content.procedures.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "実施日", weight: 1 },
        { header: "手術・処置名", weight: 2 },
        { header: "備考", weight: 1.6 },
      ],
      rows: content.procedures.map((p) => [
        p.performedOn ? formatDate(parseDate(p.performedOn), { era: false }) : "",
        p.name,
        p.note,
      ]),
    },
  ];
}

/** The medicines; 処方なし only when the author said so, 記載なし when nothing was filled in. */
function dischargeMedication({ content }: DischargeSummaryDocument): FieldContent {
  if (content.dischargeMedications.length > 0) return medicationsContent(content.dischargeMedications);
  return content.noDischargeMedication ? NO_DISCHARGE_MEDICATION : NOT_RECORDED;
}
