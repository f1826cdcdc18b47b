import type { ReferralLetterContent, ReferralReplyContent } from "./referral-letter";
import type { DischargeSummaryContent } from "./discharge-summary";
import type { NursingInstructionContent } from "./nursing-instruction";
import type { KeyImageMark, ReadingReportContent, ReadingUrgency } from "./reading-report";
import type { CareDocumentContents, CareDocumentKind } from "./care-documents/registry";
import type { RelatedDocument } from "./care-documents/related-document";

/**
 * What the document renderers (PDF, FHIR) are given: plain data, already
 * authorised and loaded by a domain use case. Renderers never read the database.
 */

export interface DocumentFacility {
  id: string;
  /** 10-digit medical-institution code (医療機関コード) */
  code: string;
  name: string;
  address: string;
  phone: string;
}

export interface DocumentPractitioner {
  id: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  /** physician, dentist, nurse ... (server/db/schema/practitioners.ts) */
  profession: string;
}

export interface DocumentPatient {
  id: string;
  regionalId: string;
  /** the patient's ID at the facility that issues the document (the referrer for a letter, the hospital for a reply), when known */
  localId: string | null;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: "male" | "female" | "other" | "unknown";
  postalCode: string;
  address: string;
  phone: string;
}

export interface DocumentAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  /** ISO instant */
  createdAt: string;
}

export interface ReferralLetterDocument {
  /** the referral's id; stable across exports of the same letter */
  referralId: string;
  /** document number within the referring facility and year (the "document ID" of the national identifier) */
  documentNumber: string;
  /** ISO instant the letter was sent (or now, for a draft preview) */
  issuedAt: string;
  /** true when rendered from an unsent draft: the PDF is marked 下書き */
  draft: boolean;
  priority: "routine" | "urgent";
  /** YYYY-MM-DD, when the referrer asks to be seen by a date */
  requestedBy: string | null;
  referrer: {
    facility: DocumentFacility;
    department: string | null;
    practitioner: DocumentPractitioner;
  };
  destination: {
    facility: DocumentFacility;
    department: string;
    /** a named doctor, when the referrer chose one */
    practitioner: DocumentPractitioner | null;
  };
  patient: DocumentPatient;
  content: ReferralLetterContent;
  attachments: DocumentAttachment[];
}

export interface ReferralReplyDocument {
  referralId: string;
  replyId: string;
  documentNumber: string;
  issuedAt: string;
  draft: boolean;
  /** the hospital side writing the reply */
  author: {
    facility: DocumentFacility;
    department: string;
    practitioner: DocumentPractitioner;
  };
  /** the referrer the reply goes back to */
  recipient: {
    facility: DocumentFacility;
    practitioner: DocumentPractitioner;
  };
  patient: DocumentPatient;
  /** ISO instant of the original letter, quoted in the reply (「○年○月○日付けでご紹介いただいた…」) */
  referralIssuedAt: string;
  content: ReferralReplyContent;
}

export interface DischargeSummaryDocument {
  /** the summary's id; stable across versions and exports */
  summaryId: string;
  /** 1 for the first send; each amendment adds one */
  version: number;
  /** document number within the author's facility and year (the "document ID" of the national identifier) */
  documentNumber: string;
  /** ISO instant this version was sent (or now, for a draft preview) */
  issuedAt: string;
  /** ISO instant of the first version's send (the national identifier's year); issuedAt for version 1 */
  firstIssuedAt: string;
  /** true when rendered from an unsent draft or amendment: the PDF is marked 下書き */
  draft: boolean;
  /** set when this version amends an earlier one: why, and which version it replaces */
  amendment: { note: string; replacesVersion: number; replacesIssuedAt: string } | null;
  /** the hospital side: who wrote it, where */
  author: {
    facility: DocumentFacility;
    department: string;
    practitioner: DocumentPractitioner;
  };
  /** where it goes: the referring GP and the care team */
  recipients: {
    kind: "referrer" | "care_team";
    facility: DocumentFacility;
    practitioner: DocumentPractitioner | null;
  }[];
  patient: DocumentPatient;
  /** the referral that brought the patient in, quoted in the summary, when there was one */
  referral: { documentNumber: string; issuedAt: string; referrerFacility: DocumentFacility } | null;
  content: DischargeSummaryContent;
}

