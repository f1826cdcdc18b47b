import type { ReactNode } from "react";
import type { FieldErrors } from "@/app/lib/action-result";
import type { Messages } from "@/app/i18n";
import type { RelatedChoices } from "@/server/domain/care-documents/list-related-choices";

type M = Messages["careDocuments"];

/** What the editor hands a kind's form section (serialisable labels only: it is a client component). */
export type CareDocumentFormLabels = Pick<
  M,
  | "editor"
  | "tracingReport"
  | "homeNursing"
  | "nursingPlan"
  | "nursingReport"
  | "dischargeInformation"
  | "admissionInformation"
>;

export interface KindFormProps<Content> {
  content: Content;
  onChange: (content: Content) => void;
  /** the refusals by field, `content.<field>` as the domain names them */
  errors: FieldErrors;
  labels: CareDocumentFormLabels;
  /** what the draft may link to (instructions, summaries, conferences), for kinds with such fields */
  choices: RelatedChoices;
}

/** A kind's part of the detail page: its rows, label and value, in the form's order. */
export type KindViewRows<Content> = (content: Content, labels: M) => [label: string, value: ReactNode][];
