import type { Narrative } from "@medplum/fhirtypes";

/**
 * XHTML narrative for FHIR resources and Composition sections. User text is
 * always escaped: markup only comes from the builders below, so a name such
 * as "<script>" reaches a reader's screen as text, never as a tag.
 */

/** Markup made by this module; anything else handed to a builder is text and gets escaped. */
export class Xhtml {
  constructor(readonly markup: string) {}
}

export type Content = string | Xhtml;

// Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR;
// unpaired surrogates; U+FFFE/U+FFFF). They would make the div unparseable.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeXhtml(value: string): string {
  return value.replace(NOT_XML, "").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function markup(content: Content): string {
  if (content instanceof Xhtml) return content.markup;
  // Line breaks typed by the author stay line breaks.
  return content
    .split(/\r\n|\r|\n/)
    .map(escapeXhtml)
    .join("<br/>");
}

/** Inline content joined without a separator. */
export function inline(...parts: Content[]): Xhtml {
  return new Xhtml(parts.map(markup).join(""));
}

export function paragraph(...parts: Content[]): Xhtml {
  return new Xhtml(`<p>${parts.map(markup).join("")}</p>`);
}

export function bold(content: Content): Xhtml {
  return new Xhtml(`<b>${markup(content)}</b>`);
}

export function list(items: Content[]): Xhtml {
  return new Xhtml(`<ul>${items.map((item) => `<li>${markup(item)}</li>`).join("")}</ul>`);
}

/** "label: value" as one paragraph, the label in bold. */
export function field(label: string, value: Content): Xhtml {
  return paragraph(bold(label), "：", value);
}

export function xhtmlDiv(blocks: Xhtml[]): string {
  return `<div xmlns="http://www.w3.org/1999/xhtml">${blocks.map((b) => b.markup).join("")}</div>`;
}

export function narrative(status: Narrative["status"], blocks: Xhtml[]): Narrative {
  return { status, div: xhtmlDiv(blocks) };
}