export interface NursingInstructionDocument {
  /** the instruction's id; stable across exports */
  instructionId: string;
  /** document number within the physician's facility and year ("draft" before it is sent) */
  documentNumber: string;
  /** ISO instant it was sent (or now, for a draft preview) */
  issuedAt: string;
  /** true when rendered from an unsent draft: the PDF is marked 下書き */
  draft: boolean;
  /** set once the physician cancelled it (指示の取消): the PDF is marked 取消, the FHIR order revoked */
  cancelled: { at: string; reason: string } | null;
  /** the physician and the clinic or hospital */
  author: { facility: DocumentFacility; practitioner: DocumentPractitioner };
  /** the visiting-nurse station instructed, once chosen */
  station: DocumentFacility | null;
  patient: DocumentPatient;
  content: NursingInstructionContent;
}

export interface ReadingReportDocument {
  /** the reading request's id; stable across versions and exports */
  readingId: string;
  /** 1 for the first signed report; each amendment adds one */
  version: number;
  /** ISO instant this version was signed */
  signedAt: string;
  /** ISO instant of the first version's signature (the national identifier's year) */
  firstSignedAt: string;
  /** set when this version amends an earlier one: why, and which version it replaces */
  amendment: { note: string; replacesVersion: number; replacesSignedAt: string } | null;
  /** who asked for the reading, when, why and how soon */
  request: {
    facility: DocumentFacility;
    practitioner: DocumentPractitioner;
    requestedAt: string;
    urgency: ReadingUrgency;
    clinicalQuestion: string;
    relevantHistory: string;
  };
  /** the reading hospital and the physician who signed this version */
  reader: { facility: DocumentFacility; practitioner: DocumentPractitioner };
  /** the study read: its UID, the facility whose PACS holds it, as the request labelled it */
  study: {
    studyUid: string;
    facility: DocumentFacility;
    /** YYYY-MM-DD */
    date: string | null;
    modalities: string[];
    description: string;
  };
  patient: DocumentPatient;
  content: ReadingReportContent;
  /** the version's key images in the order they were marked; the picture itself only for the PDF */
  keyImages: ReadingKeyImageDocument[];
}

export interface ReadingKeyImageDocument extends KeyImageMark {
  /** the frame rendered by the PACS with the window marked; null when it could not be had (the caption says so) */
  picture: { type: "jpeg" | "png"; bytes: Uint8Array } | null;
}

/** What every care document's renderers get, whatever its kind. */
interface CareDocumentDocumentBase {
  /** the document's id; stable across exports */
  documentId: string;
  /** document number within the author's facility and year ("draft" before it is sent) */
  documentNumber: string;
  /** ISO instant it was sent (or now, for a draft preview) */
  issuedAt: string;
  /** true when rendered from an unsent draft: the PDF is marked 下書き */
  draft: boolean;
  author: { facility: DocumentFacility; practitioner: DocumentPractitioner };
  /** the recipient facility (once chosen) and the practitioner named there, if any */
  recipient: { facility: DocumentFacility; practitioner: DocumentPractitioner | null } | null;
  patient: DocumentPatient;
  /** by the kind's rule (YYYY-MM-DD), when it has one */
  dueOn: string | null;
  /** the recipient's receipt or answer, once given */
  reply: { at: string; by: DocumentPractitioner | null; text: string | null } | null;
  /** the documents its content points at (the instruction a plan follows ...), loaded inside the reader's access */
  related: RelatedDocument[];
}

/** A care document (server/model/care-documents) for the PDF and FHIR renderers: the kind says what content is. */
export type CareDocumentDocument<K extends CareDocumentKind = CareDocumentKind> = {
  [Kind in K]: CareDocumentDocumentBase & { kind: Kind; content: CareDocumentContents[Kind] };
}[K];
