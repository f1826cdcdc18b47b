import assert from "node:assert/strict";
import type { Bundle, Composition, CompositionSection, Resource } from "@medplum/fhirtypes";
import { isUrnReferenceWarning, validateR4, xhtmlProblems } from "./fhir-validation";

/**
 * Reading and checking the FHIR documents (JP-CLINS document Bundles) the
 * exports write: the referral letter and reply, the discharge summary.
 */

export const SECTION_SYSTEM = "http://jpfhir.jp/fhir/clins/CodeSystem/document-section";
/** JP-CLINS rule R2152 for Bundle.identifier.value */
export const NATIONAL_DOCUMENT_ID = /^[0-4][0-9][1-3][0-9]{7}\^20[2-3][0-9]\^[A-Za-z0-9-]{1,36}$/;

export function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => {
    assert.ok(e.resource, `entry ${e.fullUrl} has a resource`);
    return e.resource;
  });
}

export function ofType<T extends Resource>(bundle: Bundle, type: T["resourceType"]): T[] {
  return resources(bundle).filter((r): r is T => r.resourceType === type);
}

export function composition(bundle: Bundle): Composition {
  const first = bundle.entry?.[0]?.resource;
  assert.equal(first?.resourceType, "Composition");
  return first;
}

export function allSections(sections: CompositionSection[] | undefined): CompositionSection[] {
  return (sections ?? []).flatMap((s) => [s, ...allSections(s.section)]);
}

/** The section, at any depth, coded `code` in the JP-CLINS document-section code system. */
export function sectionByCode(bundle: Bundle, code: string): CompositionSection | undefined {
  return allSections(composition(bundle).section).find((s) =>
    s.code?.coding?.some((c) => c.system === SECTION_SYSTEM && c.code === code),
  );
}

export function entryByFullUrl(bundle: Bundle, fullUrl: string | undefined): Resource | undefined {
  return bundle.entry?.find((e) => e.fullUrl === fullUrl)?.resource;
}

export function fullUrlOf(bundle: Bundle, resource: Resource | undefined): string | undefined {
  return bundle.entry?.find((e) => e.resource === resource)?.fullUrl;
}

/** Resource types a section's entries point at, in order. */
export function sectionEntryTypes(bundle: Bundle, code: string): string[] {
  const section = sectionByCode(bundle, code);
  assert.ok(section, `section ${code} is present`);
  return (section.entry ?? []).map((ref) => {
    const target = entryByFullUrl(bundle, ref.reference);
    assert.ok(target, `${ref.reference} resolves`);
    return target.resourceType;
  });
}

/** Every object in `value` that has a string `reference`, with its JSON path. */
export function references(value: unknown, path = "$"): { path: string; reference: string; type?: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  const found: { path: string; reference: string; type?: string }[] = [];
  const { reference, type } = value as { reference?: unknown; type?: unknown };
  if (typeof reference === "string") {
    found.push({ path, reference, ...(typeof type === "string" ? { type } : {}) });
  }
  for (const [k, v] of Object.entries(value)) found.push(...references(v, `${path}.${k}`));
  return found;
}

/** Every narrative div in `value`. */
export function narrativeDivs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(narrativeDivs);
  if (typeof value !== "object" || value === null) return [];
  const { div } = value as { div?: unknown };
  return [
    ...(typeof div === "string" ? [div] : []),
    ...Object.values(value).flatMap((v) => (typeof v === "object" ? narrativeDivs(v) : [])),
  ];
}

/**
 * FHIR R4 validation of the Bundle and of each entry on its own: no errors, and
 * no warnings but those about urn:uuid reference types.
 */
export function assertValid(bundle: Bundle): void {
  for (const resource of [bundle, ...resources(bundle)]) {
    const { errors, warnings } = validateR4(resource);
    assert.deepEqual(errors, [], `${resource.resourceType} has no validation errors`);
    assert.deepEqual(
      warnings.filter((w) => !isUrnReferenceWarning(w)),
      [],
      `${resource.resourceType} has no warnings other than urn:uuid reference types`,
    );
  }
}

/** A document Bundle: one Composition, first; unique name-based (v5) urn:uuid fullUrls. */
export function assertDocumentShape(bundle: Bundle): void {
  assert.equal(bundle.type, "document");
  assert.equal(bundle.entry?.[0]?.resource?.resourceType, "Composition", "the Composition comes first");
  assert.equal(ofType(bundle, "Composition").length, 1, "one Composition");
  const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl);
  for (const url of fullUrls)
    assert.match(url ?? "", /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(fullUrls).size, fullUrls.length, "fullUrls are unique");
}

/** Every reference resolves to an entry of the type it names, and every entry is referenced. */
export function assertReferencesResolve(bundle: Bundle): void {
  const refs = references(bundle);
  assert.ok(refs.length > 0, "the document is linked by references");
  for (const ref of refs) {
    const target = entryByFullUrl(bundle, ref.reference);
    assert.ok(target, `${ref.path} = ${ref.reference} resolves to an entry`);
    if (ref.type) assert.equal(target.resourceType, ref.type, `${ref.path} names its target's type`);
  }
  // Nothing in the Bundle that the document does not reach.
  const reached = new Set(refs.map((r) => r.reference));
  for (const entry of (bundle.entry ?? []).slice(1)) {
    assert.ok(
      reached.has(entry.fullUrl ?? ""),
      `${entry.resource?.resourceType} ${entry.fullUrl} is referenced`,
    );
  }
}

/**
 * More than `moreThan` narratives (a short document, such as a reply, has fewer
 * sections and resources than a letter or a summary), each well-formed XHTML.
 */
export function assertWellFormedNarratives(bundle: Bundle, moreThan: number): string[] {
  const divs = narrativeDivs(bundle);
  assert.ok(divs.length > moreThan, `resources and sections carry narratives (${divs.length})`);
  for (const div of divs) assert.deepEqual(xhtmlProblems(div), [], div);
  return divs;
}

/** `markupInData`, written into the document's data, shows in the narratives only as escaped text. */
export function assertNarrativesSafe(bundle: Bundle, markupInData: string, moreThan: number): string[] {
  const divs = assertWellFormedNarratives(bundle, moreThan);
  const all = divs.join("");
  assert.ok(!all.includes(markupInData), "the markup never appears as markup");
  assert.ok(!/<script/i.test(all), "no script element");
  assert.ok(
    all.includes(markupInData.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")),
    "the text appears, escaped",
  );
  return divs;
}
