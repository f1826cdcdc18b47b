import type { PathwaySheetDocument } from "../../model/pathway-sheet";
import { formatDate, parseDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import { NOT_RECORDED, NOTHING_NOTABLE, patientRows, personName, WIDE_SPACE } from "./document-parts";

export const PATHWAY_SHEET_TITLE = "地域連携クリティカルパス 連携シート";

const STATUS: Record<PathwaySheetDocument["sheet"]["enrolment"]["status"], string> = {
  active: "実施中",
  completed: "完了（パス達成）",
  withdrawn: "中止",
};

const STAGE_STATUS: Record<PathwaySheetDocument["sheet"]["stages"][number]["status"], string> = {
  not_reached: "未到達",
  skipped: "省略（この段階を経ずに次へ）",
  active: "実施中",
  completed: "終了",
  discontinued: "中止",
};

/** Table dates without the era (dateOrNotRecorded in document-parts.ts prints it). */
const day = (iso: string | null) => (iso ? formatDate(parseDate(iso), { era: false }) : NOT_RECORDED);

/**
 * The pathway sheet as a PDF, in the layout of the referral letter (the same
 * engine, fonts and patient rows): the patient, then each stage with its
 * facility, dates, length of stay against the plan, measures and variances,
 * then the pathway meetings' decisions.
 */
export function renderPathwaySheetPdf(doc: PathwaySheetDocument): Promise<Uint8Array> {
  return renderOffThread("pathwaySheet", doc, () => drawPathwaySheetPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawPathwaySheetPdf(doc: PathwaySheetDocument): Promise<Uint8Array> {
  const { sheet, patient, issuer } = doc;
  const issuedOn = tokyoDate(doc.issuedAt);
  const pathwayName = `${sheet.enrolment.pathwayName.ja}（第${sheet.enrolment.templateVersion}版）`;
  const layout = await DocumentLayout.create({
    title: PATHWAY_SHEET_TITLE,
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: `${pathwayName}${WIDE_SPACE}出力 ${issuer.name}`,
    draft: false,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${PATHWAY_SHEET_TITLE}（${sheet.enrolment.pathwayName.ja}）`,
      author: issuer.name,
      subject: pathwayName,
      createdAt: new Date(doc.issuedAt),
    },
  });

  layout.flow([
    { kind: "title", text: PATHWAY_SHEET_TITLE, subtitle: pathwayName },
    { kind: "text", text: formatDate(issuedOn), style: { size: 10, align: "right" } },
    {
      kind: "text",
      text: `出力施設 ${issuer.name}`,
      style: { size: 8.5, align: "right", color: colors.muted },
    },
    { kind: "space", height: 6 },
  ]);
  layout.fields(patientRows(patient, issuedOn));
  const e = sheet.enrolment;
  layout.fields([
    [
      { label: "パス", weight: 2, content: pathwayName },
      { label: "状態", content: STATUS[e.status] },
    ],
    [
      { label: "発症日・受傷日", content: day(e.onsetOn) },
      { label: "開始日", content: day(e.startedOn) },
      { label: "終了日", content: e.endedOn ? day(e.endedOn) : "―" },
    ],
  ]);

  sheet.stages.forEach((stage, i) => layout.section(`${i + 1}. ${stage.name.ja}`, stageContent(stage)));
  layout.section("パス会議の決定事項", decisions(sheet.decisions));
  return layout.finish();
}

function stageContent(stage: PathwaySheetDocument["sheet"]["stages"][number]): FieldContent {
  if (!stage.facility) return STAGE_STATUS[stage.status];
  const [admitted, discharged] = stage.inpatient ? ["入院日", "退院日"] : ["開始日", "終了日"];
  const stay =
    stage.lengthOfStay === null
      ? ""
      : `${WIDE_SPACE}${stage.inpatient ? "在院日数" : "期間"} ${stage.lengthOfStay}日（目標 ${stage.targetDays}日${stage.overTarget ? "・超過" : ""}）`;
  const blocks: Block[] = [
    {
      kind: "text",
      text: `${stage.facility.name}${WIDE_SPACE}${STAGE_STATUS[stage.status]}`,
      style: { bold: true },
    },
    {
      kind: "text",
      text: `${admitted} ${day(stage.admittedOn)}${WIDE_SPACE}${discharged} ${day(stage.dischargedOn)}${stay}`,
      style: { size: 9 },
    },
    { kind: "space", height: 3 },
    {
      kind: "table",
      columns: [
        { header: "評価項目", weight: 1.6 },
        { header: "値", weight: 1.4 },
      ],
      rows: stage.measures.map((m) => [m.label.ja, m.display || NOT_RECORDED]),
    },
  ];
  if (stage.variances.length > 0) {
    blocks.push(
      { kind: "space", height: 4 },
      { kind: "text", text: "バリアンス", style: { size: 8.5, bold: true } },
      {
        kind: "table",
        columns: [
          { header: "発生日", weight: 0.9 },
          { header: "要因", weight: 0.9 },
          { header: "内容", weight: 1.6 },
          { header: "理由・対応", weight: 1.6 },
          { header: "遅延", weight: 0.5, align: "right" },
        ],
        rows: stage.variances.map((v) => [
          day(v.occurredOn),
          v.categoryLabel.ja,
          v.description,
          v.reason || NOTHING_NOTABLE,
          v.delayDays === null ? "" : `${v.delayDays}日`,
        ]),
      },
    );
  }
  if (stage.declinedHandovers.length > 0) {
    blocks.push({
      kind: "text",
      text: stage.declinedHandovers
        .map(
          (h) =>
            `${h.facilityName}：${h.status === "declined" ? `受け入れ不可（${h.reasonLabel?.ja ?? ""}）` : "依頼取り消し"}${h.note ? ` ${h.note}` : ""}`,
        )
        .join("\n"),
      style: { size: 8.5, color: colors.muted },
    });
  }
  return blocks;
}

function decisions(rows: PathwaySheetDocument["sheet"]["decisions"]): FieldContent {
  if (rows.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "会議日", weight: 0.9 },
        { header: "決定事項", weight: 2.4 },
        { header: "担当施設", weight: 1.3 },
        { header: "期限", weight: 0.9 },
      ],
      rows: rows.map((d) => [
        formatDate(tokyoDate(d.occursAt), { era: false }),
        d.decision,
        d.responsibleFacilityName,
        d.dueOn ? day(d.dueOn) : "―",
      ]),
    },
  ];
}
