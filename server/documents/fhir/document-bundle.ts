import type {
  Bundle,
  Coding,
  Composition,
  CompositionEvent,
  CompositionSection,
  Encounter,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from "@medplum/fhirtypes";
import { CODE_SYSTEM, EXTENSION, JP_ID_SYSTEM, type SectionCode } from "./codes";
import { narrative, paragraph, type Xhtml } from "./narrative";
import { exportUrn, jstDateTime, jstInstant, present } from "./primitives";

const COMPOSITION_ROLE = "composition";

/**
 * Assembles a FHIR `document` Bundle: the Composition first, then every
 * resource it (or they) reference, each under a urn:uuid fullUrl derived from
 * the document's key and the resource's role in it, so exporting the same
 * document twice gives the same Bundle.
 */
export class DocumentBundleBuilder {
  readonly #key: string;
  readonly #entries: { fullUrl: string; resource: Resource }[] = [];

  /** `key` names the document among all exports, e.g. "referral-letter/<referral id>". */
  constructor(key: string) {
    this.#key = key;
  }

  /** Adds a resource under `role` (unique within the document) and returns a reference to it. */
  add<T extends Resource>(role: string, resource: T): Reference<T> {
    const fullUrl = this.#fullUrl(role);
    if (role === COMPOSITION_ROLE || this.#entries.some((e) => e.fullUrl === fullUrl)) {
      throw new TypeError(`two resources in the role ${role} of ${this.#key}`);
    }
    this.#entries.push({ fullUrl, resource });
    return this.referenceTo(role, resource.resourceType);
  }

  /**
   * A reference to the resource added (or to be added) under `role`, for
   * resources that point at each other: an admission lists its diagnoses,
   * each diagnosis names its admission.
   */
  referenceTo<T extends Resource>(role: string, type: T["resourceType"]): Reference<T> {
    return { reference: this.#fullUrl(role), type };
  }

  #fullUrl(role: string): string {
    return exportUrn(`${this.#key}/${role}`);
  }

  /**
   * The Bundle, Composition first. `identifierValue` is the national
   * "<institution code>^<year>^<document number>"; `profile` is claimed only
   * by documents built to it.
   */
  bundle(
    composition: Composition,
    options: { identifierValue: string; issuedAt: string; profile?: string },
  ): Bundle {
    return {
      resourceType: "Bundle",
      meta: {
        lastUpdated: jstInstant(options.issuedAt),
        ...(options.profile ? { profile: [options.profile] } : {}),
      },
      language: "ja",
      identifier: { system: JP_ID_SYSTEM.bundle, value: options.identifierValue },
      type: "document",
      timestamp: jstInstant(options.issuedAt),
      entry: [{ fullUrl: this.#fullUrl(COMPOSITION_ROLE), resource: composition }, ...this.#entries],
    };
  }
}

export type EmptyReason = "nilknown" | "unavailable";

const EMPTY_REASON_DISPLAY: Record<EmptyReason, string> = {
  nilknown: "Nil Known",
  unavailable: "Unavailable",
};

/**
 * A Composition section with its document-section code, a narrative (status
 * "additional", as JP-CLINS fixes it), its entries and, for a section that
 * says "none" or "not available" on purpose, the HL7 list-empty-reason.
 */
export function section(
  code: SectionCode,
  title: string,
  content: {
    narrative?: Xhtml[];
    entries?: Reference[];
    emptyReason?: EmptyReason;
    sections?: CompositionSection[];
  },
): CompositionSection {
  const entries = content.entries ?? [];
  const sections = content.sections ?? [];
  const blocks = content.narrative ?? [];
  if (content.emptyReason && entries.length > 0) {
    throw new TypeError(`section ${code.code} has entries and an empty reason`);
  }
  return {
    title,
    code: { coding: [{ system: CODE_SYSTEM.documentSection, code: code.code, display: code.display }] },
    ...(blocks.length > 0 ? { text: narrative("additional", blocks) } : {}),
    ...(entries.length > 0 ? { entry: entries } : {}),
    ...(content.emptyReason
      ? {
          emptyReason: {
            coding: [
              {
                system: CODE_SYSTEM.listEmptyReason,
                code: content.emptyReason,
                display: EMPTY_REASON_DISPLAY[content.emptyReason],
              },
            ],
          },
        }
      : {}),
    ...(sections.length > 0 ? { section: sections } : {}),
  };
}

/** What a section says when the author wrote nothing in it. */
export const NOT_WRITTEN = "（記載なし）";

/** A free-text section, left out when nothing was written. */
export function textSection(code: SectionCode, title: string, text: string): CompositionSection[] {
  return present(text) ? [section(code, title, { narrative: [paragraph(text)] })] : [];
}

/** A free-text section the guide requires: "not written" and the empty reason when empty. */
export function requiredTextSection(code: SectionCode, title: string, text: string): CompositionSection {
  return present(text)
    ? section(code, title, { narrative: [paragraph(text)] })
    : notWrittenSection(code, title);
}

/** A section the guide requires that holds nothing: "not written", empty reason "unavailable". */
export function notWrittenSection(code: SectionCode, title: string): CompositionSection {
  return section(code, title, { narrative: [paragraph(NOT_WRITTEN)], emptyReason: "unavailable" });
}

export interface DocumentCompositionFields {
  /** the national "<institution code>^<year>^<document number>" */
  identifierValue: string;
  /** the document's version, 1 for the first issue; each amendment adds one */
  version: number;
  issuedAt: string;
  draft: boolean;
  profile?: string;
  type: Coding;
  category: Coding;
  title: string;
  subject: Reference<Patient>;
  encounter?: Reference<Encounter>;
  author: [Reference<Practitioner>, Reference<Organization>];
  custodian: Reference<Organization>;
  /** what the document covers (a letter: its issue; a discharge summary: the stay); none in a bare draft */
  event?: CompositionEvent;
  section: CompositionSection[];
}

/**
 * The Composition header of the JP-CLINS documents (JP_Composition_eReferral,
 * JP_Composition_eDischargeSummary). A draft is "preliminary"; the guide fixes
 * a registered document's status to "final", a revised one included: its
 * version is the composition-clinicaldocument-versionNumber extension.
 */
export function documentComposition(fields: DocumentCompositionFields): Composition {
  return {
    resourceType: "Composition",
    meta: {
      lastUpdated: jstInstant(fields.issuedAt),
      ...(fields.profile ? { profile: [fields.profile] } : {}),
    },
    language: "ja",
    extension: [{ url: EXTENSION.documentVersion, valueString: String(fields.version) }],
    identifier: { system: JP_ID_SYSTEM.resourceInstance, value: fields.identifierValue },
    status: fields.draft ? "preliminary" : "final",
    type: { coding: [fields.type] },
    category: [{ coding: [fields.category] }],
    subject: fields.subject,
    ...(fields.encounter ? { encounter: fields.encounter } : {}),
    date: jstDateTime(fields.issuedAt),
    author: fields.author,
    title: fields.title,
    custodian: fields.custodian,
    ...(fields.event ? { event: [fields.event] } : {}),
    section: fields.section,
  };
}
