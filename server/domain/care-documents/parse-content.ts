import { z } from "zod";
import type { CareDocumentSpec } from "../../model/care-documents/care-document-kind";
import { parseInput } from "../../validation";

/** A document's content through its kind's schema (draft or sendable); refusals name `content.<field>`. */
export function parseCareDocumentContent(
  spec: CareDocumentSpec,
  content: unknown,
  { sendable = false }: { sendable?: boolean } = {},
): Record<string, unknown> {
  const schema = z.object({ content: sendable ? spec.sendable : spec.content });
  return parseInput(schema, { content }).content as Record<string, unknown>;
}
