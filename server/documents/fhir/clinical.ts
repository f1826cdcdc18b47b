import { createHash } from "node:crypto";
import type {
  AllergyIntolerance,
  CarePlan,
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  Practitioner,
  Procedure,
  Reference,
} from "@medplum/fhirtypes";
import type { DocumentAttachment } from "../../model/documents";
import type { ReferralLetterContent } from "../../model/referral-letter";
import type { DischargeSummaryContent } from "../../model/discharge-summary";
import { CODE_SYSTEM, NETWORK_ID_SYSTEM } from "./codes";
import { jstDateTime, niSha256Uri, present } from "./primitives";

/**
 * Clinical resources of the document exports, one builder per kind, in the
 * shapes the JP-CLINS sections reference (Condition, MedicationRequest,
 * AllergyIntolerance, Observation, Procedure, CarePlan, DocumentReference).
 */

type Diagnosis = ReferralLetterContent["diagnoses"][number];
type Medication = ReferralLetterContent["medications"][number];
type Allergy = ReferralLetterContent["allergies"][number];
type TestResult = ReferralLetterContent["testResults"][number];
type ProcedureDone = DischargeSummaryContent["procedures"][number];

function coded(system: string, code: string): CodeableConcept {
  return { coding: [{ system, code }] };
}

/** A diagnosis in one line of narrative: name, ICD-10 code, 疑い. */
export function diagnosisLine(d: Diagnosis): string {
  return (
    d.name +
    (present(d.icd10) ? `［ICD-10: ${d.icd10}］` : "") +
    (d.certainty === "suspected" ? "（疑い）" : "")
  );
}

/** A medicine and its dosage in one line of narrative. */
export function medicationLine(m: Medication): string {
  return present(m.dosage) ? `${m.name}\u3000${m.dosage}` : m.name;
}

/**
 * A diagnosis as a Condition: ICD-10 coding when the author gave a code, the
 * name as written always in code.text; a suspected diagnosis is "provisional".
 */
export function conditionResource(
  diagnosis: Diagnosis,
  subject: Reference<Patient>,
  category: "problem-list-item" | "encounter-diagnosis",
  encounter?: Reference<Encounter>,
): Condition {
  const icd10 = present(diagnosis.icd10);
  return {
    resourceType: "Condition",
    clinicalStatus: coded(CODE_SYSTEM.conditionClinical, "active"),
    verificationStatus: coded(
      CODE_SYSTEM.conditionVerification,
      diagnosis.certainty === "suspected" ? "provisional" : "confirmed",
    ),
    category: [coded(CODE_SYSTEM.conditionCategory, category)],
    code: {
      ...(icd10 ? { coding: [{ system: CODE_SYSTEM.icd10, code: icd10 }] } : {}),
      text: diagnosis.name,
    },
    subject,
    ...(encounter ? { encounter } : {}),
  };
}

/**
 * A prescribed medicine as JP-CLINS carries it (its medication section
 * references MedicationRequest): the name and the dosage as written on the
 * prescription, uncoded, since the letter holds neither YJ codes nor
 * structured timing.
 */
export function medicationRequestResource(
  medication: Medication,
  subject: Reference<Patient>,
  /** "discharge" for a discharge prescription (HL7 medicationrequest-category) */
  category?: "discharge",
): MedicationRequest {
  const dosage = present(medication.dosage);
  return {
    resourceType: "MedicationRequest",
    status: "active",
    intent: "order",
    ...(category ? { category: [coded(CODE_SYSTEM.medicationRequestCategory, category)] } : {}),
    medicationCodeableConcept: { text: medication.name },
    subject,
    ...(dosage ? { dosageInstruction: [{ text: dosage }] } : {}),
  };
}

export function allergyResource(allergy: Allergy, patient: Reference<Patient>): AllergyIntolerance {
  const reaction = present(allergy.reaction);
  return {
    resourceType: "AllergyIntolerance",
    clinicalStatus: coded(CODE_SYSTEM.allergyClinical, "active"),
    code: { text: allergy.substance },
    patient,
    ...(reaction ? { reaction: [{ manifestation: [{ text: reaction }] }] } : {}),
  };
}

