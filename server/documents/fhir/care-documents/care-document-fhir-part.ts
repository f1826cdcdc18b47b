import type { Coding, CompositionSection, Patient, Reference } from "@medplum/fhirtypes";
import type { RelatedDocument } from "../../../model/care-documents/related-document";
import type { DocumentBundleBuilder } from "../document-bundle";

/** What a kind's FHIR part is given: the bundle to add its resources to, and the patient they are about. */
export interface CareDocumentFhirContext {
  b: DocumentBundleBuilder;
  patient: Reference<Patient>;
  /** the documents the content points at, as loaded for the reader */
  related: readonly RelatedDocument[];
}

/** A kind's own part of its FHIR document: the Composition's type, and its sections under 構造情報. */
export interface CareDocumentFhirBody {
  /** the nearest LOINC document type */
  type: Coding;
  sections: CompositionSection[];
  /** lines for 備考・連絡情報 beside the parties (e.g. the patient's agreement) */
  remarks?: [label: string, value: string][];
}
