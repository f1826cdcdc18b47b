import type {
  Bundle,
  CompositionSection,
  DiagnosticReport,
  ImagingStudy,
  Media,
  Patient,
  Practitioner,
  Reference,
  ServiceRequest,
} from "@medplum/fhirtypes";
import type { ReadingKeyImageDocument, ReadingReportDocument } from "../../model/documents";
import { keyImageCaption, type ReadingUrgency } from "../../model/reading-report";
import { CODE_SYSTEM, NETWORK_NAMESPACE } from "./codes";
import { DocumentBundleBuilder, NOT_WRITTEN, documentComposition } from "./document-bundle";
import { field, list, narrative, paragraph, type Xhtml } from "./narrative";
import { displayName, organizationResource, patientResource, practitionerResource } from "./participants";
import { documentIdentifierValue, japaneseDate, jstDate, jstDateTime, present } from "./primitives";

/**
 * A reading report (読影レポート) as a FHIR R4 `document` Bundle: the
 * Composition first (LOINC 18748-4 Diagnostic imaging study), with sections
 * coded as the radiology report sections of LOINC (the DICOM PS3.20 imaging
 * report's: reason for study, findings, impression, recommendation); the
 * report itself as a DiagnosticReport (its conclusion the impression) based on
 * the reading request (ServiceRequest) and pointing at the ImagingStudy read
 * (by its DICOM Study Instance UID). No JP-CLINS profile covers a reading
 * report, so none is claimed.
 */

const TITLE = "読影レポート";
const DCM = "http://dicom.nema.org/resources/ontology/DCM";
const DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074";
const MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type";
const READING_ID_SYSTEM = `${NETWORK_NAMESPACE}/IdSystem/reading-request-id`;

/** LOINC section codes of a radiology report. */
const SECTIONS = {
  reason: { code: "18785-6", display: "Radiology Reason for study Narrative", title: "臨床上の疑問" },
  findings: { code: "18782-3", display: "Radiology Study observation (narrative)", title: "所見" },
  impression: { code: "19005-8", display: "Radiology Imaging study [Impression] (narrative)", title: "診断" },
  recommendation: {
    code: "18783-1",
    display: "Radiology Study recommendation (narrative)",
    title: "推奨・コメント",
  },
} as const;

/** Urgency as FHIR's request priority: 通常 routine, 至急 urgent, 緊急 stat. */
const PRIORITY: Record<ReadingUrgency, ServiceRequest["priority"]> = {
  routine: "routine",
  urgent: "urgent",
  emergency: "stat",
};

function loincSection(
  which: keyof typeof SECTIONS,
  blocks: Xhtml[],
  entries: Reference[] = [],
): CompositionSection {
  const s = SECTIONS[which];
  return {
    title: s.title,
    code: { coding: [{ system: CODE_SYSTEM.loinc, code: s.code, display: s.display }] },
    text: narrative("additional", blocks),
    ...(entries.length > 0 ? { entry: entries } : {}),
  };
}

