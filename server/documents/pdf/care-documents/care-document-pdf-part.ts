import type { FieldCell, FieldContent } from "../layout";

/** A kind's own part of its PDF: form rows under the patient's, then its sections in the form's order. */
export interface CareDocumentPdfBody {
  fields?: FieldCell[][];
  sections: [label: string, content: FieldContent][];
}
