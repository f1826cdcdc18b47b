import type { InstructionKind } from "../nursing-instruction";

/**
 * Another document a care document points at, as the domain loaded it inside
 * the reader's access: the 訪問看護指示書 a plan follows, the patient's discharge
 * summary, the pre-discharge conference. Renderers print and export it as
 * given; they never look it up.
 */
export interface RelatedDocument {
  /** the content field that names it: instructionId, summaryId, conferenceId */
  field: string;
  /** what it is, as the forms name it: 訪問看護指示書, 退院時サマリ, 退院前カンファレンス */
  title: string;
  /** its document number, when it has one (a conference has none) */
  documentNumber: string | null;
  /** the 10-digit code of the facility that issued it, for its national identifier */
  facilityCode: string | null;
  /** ISO instant it was issued or held */
  issuedAt: string | null;
  /** what a reader needs to recognise it: the instruction's period, the conference's title (Japanese, as the PDF prints it) */
  detail: string;
  /** an instruction's kind and period, for a page to name them in its reader's language */
  instruction?: { kind: InstructionKind; periodStart: string | null; periodEnd: string | null };
}