export function readingReportBundle(doc: ReadingReportDocument): Bundle {
  const { request, reader, study, content } = doc;
  // Each version is a document of its own: its fullUrls are minted per version.
  const b = new DocumentBundleBuilder(`reading-report/${doc.readingId}/${doc.version}`);
  // A local patient ID is the study facility's: the DICOM PatientID there.
  const patient = b.add("patient", patientResource(doc.patient, study.facility));
  const readerDoctor = b.add("practitioner/reader", practitionerResource(reader.practitioner));
  const readerOrg = b.add("organization/reader", organizationResource(reader.facility, null));
  const requesterDoctor = b.add("practitioner/requester", practitionerResource(request.practitioner));
  const requesterOrg = b.add("organization/requester", organizationResource(request.facility, null));
  const serviceRequest: ServiceRequest = {
    resourceType: "ServiceRequest",
    identifier: [{ system: READING_ID_SYSTEM, value: doc.readingId }],
    status: "completed",
    intent: "order",
    priority: PRIORITY[request.urgency],
    category: [{ coding: [{ system: DIAGNOSTIC_SERVICE, code: "RAD", display: "Radiology" }] }],
    code: { text: "読影依頼" },
    subject: patient,
    authoredOn: jstDateTime(request.requestedAt),
    requester: requesterDoctor,
    performer: [readerOrg],
    reasonCode: [{ text: request.clinicalQuestion }],
    ...(present(request.relevantHistory) ? { note: [{ text: request.relevantHistory }] } : {}),
  };
  const order = b.add("service-request", serviceRequest);

  const imagingStudy: ImagingStudy = {
    resourceType: "ImagingStudy",
    identifier: [{ system: "urn:dicom:uid", value: `urn:oid:${study.studyUid}` }],
    status: "available",
    ...(study.modalities.length > 0
      ? { modality: study.modalities.map((code) => ({ system: DCM, code })) }
      : {}),
    subject: patient,
    ...(study.date ? { started: study.date } : {}),
    basedOn: [order],
    ...(present(study.description) ? { description: study.description } : {}),
    // the PACS holding the study; its address never leaves the network
    location: { display: study.facility.name },
    note: [{ text: `保管施設: ${study.facility.name}` }],
  };
  const imaging = b.add("imaging-study", imagingStudy);
  const keyImages = doc.keyImages.map((k, i) => ({
    note: k.note,
    link: b.add(`media/${i + 1}`, keyImageMedia(k, i + 1, patient, imaging, readerDoctor)),
  }));

  const report: DiagnosticReport = {
    resourceType: "DiagnosticReport",
    identifier: [{ system: READING_ID_SYSTEM, value: `${doc.readingId}/${doc.version}` }],
    basedOn: [order],
    // a later version replaces an earlier one: R4's "amended"
    status: doc.version > 1 ? "amended" : "final",
    category: [{ coding: [{ system: DIAGNOSTIC_SERVICE, code: "RAD", display: "Radiology" }] }],
    code: {
      coding: [{ system: CODE_SYSTEM.loinc, code: "18748-4", display: "Diagnostic imaging study" }],
      text: TITLE,
    },
    subject: patient,
    ...(study.date ? { effectiveDateTime: study.date } : {}),
    issued: jstDateTime(doc.signedAt),
    performer: [readerOrg],
    resultsInterpreter: [readerDoctor],
    imagingStudy: [imaging],
    ...(keyImages.length > 0
      ? { media: keyImages.map((k) => ({ ...(present(k.note) ? { comment: k.note } : {}), link: k.link })) }
      : {}),
    conclusion: content.impression,
    text: narrative("generated", [
      field("所見", content.findings),
      field("診断", content.impression),
      ...(present(content.recommendations) ? [field("推奨・コメント", content.recommendations)] : []),
    ]),
  };
  const diagnosticReport = b.add("diagnostic-report", report);

  const identifierValue = documentIdentifierValue(reader.facility.code, doc.firstSignedAt, doc.readingId);
  const composition = documentComposition({
    identifierValue,
    version: doc.version,
    issuedAt: doc.signedAt,
    draft: false,
    type: { system: CODE_SYSTEM.loinc, code: "18748-4", display: "Diagnostic imaging study" },
    category: { system: CODE_SYSTEM.loinc, code: "LP29684-5", display: "Radiology" },
    title: TITLE,
    subject: patient,
    author: [readerDoctor, readerOrg],
    custodian: readerOrg,
    section: [
      loincSection(
        "reason",
        [
          paragraph(request.clinicalQuestion),
          ...(present(request.relevantHistory)
            ? [field("関連する既往歴・経過", request.relevantHistory)]
            : []),
          field(
            "依頼",
            `${request.facility.name} ${displayName(request.practitioner)}（${japaneseDate(jstDate(request.requestedAt))}）`,
          ),
        ],
        [order, requesterDoctor, requesterOrg],
      ),
      loincSection(
        "findings",
        [paragraph(content.findings || NOT_WRITTEN), ...studyNarrative(doc), ...keyImageNarrative(doc)],
        [imaging, ...keyImages.map((k) => k.link)],
      ),
      loincSection(
        "impression",
        [paragraph(content.impression || NOT_WRITTEN), ...amendmentNarrative(doc)],
        [diagnosticReport],
      ),
      ...(present(content.recommendations)
        ? [loincSection("recommendation", [paragraph(content.recommendations)])]
        : []),
    ],
  });
  return b.bundle(composition, { identifierValue, issuedAt: doc.signedAt });
}

function studyNarrative({ study }: ReadingReportDocument): Xhtml[] {
  return [
    field(
      "検査",
      list(
        [
          study.date ? `検査日 ${japaneseDate(study.date)}` : null,
          study.modalities.length > 0 ? `モダリティ ${study.modalities.join("・")}` : null,
          present(study.description) ?? null,
          `検査施設 ${study.facility.name}`,
          `Study UID ${study.studyUid}`,
        ].filter((x): x is string => !!x),
      ),
    ),
  ];
}

/**
 * A key image as R4 has it: a Media (an image) that is part of the ImagingStudy,
 * naming the DICOM instance by its SOP Instance UID and the frame; the window
 * it was read with and the radiologist's note go with it. The picture itself
 * stays in the PACS (the PDF carries it).
 */
function keyImageMedia(
  k: ReadingKeyImageDocument,
  n: number,
  subject: Reference<Patient>,
  imaging: Reference,
  operator: Reference<Practitioner>,
): Media {
  return {
    resourceType: "Media",
    identifier: [{ system: "urn:dicom:uid", value: `urn:oid:${k.instanceUid}` }],
    partOf: [imaging],
    status: "completed",
    type: { coding: [{ system: MEDIA_TYPE, code: "image", display: "Image" }] },
    subject,
    operator,
    frames: k.frame,
    content: { title: keyImageCaption(k, n) },
    ...(present(k.note) ? { note: [{ text: k.note }] } : {}),
  };
}

function keyImageNarrative({ keyImages }: ReadingReportDocument): Xhtml[] {
  if (keyImages.length === 0) return [];
  return [
    field(
      "キー画像",
      list(
        keyImages.map((k, i) =>
          [keyImageCaption(k, i + 1), present(k.note) ?? null].filter(Boolean).join(" "),
        ),
      ),
    ),
  ];
}

function amendmentNarrative(doc: ReadingReportDocument): Xhtml[] {
  if (!doc.amendment) return [];
  return [
    field(
      "訂正",
      `第${doc.version}版（${japaneseDate(jstDate(doc.amendment.replacesSignedAt))}付け第${doc.amendment.replacesVersion}版を訂正）`,
    ),
    field("訂正理由", present(doc.amendment.note) ?? NOT_WRITTEN),
  ];
}
