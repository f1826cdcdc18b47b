import { z } from "zod";
import { urlUnderFhirBase } from "./record-url";

/**
 * What the timeline takes from a facility's FHIR R4 answers, parsed strictly and
 * no further than the fields it shows. Everything from a facility is untrusted
 * text: strings are kept as plain text (never markup; the UI renders them as
 * React text), trimmed of control characters and capped in length; dates must
 * be FHIR dates; addresses must lie under the facility's FHIR base.
 */

/**
 * The kinds of record the timeline shows: a hospital's documents, reports,
 * studies, visits and prescriptions (処方), and a pharmacy's dispensing results
 * (調剤結果), which sit beside the prescriptions they fill.
 */
export const RECORD_KINDS = [
  "document",
  "report",
  "imaging",
  "encounter",
  "prescription",
  "dispensing",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * What a facility's system is asked for: a pharmacy holds its dispensing
 * results (調剤結果) and nothing else; a hospital or clinic everything else,
 * its prescriptions included.
 */
export function recordKindsHeldBy(facilityKind: string): readonly RecordKind[] {
  return facilityKind === "pharmacy" ? ["dispensing"] : RECORD_KINDS.filter((kind) => kind !== "dispensing");
}

/** The FHIR search behind each kind (R4: `patient` is a search parameter of all of them). */
export const RESOURCE_OF_KIND: Record<RecordKind, string> = {
  document: "DocumentReference",
  report: "DiagnosticReport",
  imaging: "ImagingStudy",
  encounter: "Encounter",
  prescription: "MedicationRequest",
  dispensing: "MedicationDispense",
};

export class RecordParseError extends Error {
  override name = "RecordParseError";
}

const MAX_TEXT = 300;

// C0/C1 controls (except tab and newline), bidi overrides and zero-width marks
const UNSAFE_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Untrusted text as plain, bounded text. */
export function plainText(value: string, max = MAX_TEXT): string {
  const cleaned = value.replace(UNSAFE_CHARS, "").replace(/\s+/g, " ").trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

const Text = z
  .string()
  .max(100_000)
  .transform((v) => plainText(v));

/** FHIR date, dateTime or instant (a time needs its zone). */
const FHIR_DATE =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;
const FhirDate = z.string().regex(FHIR_DATE, "not a FHIR date");

const FhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, "not a FHIR id");

const Coding = z.object({
  system: z.string().max(2048).optional(),
  code: z.string().max(256).optional(),
  display: Text.optional(),
});
const CodeableConcept = z.object({ text: Text.optional(), coding: z.array(Coding).max(50).optional() });

const Attachment = z.object({
  contentType: z.string().max(200).optional(),
  url: z.string().max(4096).optional(),
  size: z.number().int().nonnegative().optional(),
  title: Text.optional(),
});

const Reference = z.object({ reference: z.string().max(4096).optional(), display: Text.optional() });

const DocumentReference = z.object({
  resourceType: z.literal("DocumentReference"),
  id: FhirId,
  status: z.enum(["current", "superseded", "entered-in-error"]),
  type: CodeableConcept.optional(),
  date: FhirDate.optional(),
  description: Text.optional(),
  content: z
    .array(z.object({ attachment: Attachment }))
    .min(1)
    .max(20),
});

const DiagnosticReport = z.object({
  resourceType: z.literal("DiagnosticReport"),
  id: FhirId,
  status: z.string().max(40),
  code: CodeableConcept,
  effectiveDateTime: FhirDate.optional(),
  effectivePeriod: z.object({ start: FhirDate.optional() }).optional(),
  issued: FhirDate.optional(),
  conclusion: Text.optional(),
  presentedForm: z.array(Attachment).max(20).optional(),
});

const Endpoint = z.object({
  resourceType: z.literal("Endpoint"),
  id: FhirId,
  address: z.string().max(4096),
  payloadMimeType: z.array(z.string().max(200)).max(10).optional(),
});

const ImagingStudy = z.object({
  resourceType: z.literal("ImagingStudy"),
  id: FhirId,
  status: z.string().max(40),
  started: FhirDate.optional(),
  description: Text.optional(),
  modality: z.array(Coding).max(20).optional(),
  numberOfInstances: z.number().int().nonnegative().optional(),
  procedureCode: z.array(CodeableConcept).max(20).optional(),
  // the images are reached through an Endpoint, contained in the study or not at all
  contained: z.array(z.unknown()).max(20).optional(),
  endpoint: z.array(Reference).max(20).optional(),
});

const Encounter = z.object({
  resourceType: z.literal("Encounter"),
  id: FhirId,
  status: z.string().max(40),
  class: Coding,
  type: z.array(CodeableConcept).max(20).optional(),
  serviceType: CodeableConcept.optional(),
  period: z.object({ start: FhirDate.optional(), end: FhirDate.optional() }).optional(),
  reasonCode: z.array(CodeableConcept).max(20).optional(),
});

/** A drug by its name: the timeline follows no `medicationReference` (a resource elsewhere). */
const NamedMedication = CodeableConcept.refine((c) => conceptText(c) !== "", "no drug name");
const Quantity = z.object({
  value: z.number().finite().nonnegative().max(1_000_000).optional(),
  unit: Text.optional(),
});
const Dosage = z.object({ text: Text.optional() });

const MedicationRequest = z.object({
  resourceType: z.literal("MedicationRequest"),
  id: FhirId,
  status: z.enum([
    "active",
    "on-hold",
    "cancelled",
    "completed",
    "entered-in-error",
    "stopped",
    "draft",
    "unknown",
  ]),
  intent: z.string().max(40),
  medicationCodeableConcept: NamedMedication,
  authoredOn: FhirDate.optional(),
  dosageInstruction: z.array(Dosage).max(20).optional(),
  dispenseRequest: z
    .object({
      quantity: Quantity.optional(),
      expectedSupplyDuration: z
        .object({ value: z.number().finite().nonnegative().max(1000).optional() })
        .optional(),
    })
    .optional(),
});

const MedicationDispense = z.object({
  resourceType: z.literal("MedicationDispense"),
  id: FhirId,
  status: z.enum([
    "preparation",
    "in-progress",
    "cancelled",
    "on-hold",
    "completed",
    "entered-in-error",
    "stopped",
    "declined",
    "unknown",
  ]),
  medicationCodeableConcept: NamedMedication,
  quantity: Quantity.optional(),
  /** 日数: days' supply, in days */
  daysSupply: z.object({ value: z.number().finite().nonnegative().max(1000).optional() }).optional(),
  whenPrepared: FhirDate.optional(),
  whenHandedOver: FhirDate.optional(),
  dosageInstruction: z.array(Dosage).max(20).optional(),
  /** the prescription it fills, when the pharmacy knows it (named, or referenced) */
  authorizingPrescription: z.array(Reference).max(10).optional(),
});

const SearchBundle = z.object({
  resourceType: z.literal("Bundle"),
  type: z.literal("searchset"),
  link: z
    .array(z.object({ relation: z.string().max(40), url: z.string().max(8192) }))
    .max(20)
    .optional(),
  entry: z
    .array(
      z.object({
        resource: z.unknown(),
        search: z.object({ mode: z.enum(["match", "include", "outcome"]).optional() }).optional(),
      }),
    )
    .optional(),
});

/** The matches of a FHIR search answer (a `searchset` Bundle), and whether the facility has more. */
export function parseSearchBundle(json: unknown): { matches: unknown[]; hasMore: boolean } {
  const parsed = SearchBundle.safeParse(json);
  if (!parsed.success) {
    const type = (json as { resourceType?: unknown } | null)?.resourceType;
    throw new RecordParseError(
      typeof type === "string" && type !== "Bundle"
        ? `expected a Bundle, got ${plainText(type, 40)}`
        : "not a FHIR searchset Bundle",
    );
  }
  const matches = (parsed.data.entry ?? [])
    .filter((e) => (e.search?.mode ?? "match") === "match")
    .map((e) => e.resource);
  return { matches, hasMore: (parsed.data.link ?? []).some((l) => l.relation === "next") };
}

/** The Patient ids a `Patient?identifier=` search found (anything that is not a Patient is ignored). */
export function patientIdsOf(json: unknown): string[] {
  const Patient = z.object({ resourceType: z.literal("Patient"), id: FhirId });
  return parseSearchBundle(json).matches.flatMap((m) => {
    const p = Patient.safeParse(m);
    return p.success ? [p.data.id] : [];
  });
}

/** An image or document of a timeline entry, fetched through our server on demand. */
export interface RecordAttachment {
  title: string;
  /** the facility's type, normalised; the download route narrows it further */
  contentType: string;
  size: number | null;
  /** absolute, under the facility's FHIR base */
  url: string;
}

/** What a prescription or a dispensing says of the drug, beyond its name (the app words it). */
export interface MedicationLine {
  /** e.g. "28 錠", as the facility wrote it */
  quantity: string;
  /** days' supply (日数), or null */
  days: number | null;
  dosage: string;
  /** the prescription a dispensing fills, when the pharmacy named it */
  prescription: string;
}

export interface RecordEntry {
  /** `ResourceType/id`, unique within one facility */
  ref: string;
  kind: RecordKind;
  /** as the facility wrote it (FHIR date, dateTime or instant), or null */
  date: string | null;
  /** milliseconds since the epoch for sorting, or null */
  time: number | null;
  title: string;
  detail: string;
  status: string;
  attachments: RecordAttachment[];
  /** prescriptions and dispensings only */
  medication?: MedicationLine;
}

const first = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v !== "") ?? "";
const conceptText = (c: z.output<typeof CodeableConcept> | undefined) =>
  first(c?.text, ...(c?.coding ?? []).map((x) => x.display));

