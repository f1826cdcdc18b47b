import type { ReferralLetterDocument } from "../../model/documents";
import { formatByteSize, formatDate, formatMediaType, parseDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  NOTHING_NOTABLE,
  addresseeBlocks,
  allergiesContent,
  dateLines,
  diagnosesContent,
  medicationsContent,
  orNothingNotable,
  patientRows,
  personName,
  senderBlocks,
  testResultsTable,
  WIDE_SPACE,
} from "./document-parts";

export const REFERRAL_LETTER_TITLE = "診療情報提供書";

/** The section labels of the letter, in the order of the form. */
export const REFERRAL_LETTER_SECTIONS = [
  "紹介目的",
  "傷病名",
  "主訴",
  "既往歴・家族歴",
  "現病歴",
  "治療経過",
  "現在の処方",
  "アレルギー・副作用歴",
  "感染症情報",
  "検査結果",
  "備考",
  "添付資料",
] as const;

type Section = (typeof REFERRAL_LETTER_SECTIONS)[number];

/** A referral letter (診療情報提供書) as a PDF, in the layout of the paper form. */
export function renderReferralLetterPdf(doc: ReferralLetterDocument): Promise<Uint8Array> {
  return renderOffThread("referralLetter", doc, () => drawReferralLetterPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawReferralLetterPdf(doc: ReferralLetterDocument): Promise<Uint8Array> {
  const issuedOn = tokyoDate(doc.issuedAt);
  const { referrer, destination, patient, content } = doc;
  const layout = await DocumentLayout.create({
    title: REFERRAL_LETTER_TITLE,
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: `文書番号 ${doc.documentNumber}${WIDE_SPACE}${referrer.facility.name}`,
    draft: doc.draft,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${REFERRAL_LETTER_TITLE} ${doc.documentNumber}`,
      author: referrer.facility.name,
      subject: `${REFERRAL_LETTER_TITLE}（${destination.facility.name} ${destination.department} 宛）`,
      createdAt: new Date(doc.issuedAt),
    },
  });

  const requested: Block[] = doc.requestedBy
    ? [
        {
          kind: "text",
          text: `希望受診日 ${formatDate(parseDate(doc.requestedBy))}まで`,
          style: { size: 10, bold: true, align: "right", color: colors.alert },
        },
      ]
    : [];
  layout.flow([
    { kind: "title", text: REFERRAL_LETTER_TITLE, badge: doc.priority === "urgent" ? "至急" : undefined },
    ...dateLines(issuedOn, doc.documentNumber, requested),
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        {
          weight: 1,
          blocks: addresseeBlocks(
            "紹介先医療機関",
            destination.facility,
            destination.department,
            destination.practitioner,
          ),
        },
        {
          weight: 1.1,
          blocks: senderBlocks(
            "紹介元医療機関",
            referrer.facility,
            referrer.department,
            referrer.practitioner,
          ),
        },
      ],
    },
    { kind: "space", height: 8 },
    { kind: "text", text: "下記の患者を紹介いたします。ご高診のほど、よろしくお願い申し上げます。" },
    { kind: "space", height: 4 },
  ]);

  layout.fields(patientRows(patient, issuedOn));
  const sections: Record<Section, FieldContent> = {
    紹介目的: orNothingNotable(content.purpose),
    傷病名: diagnosesContent(content.diagnoses),
    主訴: orNothingNotable(content.chiefComplaint),
    "既往歴・家族歴": histories(content.pastHistory, content.familyHistory),
    現病歴: orNothingNotable(content.presentIllness),
    治療経過: orNothingNotable(content.courseOfTreatment),
    現在の処方: medicationsContent(content.medications),
    "アレルギー・副作用歴": allergiesContent(content.allergies, content.noKnownAllergies),
    感染症情報: orNothingNotable(content.infections),
    検査結果: testResults(doc),
    備考: orNothingNotable(content.remarks),
    添付資料: attachments(doc),
  };
  for (const label of REFERRAL_LETTER_SECTIONS) layout.section(label, sections[label]);
  return layout.finish();
}

function histories(past: string, family: string): FieldContent {
  if (past.trim() === "" && family.trim() === "") return NOTHING_NOTABLE;
  const sub = (text: string): Block => ({ kind: "text", text, style: { size: 8.5, bold: true } });
  return [
    sub("既往歴"),
    { kind: "text", text: past.trim() || NOTHING_NOTABLE },
    sub("家族歴"),
    { kind: "text", text: family.trim() || NOTHING_NOTABLE },
  ];
}

function testResults({ content }: ReferralLetterDocument): FieldContent {
  const blocks: Block[] = [];
  if (content.testResults.length > 0) blocks.push(testResultsTable(content.testResults));
  if (content.testResultsNote.trim() !== "") {
    if (blocks.length > 0) blocks.push({ kind: "space", height: 4 });
    blocks.push({ kind: "text", text: content.testResultsNote });
  }
  return blocks.length > 0 ? blocks : NOTHING_NOTABLE;
}

function attachments({ attachments }: ReferralLetterDocument): FieldContent {
  if (attachments.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: "ファイル名", weight: 2.6 },
        { header: "種類", weight: 1 },
        { header: "サイズ", weight: 0.9, align: "right" },
      ],
      rows: attachments.map((a) => [a.fileName, formatMediaType(a.mediaType), formatByteSize(a.byteSize)]),
    },
  ];
}
