import type { NursingInstructionDocument } from "../../model/documents";
import type { NursingInstructionContent } from "../../model/nursing-instruction";
import {
  CARE_LEVEL_LABELS,
  DEMENTIA_LABELS,
  DEVICE_LABELS,
  NURSING_INSTRUCTION_TITLES,
  daysBetween,
} from "../../model/nursing-instruction";
import { formatDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldCell, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  NOTHING_NOTABLE,
  NOT_RECORDED,
  WIDE_SPACE,
  addresseeLines,
  dateLines,
  dateOrNotRecorded,
  medicationsContent,
  orNothingNotable,
  patientRows,
  personName,
  senderBlocks,
} from "./document-parts";

/** The sections of the form, in its order (留意事項及び指示事項 split as the form numbers them). */
export const NURSING_INSTRUCTION_SECTIONS = [
  "主たる傷病名",
  "病状・治療状態",
  "投与中の薬剤の用量・用法",
  "日常生活自立度",
  "要介護認定の状況",
  "褥瘡の深さ",
  "装着・使用医療機器等",
  "療養生活指導上の留意事項",
  "リハビリテーション",
  "褥瘡の処置等",
  "装着・使用医療機器等の操作援助・管理",
  "その他",
  "緊急時の連絡先",
  "不在時の対応法",
  "他の訪問看護ステーションへの指示",
] as const;
type Section = (typeof NURSING_INSTRUCTION_SECTIONS)[number];

/**
 * A visiting-nurse instruction (訪問看護指示書) or special instruction
 * (特別訪問看護指示書) as an A4 PDF in the layout of the referral letter: the
 * station and the physician, the patient, the period, then the form's items.
 */
export function renderNursingInstructionPdf(doc: NursingInstructionDocument): Promise<Uint8Array> {
  return renderOffThread("nursingInstruction", doc, () => drawNursingInstructionPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawNursingInstructionPdf(doc: NursingInstructionDocument): Promise<Uint8Array> {
  const issuedOn = tokyoDate(doc.issuedAt);
  const { author, patient, content } = doc;
  const title = NURSING_INSTRUCTION_TITLES[content.kind];
  const layout = await DocumentLayout.create({
    title,
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: [`文書番号 ${doc.documentNumber}`, author.facility.name].join(WIDE_SPACE),
    draft: doc.draft,
    cancelled: doc.cancelled !== null,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${title} ${doc.documentNumber}`,
      author: author.facility.name,
      subject: doc.station ? `${title}（${doc.station.name} 宛）` : title,
      createdAt: new Date(doc.issuedAt),
    },
  });

  layout.flow([
    { kind: "title", text: title },
    ...dateLines(issuedOn, doc.documentNumber),
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        {
          weight: 1,
          blocks: [
            { kind: "text", text: "訪問看護ステーション", style: { size: 8, color: colors.muted } },
            ...(doc.station
              ? addresseeLines(doc.station, null, null, "管理者")
              : [{ kind: "text", text: NOT_RECORDED } as Block]),
          ],
        },
        { weight: 1.1, blocks: senderBlocks("指示医", author.facility, null, author.practitioner) },
      ],
    },
    { kind: "space", height: 8 },
    {
      kind: "text",
      text: `上記のとおり、${content.kind === "special" ? "特別" : ""}訪問看護の実施を指示いたします。`,
    },
    { kind: "space", height: 4 },
    ...cancellationNotice(doc),
  ]);

  layout.fields([...patientRows(patient, issuedOn), ...periodRows(content)]);
  const sections: Record<Section, FieldContent> = {
    主たる傷病名: diagnosis(content),
    "病状・治療状態": orNothingNotable(content.currentCondition),
    "投与中の薬剤の用量・用法": content.noMedication ? "投薬なし" : medicationsContent(content.medications),
    日常生活自立度: [
      `寝たきり度${WIDE_SPACE}${content.bedriddenLevel ?? NOT_RECORDED}`,
      `認知症の状況${WIDE_SPACE}${content.dementiaLevel ? DEMENTIA_LABELS[content.dementiaLevel] : NOT_RECORDED}`,
    ].join("\n"),
    要介護認定の状況: content.careLevel ? CARE_LEVEL_LABELS[content.careLevel] : NOT_RECORDED,
    褥瘡の深さ: content.pressureUlcerDepth ? `DESIGN-R 分類 ${content.pressureUlcerDepth}` : "褥瘡なし",
    "装着・使用医療機器等": devices(content),
    療養生活指導上の留意事項: orNothingNotable(content.careInstructions),
    リハビリテーション: orNothingNotable(content.rehabilitation),
    褥瘡の処置等: orNothingNotable(content.woundCare),
    "装着・使用医療機器等の操作援助・管理": orNothingNotable(content.deviceManagement),
    その他: orNothingNotable(content.otherInstructions),
    緊急時の連絡先: content.emergencyContact || NOT_RECORDED,
    不在時の対応法: orNothingNotable(content.whenAbsent),
    他の訪問看護ステーションへの指示: content.otherStations || "無",
  };
  for (const label of NURSING_INSTRUCTION_SECTIONS) layout.section(label, sections[label]);
  return layout.finish();
}

/** 指示期間 (and, for a special instruction, why). */
function periodRows(content: NursingInstructionContent): FieldCell[][] {
  const { periodStart, periodEnd } = content;
  const days = periodStart && periodEnd ? `（${daysBetween(periodStart, periodEnd) + 1}日間）` : "";
  const rows: FieldCell[][] = [
    [
      {
        label: content.kind === "special" ? "特別指示期間" : "指示期間",
        content: `${dateOrNotRecorded(periodStart)} 〜 ${dateOrNotRecorded(periodEnd)}${days}`,
      },
    ],
  ];
  if (content.kind === "special") {
    rows.push([{ label: "特別指示の理由", content: orNothingNotable(content.specialReason) }]);
  }
  return rows;
}

function diagnosis({ mainDiagnosis, otherDiagnoses }: NursingInstructionContent): FieldContent {
  if (!mainDiagnosis.name) return NOT_RECORDED;
  const main = mainDiagnosis.icd10
    ? `${mainDiagnosis.name}（ICD-10 ${mainDiagnosis.icd10}）`
    : mainDiagnosis.name;
  return otherDiagnoses ? `${main}\nその他の傷病名：${otherDiagnoses}` : main;
}

function devices({ devices }: NursingInstructionContent): FieldContent {
  if (devices.length === 0) return NOTHING_NOTABLE;
  return devices
    .map((d) => (d.note ? `${DEVICE_LABELS[d.device]}（${d.note}）` : DEVICE_LABELS[d.device]))
    .join("\n");
}

/** 指示の取消: when and why, in the alert colour, above the form (the instruction is no longer in force). */
function cancellationNotice({ cancelled }: NursingInstructionDocument): Block[] {
  if (!cancelled) return [];
  return [
    {
      kind: "text",
      text: `この指示書は${formatDate(tokyoDate(cancelled.at))}に取り消されました（指示の取消）。`,
      style: { bold: true, color: colors.alert },
    },
    { kind: "text", text: `取消の理由：${cancelled.reason || NOT_RECORDED}`, style: { color: colors.alert } },
    { kind: "space", height: 4 },
  ];
}