const DECIMAL = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/**
 * A test result: a Quantity when the value is a plain decimal with a unit,
 * otherwise the value as written (units appended) in valueString, so "<5",
 * "陰性" or "2+" are never forced into numbers.
 */
export function observationResource(result: TestResult, subject: Reference<Patient>): Observation {
  const unit = present(result.unit);
  const value =
    unit && DECIMAL.test(result.value)
      ? { valueQuantity: { value: Number(result.value), unit } }
      : { valueString: unit ? `${result.value} ${unit}` : result.value };
  return {
    resourceType: "Observation",
    status: "final",
    code: { text: result.name },
    subject,
    ...(result.observedOn ? { effectiveDateTime: result.observedOn } : {}),
    ...value,
  };
}

/**
 * An attachment by reference: where to fetch it, its type, size and name.
 *
 * FHIR R4's Attachment.hash is the base64 SHA-1 of the data; we store only a
 * SHA-256 and do not have the bytes here, and a SHA-256 in that element would
 * make every receiver's check fail. So hash stays empty and the SHA-256 goes
 * into an identifier naming the content, the RFC 6920 URI
 * "ni:///sha-256;<base64url digest>", which a receiver can check after the fetch.
 */
export function attachmentReferenceResource(
  attachment: DocumentAttachment,
  url: string,
  subject: Reference<Patient>,
  author: Reference<Practitioner>,
): DocumentReference {
  return {
    resourceType: "DocumentReference",
    identifier: [
      { system: NETWORK_ID_SYSTEM.attachment, value: attachment.id },
      { system: CODE_SYSTEM.uri, value: niSha256Uri(attachment.sha256) },
    ],
    status: "current",
    subject,
    date: jstDateTime(attachment.createdAt),
    author: [author],
    description: attachment.fileName,
    content: [
      {
        attachment: {
          contentType: attachment.mediaType,
          url,
          size: attachment.byteSize,
          title: attachment.fileName,
          creation: jstDateTime(attachment.createdAt),
        },
      },
    ],
  };
}

/** A procedure done during a stay (入院中治療): its name as written, the day, the note. */
export function procedureResource(
  procedure: ProcedureDone,
  subject: Reference<Patient>,
  encounter: Reference<Encounter>,
): Procedure {
  const note = present(procedure.note);
  return {
    resourceType: "Procedure",
    status: "completed",
    code: { text: procedure.name },
    subject,
    encounter,
    ...(procedure.performedOn ? { performedDateTime: procedure.performedOn } : {}),
    ...(note ? { note: [{ text: note }] } : {}),
  };
}

/** One instruction for after discharge (退院時方針指示), as JP-CLINS carries it: a CarePlan in words. */
export function carePlanResource(
  title: string,
  description: string,
  subject: Reference<Patient>,
  encounter: Reference<Encounter>,
  author: Reference<Practitioner>,
): CarePlan {
  return {
    resourceType: "CarePlan",
    status: "active",
    intent: "plan",
    title,
    description,
    subject,
    encounter,
    author,
  };
}

/**
 * Free text as a document of its own (the hospital course: JP-CLINS's section
 * references a DocumentReference). The text travels inline as UTF-8 plain
 * text; with the bytes at hand, Attachment.hash is the SHA-1 FHIR R4 defines.
 */
export function narrativeDocumentResource(
  fields: {
    type: { system: string; code: string; display: string };
    title: string;
    text: string;
    /** ISO instant the document was written */
    writtenAt: string;
  },
  subject: Reference<Patient>,
  author: Reference<Practitioner>,
  encounter: Reference<Encounter>,
): DocumentReference {
  const bytes = Buffer.from(fields.text, "utf8");
  return {
    resourceType: "DocumentReference",
    status: "current",
    type: { coding: [fields.type] },
    subject,
    date: jstDateTime(fields.writtenAt),
    author: [author],
    description: fields.title,
    content: [
      {
        attachment: {
          contentType: "text/plain; charset=utf-8",
          language: "ja",
          data: bytes.toString("base64"),
          size: bytes.length,
          hash: createHash("sha1").update(bytes).digest("base64"),
          title: fields.title,
          creation: jstDateTime(fields.writtenAt),
        },
      },
    ],
    context: { encounter: [encounter] },
  };
}
