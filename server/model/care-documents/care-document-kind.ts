import type { z } from "zod";
import type { FacilityKind } from "../facility-kinds";
import type { DataKind, Profession } from "../permissions";

/**
 * What one kind of care document (the documents Japan's insurance rules define
 * between the professions around a patient at home) declares, once: its
 * content (a draft may leave anything empty; `sendable` says what must be there
 * before it goes), who writes it and who receives it, how the recipient
 * replies, when it is due, and the form's Japanese terms, which the PDF, the
 * FHIR document and the app's Japanese catalog all use. The domain, the
 * renderers and the pages are generic over this; a new kind is a file like
 * tracing-report.ts, a line in registry.ts, and its form and document parts.
 */
export interface CareDocumentSpec<Kind extends string = string, Content = unknown> {
  kind: Kind;
  /** the draft's content: anything may be empty, but what is given is well-formed */
  content: z.ZodType<Content, unknown>;
  /** the same content, complete: parsed at send, its issues name content fields */
  sendable: z.ZodType<Content, unknown>;
  /**
   * The part of the patient's record it is (permissions.ts): both the author's
   * and the recipient's profession must be allowed to see it inside consent.
   */
  dataKind: DataKind;
  author: {
    facilityKinds: readonly FacilityKind[];
    professions: readonly Profession[];
  };
  recipient: {
    facilityKinds: readonly FacilityKind[];
    /** who at the recipient facility may reply (and may be named as the recipient) */
    professions: readonly Profession[];
    /** who at the recipient facility is told of its arrival when no one is named */
    desk: readonly Profession[];
  };
  /** how the recipient closes it: a receipt (受領確認), a written answer (回答), or either */
  replies: readonly CareDocumentReply[];
  /** when the author must have sent it: `days` after the day in content field `from` (Japan dates) */
  due?: { from: string; days: number };
  /** the last day a sent document is in force, for kinds that have one (then it reads as expired) */
  endsOn?(content: Content): string | null;
  terms: CareDocumentTerms;
}

export const CARE_DOCUMENT_REPLIES = ["acknowledge", "answer"] as const;
export type CareDocumentReply = (typeof CARE_DOCUMENT_REPLIES)[number];

/** The form's own Japanese words: the PDF prints them, FHIR writes them, the ja catalog shows them. */
export interface CareDocumentTerms {
  /** 服薬情報提供書（トレーシングレポート） */
  title: string;
  /** a shorter name for lists and notifications */
  shortTitle: string;
  /** the author's and recipient's roles as the form heads them (保険薬局 / 処方医) */
  authorRole: string;
  recipientRole: string;
  /** the sentence under the parties (e.g. 下記のとおり情報提供いたします。) */
  lead: string;
  /** a line the form always shows, e.g. that urgent questions go by phone */
  notice?: string;
  /** the label of each content field, by field name */
  labels: Record<string, string>;
}

/** The content a spec parses to. */
export type ContentOf<S> = S extends CareDocumentSpec<string, infer C> ? C : never;
