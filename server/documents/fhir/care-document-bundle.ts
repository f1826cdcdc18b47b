import type { Bundle } from "@medplum/fhirtypes";
import {
  CARE_DOCUMENT_SPECS,
  type CareDocumentContents,
  type CareDocumentKind,
} from "../../model/care-documents/registry";
import type { CareDocumentDocument } from "../../model/documents";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-documents/care-document-fhir-part";
import { tracingReportFhirBody } from "./care-documents/tracing-report";
import { nursingPlanFhirBody } from "./care-documents/nursing-plan-fhir";
import { nursingReportFhirBody } from "./care-documents/nursing-report-fhir";
import { dischargeInformationFhirBody } from "./care-documents/discharge-information-fhir";
import { admissionInformationFhirBody } from "./care-documents/admission-information-fhir";
import { HOME_CARE_DOCUMENT_SYSTEM, SECTION } from "./codes";
import { DocumentBundleBuilder, documentComposition, section } from "./document-bundle";
import { field } from "./narrative";
import { displayName, organizationResource, patientResource, practitionerResource } from "./participants";
import { documentIdentifierValue, jstDateTime } from "./primitives";

/** Each kind's own part; the parties, the notice and the reply are written here for all kinds. */
const BODIES: {
  [K in CareDocumentKind]: (
    content: CareDocumentContents[K],
    ctx: CareDocumentFhirContext,
  ) => CareDocumentFhirBody;
} = {
  tracing_report: tracingReportFhirBody,
  nursing_plan: nursingPlanFhirBody,
  nursing_report: nursingReportFhirBody,
  discharge_information: dischargeInformationFhirBody,
  admission_information: admissionInformationFhirBody,
};

/**
 * A care document of any kind as a FHIR R4 `document` Bundle built as the
 * JP-CLINS documents are (Composition first, the national identifier, the
 * document-section codes), claiming no JP-CLINS profile, which has none for
 * these forms. The Composition's category is the network's code for the kind
 * (home-care-document), its type the nearest LOINC document type; the kind's
 * sections sit under 構造情報, then 備考・連絡情報: the recipient, the author,
 * the form's notice and the recipient's reply.
 */
export function careDocumentBundle(doc: CareDocumentDocument): Bundle {
  const { terms } = CARE_DOCUMENT_SPECS[doc.kind];
  const { author, recipient } = doc;
  const b = new DocumentBundleBuilder(`care-document/${doc.documentId}`);
  const patient = b.add("patient", patientResource(doc.patient, author.facility));
  const authorPerson = b.add("practitioner/author", practitionerResource(author.practitioner));
  const authorOrg = b.add("organization/author", organizationResource(author.facility, null));
  // the addressee, referenced from the remarks section so every resource is reachable from the Composition
  const recipientOrg = recipient
    ? b.add("organization/recipient", organizationResource(recipient.facility, null))
    : null;
  const body = (BODIES[doc.kind] as (content: unknown, ctx: CareDocumentFhirContext) => CareDocumentFhirBody)(
    doc.content,
    { b, patient, related: doc.related },
  );
  const remarks = [
    ...(recipient
      ? [
          field(terms.recipientRole, recipient.facility.name),
          ...(recipient.practitioner ? [field("宛先", displayName(recipient.practitioner))] : []),
        ]
      : []),
    field(terms.authorRole, author.facility.name),
    field("記載者", displayName(author.practitioner)),
    ...(terms.notice ? [field("注意", terms.notice)] : []),
    ...(body.remarks ?? []).map(([label, value]) => field(label, value)),
    ...(doc.dueOn ? [field("提出期限", doc.dueOn)] : []),
    ...(doc.reply
      ? [
          field(
            doc.reply.text ? "回答" : "受領確認",
            [doc.reply.text, jstDateTime(doc.reply.at), doc.reply.by ? displayName(doc.reply.by) : null]
              .filter(Boolean)
              .join("　"),
          ),
        ]
      : []),
  ];
  const identifierValue = documentIdentifierValue(
    author.facility.code,
    doc.issuedAt,
    doc.draft ? "draft" : doc.documentNumber,
  );
  const composition = documentComposition({
    identifierValue,
    version: 1,
    issuedAt: doc.issuedAt,
    draft: doc.draft,
    type: body.type,
    category: {
      system: HOME_CARE_DOCUMENT_SYSTEM,
      code: doc.kind.replaceAll("_", "-"),
      display: terms.title,
    },
    title: terms.title,
    subject: patient,
    author: [authorPerson, authorOrg],
    custodian: authorOrg,
    section: [
      section(SECTION.structured, "構造情報", { sections: body.sections }),
      section(SECTION.remarks, "備考・連絡情報", {
        narrative: remarks,
        ...(recipientOrg ? { entries: [recipientOrg] } : {}),
      }),
    ],
  });
  return b.bundle(composition, { identifierValue, issuedAt: doc.issuedAt });
}