/** Sortable time of a FHIR date: a date alone counts as its first instant in UTC. */
export function timeOf(date: string | undefined): number | null {
  if (!date) return null;
  const padded = date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
  const t = Date.parse(padded);
  return Number.isNaN(t) ? null : t;
}

function attachmentOf(
  a: z.output<typeof Attachment>,
  baseUrl: string,
  fallbackTitle: string,
): RecordAttachment | null {
  if (!a.url) return null;
  const url = urlUnderFhirBase(baseUrl, a.url);
  if (!url) return null;
  return {
    title: first(a.title, fallbackTitle),
    contentType: plainText(a.contentType ?? "", 100).toLowerCase() || "application/octet-stream",
    size: a.size ?? null,
    url,
  };
}

type Parsed = { entry: RecordEntry; droppedAttachments: number };

function documentEntry(r: z.output<typeof DocumentReference>, baseUrl: string): Parsed {
  const title = first(r.description, conceptText(r.type), ...r.content.map((c) => c.attachment.title));
  const attachments = r.content.map((c) => attachmentOf(c.attachment, baseUrl, title));
  return {
    entry: {
      ref: `DocumentReference/${r.id}`,
      kind: "document",
      date: r.date ?? null,
      time: timeOf(r.date),
      title,
      detail: r.description && conceptText(r.type) !== r.description ? conceptText(r.type) : "",
      status: r.status,
      attachments: attachments.filter((a) => a !== null),
    },
    droppedAttachments: attachments.filter((a) => a === null).length,
  };
}

