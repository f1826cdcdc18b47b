import type { ReadingReportDocument } from "../../model/documents";
import { keyImageCaption, type ReadingUrgency } from "../../model/reading-report";
import { formatDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldCell } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  NOT_RECORDED,
  WIDE_SPACE,
  addresseeBlocks,
  dateOrNotRecorded,
  orNothingNotable,
  patientRows,
  personName,
  senderBlocks,
} from "./document-parts";

export const READING_REPORT_TITLE = "読影レポート";
/** points: a key image's height at most, so that two fit on a page beside the other parts */
const KEY_IMAGE_HEIGHT = 220;
export const KEY_IMAGE_MISSING = "（画像を検査施設のPACSから取得できませんでした）";

/** The report's parts, in the order of the form. */
export const READING_REPORT_SECTIONS = [
  "臨床上の疑問",
  "関連する既往歴・経過",
  "所見",
  "診断",
  "推奨・コメント",
] as const;

export const READING_URGENCY_LABELS: Record<ReadingUrgency, string> = {
  routine: "通常",
  urgent: "至急",
  emergency: "緊急",
};

/**
 * A reading report (読影レポート) as a PDF, in the layout of the other letters:
 * addressed to the requesting doctor, signed by the reading physician, the
 * patient and the study read, then the question and the report part by part.
 * An amendment says which version it is, which one it replaces and why.
 */
export function renderReadingReportPdf(doc: ReadingReportDocument): Promise<Uint8Array> {
  return renderOffThread("readingReport", doc, () => drawReadingReportPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawReadingReportPdf(doc: ReadingReportDocument): Promise<Uint8Array> {
  const signedOn = tokyoDate(doc.signedAt);
  const { request, reader, patient, content } = doc;
  const edition = doc.version > 1 ? `第${doc.version}版` : "";
  const layout = await DocumentLayout.create({
    title: [READING_REPORT_TITLE, edition].filter(Boolean).join(" "),
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: [`依頼ID ${doc.readingId}`, edition, reader.facility.name].filter(Boolean).join(WIDE_SPACE),
    draft: false,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: [READING_REPORT_TITLE, edition].filter(Boolean).join(" "),
      author: reader.facility.name,
      subject: `${READING_REPORT_TITLE}（${request.facility.name} 宛）`,
      createdAt: new Date(doc.signedAt),
    },
  });

  layout.flow([
    {
      kind: "title",
      text: READING_REPORT_TITLE,
      ...(edition ? { subtitle: edition } : {}),
      ...(doc.amendment ? { badge: "訂正" } : {}),
    },
    { kind: "text", text: formatDate(signedOn), style: { size: 10, align: "right" } },
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        { weight: 1, blocks: addresseeBlocks("依頼元", request.facility, null, request.practitioner) },
        { weight: 1.1, blocks: senderBlocks("読影医療機関", reader.facility, null, reader.practitioner) },
      ],
    },
    { kind: "space", height: 8 },
    ...amendmentNotice(doc),
    {
      kind: "text",
      text: `${formatDate(tokyoDate(request.requestedAt))}付けでご依頼いただきました下記の検査の読影結果をご報告いたします。`,
    },
    { kind: "space", height: 4 },
  ]);

  layout.fields([...patientRows(patient, signedOn), ...studyRows(doc)]);
  layout.section("臨床上の疑問", orNothingNotable(request.clinicalQuestion));
  layout.section("関連する既往歴・経過", orNothingNotable(request.relevantHistory));
  layout.section("所見", content.findings || NOT_RECORDED);
  layout.section("診断", content.impression || NOT_RECORDED);
  layout.section("推奨・コメント", orNothingNotable(content.recommendations));
  if (doc.keyImages.length > 0) layout.section("キー画像", await keyImageBlocks(layout, doc));
  return layout.finish();
}

/** The study read: date and modality, where it is kept, its UID; when it was asked for and how soon. */
function studyRows({ study, request }: ReadingReportDocument): FieldCell[][] {
  return [
    [
      { label: "検査日", content: dateOrNotRecorded(study.date) },
      { label: "モダリティ", content: study.modalities.join("・") || NOT_RECORDED },
    ],
    [{ label: "検査", content: study.description || NOT_RECORDED }],
    [
      { label: "検査施設", content: study.facility.name },
      { label: "緊急度", content: READING_URGENCY_LABELS[request.urgency] },
    ],
    [{ label: "Study UID", content: study.studyUid }],
  ];
}

/**
 * Each key image as the PACS rendered it with the radiologist's window, under it
 * its caption (frame, window) and note; one the PACS could not give says so.
 */
async function keyImageBlocks(layout: DocumentLayout, doc: ReadingReportDocument): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const [i, k] of doc.keyImages.entries()) {
    const image = k.picture ? await layout.embedImage(k.picture) : null;
    if (i > 0) blocks.push({ kind: "space", height: 8 });
    if (image) blocks.push({ kind: "image", image, maxHeight: KEY_IMAGE_HEIGHT });
    blocks.push({ kind: "text", text: keyImageCaption(k, i + 1), style: { size: 8.5, align: "center" } });
    if (!image)
      blocks.push({ kind: "text", text: KEY_IMAGE_MISSING, style: { size: 8.5, color: colors.alert } });
    if (k.note) blocks.push({ kind: "text", text: k.note, style: { size: 9, align: "center" } });
  }
  return blocks;
}

/** 第2版: which version this one replaces, of when, and why, in the alert colour. */
function amendmentNotice({ version, amendment }: ReadingReportDocument): Block[] {
  if (!amendment) return [];
  const replaced = formatDate(tokyoDate(amendment.replacesSignedAt));
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
