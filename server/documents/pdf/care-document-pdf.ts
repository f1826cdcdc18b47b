import {
  CARE_DOCUMENT_SPECS,
  type CareDocumentContents,
  type CareDocumentKind,
} from "../../model/care-documents/registry";
import type { CareDocumentDocument } from "../../model/documents";
import type { CareDocumentPdfBody } from "./care-documents/care-document-pdf-part";
import { tracingReportPdfBody } from "./care-documents/tracing-report";
import { nursingPlanPdfBody } from "./care-documents/nursing-plan-pdf";
import { nursingReportPdfBody } from "./care-documents/nursing-report-pdf";
import { dischargeInformationPdfBody } from "./care-documents/discharge-information-pdf";
import { admissionInformationPdfBody } from "./care-documents/admission-information-pdf";
import type { RelatedDocument } from "../../model/care-documents/related-document";
import { formatDate, parseDate, tokyoDate } from "./format";
import { DocumentLayout, colors, type Block } from "./layout";
import { renderOffThread } from "./off-thread";
import {
  WIDE_SPACE,
  addresseeLines,
  dateLines,
  personName,
  patientRows,
  senderBlocks,
} from "./document-parts";

/** Each kind's body; the rest of the form (parties, patient, notice, reply) is drawn here for all kinds. */
const BODIES: {
  [K in CareDocumentKind]: (
    content: CareDocumentContents[K],
    related: readonly RelatedDocument[],
  ) => CareDocumentPdfBody;
} = {
  tracing_report: tracingReportPdfBody,
  nursing_plan: nursingPlanPdfBody,
  nursing_report: nursingReportPdfBody,
  discharge_information: dischargeInformationPdfBody,
  admission_information: admissionInformationPdfBody,
};

/** How a form names the signer's profession beside the name. */
const PROFESSION_TITLES: Record<string, string> = {
  physician: "医師",
  dentist: "歯科医師",
  nurse: "看護師",
  visiting_nurse: "看護師",
  pharmacist: "薬剤師",
  therapist: "療法士",
  care_manager: "介護支援専門員",
  liaison: "地域連携室",
  clerk: "担当",
};

/**
 * A care document of any kind as an A4 PDF in the layout of the referral
 * letter: title, date and number, the recipient and the author, the kind's
 * lead and notice, the patient, the kind's own sections, then the due date
 * and the recipient's reply when there is one.
 */
export function renderCareDocumentPdf(doc: CareDocumentDocument): Promise<Uint8Array> {
  return renderOffThread("careDocument", doc, () => drawCareDocumentPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawCareDocumentPdf(doc: CareDocumentDocument): Promise<Uint8Array> {
  const { terms } = CARE_DOCUMENT_SPECS[doc.kind];
  const issuedOn = tokyoDate(doc.issuedAt);
  const { author, patient, recipient } = doc;
  const layout = await DocumentLayout.create({
    title: terms.title,
    subject: `患者氏名 ${personName(patient)} 様（地域ID ${patient.regionalId}）`,
    footer: [`文書番号 ${doc.documentNumber}`, author.facility.name].join(WIDE_SPACE),
    draft: doc.draft,
    // No patient name in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${terms.title} ${doc.documentNumber}`,
      author: author.facility.name,
      subject: recipient ? `${terms.title}（${recipient.facility.name} 宛）` : terms.title,
      createdAt: new Date(doc.issuedAt),
    },
  });
  const title = (p: { profession: string }) => PROFESSION_TITLES[p.profession] ?? "";
  const notice: Block[] = terms.notice
    ? [{ kind: "text", text: terms.notice, style: { size: 9.5, bold: true, color: colors.alert } }]
    : [];
  layout.flow([
    { kind: "title", text: terms.title },
    ...dateLines(issuedOn, doc.documentNumber),
    { kind: "space", height: 6 },
    {
      kind: "columns",
      columns: [
        {
          weight: 1,
          blocks: [
            { kind: "text", text: terms.recipientRole, style: { size: 8, color: colors.muted } },
            ...(recipient
              ? addresseeLines(recipient.facility, null, recipient.practitioner, "ご担当者")
              : [{ kind: "text", text: "記載なし" } as Block]),
          ],
        },
        {
          weight: 1.1,
          blocks: senderBlocks(terms.authorRole, author.facility, null, author.practitioner, {
            title: title(author.practitioner),
            codeLabel: "施設コード",
          }),
        },
      ],
    },
    { kind: "space", height: 8 },
    { kind: "text", text: terms.lead },
    ...notice,
    { kind: "space", height: 4 },
  ]);
  const body = (
    BODIES[doc.kind] as (content: unknown, related: readonly RelatedDocument[]) => CareDocumentPdfBody
  )(doc.content, doc.related);
  layout.fields([...patientRows(patient, issuedOn), ...(body.fields ?? [])]);
  for (const [label, content] of body.sections) layout.section(label, content);
  if (doc.dueOn) layout.section("提出期限", formatDate(parseDate(doc.dueOn)));
  if (doc.reply) {
    const by = doc.reply.by ? `${title(doc.reply.by)}${WIDE_SPACE}${personName(doc.reply.by)}` : "";
    const on = formatDate(tokyoDate(doc.reply.at));
    layout.section(
      doc.reply.text ? "回答" : "受領確認",
      [doc.reply.text ?? "", `${on}${WIDE_SPACE}${by}`].filter(Boolean).join("\n"),
    );
  }
  return layout.finish();
}