function reportEntry(r: z.output<typeof DiagnosticReport>, baseUrl: string): Parsed {
  const date = r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued;
  const title = conceptText(r.code);
  const attachments = (r.presentedForm ?? []).map((a) => attachmentOf(a, baseUrl, title));
  return {
    entry: {
      ref: `DiagnosticReport/${r.id}`,
      kind: "report",
      date: date ?? null,
      time: timeOf(date),
      title,
      detail: r.conclusion ?? "",
      status: plainText(r.status, 40),
      attachments: attachments.filter((a) => a !== null),
    },
    droppedAttachments: attachments.filter((a) => a === null).length,
  };
}

function imagingEntry(r: z.output<typeof ImagingStudy>, baseUrl: string): Parsed {
  const modalities = (r.modality ?? []).map((m) => first(m.code, m.display)).filter(Boolean);
  const title = first(r.description, ...(r.procedureCode ?? []).map(conceptText), modalities.join("・"));
  // an endpoint named as `#id` is one contained in the study; anything else is not followed
  const contained = new Map<string, z.output<typeof Endpoint>>(
    (r.contained ?? []).flatMap((c) => {
      const e = Endpoint.safeParse(c);
      return e.success ? [[`#${e.data.id}`, e.data] as [string, z.output<typeof Endpoint>]] : [];
    }),
  );
  const attachments = (r.endpoint ?? []).map((ref) => {
    const endpoint = ref.reference ? contained.get(ref.reference) : undefined;
    if (!endpoint) return null;
    return attachmentOf(
      { url: endpoint.address, contentType: endpoint.payloadMimeType?.[0], title: ref.display },
      baseUrl,
      title,
    );
  });
  return {
    entry: {
      ref: `ImagingStudy/${r.id}`,
      kind: "imaging",
      date: r.started ?? null,
      time: timeOf(r.started),
      title,
      detail: [modalities.join("・"), r.numberOfInstances === undefined ? "" : `${r.numberOfInstances}`]
        .filter(Boolean)
        .join(" / "),
      status: plainText(r.status, 40),
      attachments: attachments.filter((a) => a !== null),
    },
    droppedAttachments: attachments.filter((a) => a === null).length,
  };
}

