import type { ReferralReplyDocument } from "../../model/documents";
import type { ReferralReplyContent } from "../../model/referral-letter";
import { formatDate, tokyoDate } from "./format";
import { DocumentLayout, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  addresseeBlocks,
  dateLines,
  dateOrNotRecorded,
  diagnosesContent,
  medicationsContent,
  orNothingNotable,
  patientRows,
  personName,
  senderBlocks,
  WIDE_SPACE,
} from "./document-parts";

export const REFERRAL_REPLY_TITLE = "診療情報提供書（返書）";
export const REFERRAL_REPLY_SUBTITLE = "受診報告";

export const REFERRAL_REPLY_SECTIONS = [
  "受診日",
  "傷病名",
  "所見・経過",
  "治療方針",
  "処方",
  "今後の方針",
  "備考",
] as const;

type Section = (typeof REFERRAL_REPLY_SECTIONS)[number];

export const DISPOSITIONS: Record<ReferralReplyContent["disposition"], string> = {
  back_to_referrer: "貴院にて継続診療をお願いいたします（逆紹介）。",
  follow_up_here: "当科にて継続診療いたします。",
  admitted: "当院に入院となりました。",
  other: "その他（備考をご参照ください）。",
};

/** The reply to a referral (返書・受診報告), in the same layout as the letter. */
export function renderReferralReplyPdf(doc: ReferralReplyDocument): Promise<Uint8Array> {
  return renderOffThread("referralReply", doc, () => drawReferralReplyPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawReferralReplyPdf(doc: ReferralReplyDocument): Promise<Uint8Array> {
  const issuedOn = tokyoDate(doc.issuedAt);
  const { author, recipient, patient, content } = doc;
  const layout = await DocumentLayout.create({
    title: `${REFERRAL_REPLY_TITLE} ${REFERRAL_REPLY_SUBTITLE}`,
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: `文書番号 ${doc.documentNumber}${WIDE_SPACE}${author.facility.name}`,
    draft: doc.draft,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${REFERRAL_REPLY_TITLE} ${doc.documentNumber}`,
      author: author.facility.name,
      subject: `${REFERRAL_REPLY_TITLE}（${recipient.facility.name} 宛）`,
      createdAt: new Date(doc.issuedAt),
    },
  });

  layout.flow([
    { kind: "title", text: REFERRAL_REPLY_TITLE, subtitle: REFERRAL_REPLY_SUBTITLE },
    ...dateLines(issuedOn, doc.documentNumber),
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        {
          weight: 1,
          blocks: addresseeBlocks("紹介元医療機関", recipient.facility, null, recipient.practitioner),
        },
        {
          weight: 1.1,
          blocks: senderBlocks("報告元医療機関", author.facility, author.department, author.practitioner),
        },
      ],
    },
    { kind: "space", height: 8 },
    {
      kind: "text",
      text: `${formatDate(tokyoDate(doc.referralIssuedAt))}付けでご紹介いただきました下記の患者様につきまして、ご報告申し上げます。`,
    },
    { kind: "space", height: 4 },
  ]);

  layout.fields(patientRows(patient, issuedOn));
  const sections: Record<Section, FieldContent> = {
    受診日: dateOrNotRecorded(content.visitedOn),
    傷病名: diagnosesContent(content.diagnoses),
    "所見・経過": orNothingNotable(content.findings),
    治療方針: orNothingNotable(content.treatmentPlan),
    処方: medicationsContent(content.medications),
    今後の方針: DISPOSITIONS[content.disposition],
    備考: orNothingNotable(content.remarks),
  };
  for (const label of REFERRAL_REPLY_SECTIONS) layout.section(label, sections[label]);
  return layout.finish();
}