function encounterEntry(r: z.output<typeof Encounter>): Parsed {
  const date = r.period?.start;
  return {
    entry: {
      ref: `Encounter/${r.id}`,
      kind: "encounter",
      date: date ?? null,
      time: timeOf(date),
      title: first(
        ...(r.type ?? []).map(conceptText),
        conceptText(r.serviceType),
        r.class.display,
        r.class.code,
      ),
      detail: first(...(r.reasonCode ?? []).map(conceptText)),
      status: plainText(r.status, 40),
      attachments: [],
    },
    droppedAttachments: 0,
  };
}

const quantityText = (q: z.output<typeof Quantity> | undefined) =>
  q?.value === undefined ? "" : [String(q.value), q.unit ?? ""].filter(Boolean).join(" ");
const dosageText = (d: z.output<typeof Dosage>[] | undefined) =>
  plainText(
    (d ?? [])
      .map((x) => x.text ?? "")
      .filter(Boolean)
      .join("、"),
  );

function prescriptionEntry(r: z.output<typeof MedicationRequest>): Parsed {
  return {
    entry: {
      ref: `MedicationRequest/${r.id}`,
      kind: "prescription",
      date: r.authoredOn ?? null,
      time: timeOf(r.authoredOn),
      title: conceptText(r.medicationCodeableConcept),
      detail: "",
      status: r.status,
      attachments: [],
      medication: {
        quantity: quantityText(r.dispenseRequest?.quantity),
        days: r.dispenseRequest?.expectedSupplyDuration?.value ?? null,
        dosage: dosageText(r.dosageInstruction),
        prescription: "",
      },
    },
    droppedAttachments: 0,
  };
}

function dispensingEntry(r: z.output<typeof MedicationDispense>): Parsed {
  const date = r.whenHandedOver ?? r.whenPrepared;
  return {
    entry: {
      ref: `MedicationDispense/${r.id}`,
      kind: "dispensing",
      date: date ?? null,
      time: timeOf(date),
      title: conceptText(r.medicationCodeableConcept),
      detail: "",
      status: r.status,
      attachments: [],
      medication: {
        quantity: quantityText(r.quantity),
        days: r.daysSupply?.value ?? null,
        dosage: dosageText(r.dosageInstruction),
        prescription: first(...(r.authorizingPrescription ?? []).map((p) => p.display)),
      },
    },
    droppedAttachments: 0,
  };
}

/**
 * The timeline entries of one search answer of one kind. A match that is not
 * of the kind asked for, or not valid where the timeline reads it, is skipped
 * and counted, so one bad record does not hide a facility's others; an answer
 * that is not a searchset Bundle at all throws RecordParseError.
 */
export function entriesOf(
  kind: RecordKind,
  json: unknown,
  baseUrl: string,
): { entries: RecordEntry[]; skipped: number; hasMore: boolean } {
  const { matches, hasMore } = parseSearchBundle(json);
  const entries: RecordEntry[] = [];
  let skipped = 0;
  for (const m of matches) {
    const parsed = parseOne(kind, m, baseUrl);
    if (!parsed) {
      skipped++;
      continue;
    }
    entries.push(parsed.entry);
    skipped += parsed.droppedAttachments;
  }
  return { entries, skipped, hasMore };
}

function parseOne(kind: RecordKind, resource: unknown, baseUrl: string): Parsed | null {
  switch (kind) {
    case "document": {
      const r = DocumentReference.safeParse(resource);
      return r.success ? documentEntry(r.data, baseUrl) : null;
    }
    case "report": {
      const r = DiagnosticReport.safeParse(resource);
      return r.success ? reportEntry(r.data, baseUrl) : null;
    }
    case "imaging": {
      const r = ImagingStudy.safeParse(resource);
      return r.success ? imagingEntry(r.data, baseUrl) : null;
    }
    case "encounter": {
      const r = Encounter.safeParse(resource);
      return r.success ? encounterEntry(r.data) : null;
    }
    // an order or a dispensing recorded in error is not part of the patient's record
    case "prescription": {
      const r = MedicationRequest.safeParse(resource);
      return r.success && r.data.status !== "entered-in-error" ? prescriptionEntry(r.data) : null;
    }
    case "dispensing": {
      const r = MedicationDispense.safeParse(resource);
      return r.success && r.data.status !== "entered-in-error" ? dispensingEntry(r.data) : null;
    }
  }
}
