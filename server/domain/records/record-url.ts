import { DomainError, msg } from "../../errors";

/**
 * A facility's viewer address with the local patient ID filled in: `{localId}`
 * in the template is replaced (URL-encoded); without it, `?patient=` is added.
 * Only http(s) addresses leave the application.
 */
export function recordUrl(template: string, localId: string): string {
  const filled = template.includes("{localId}")
    ? template.replaceAll("{localId}", encodeURIComponent(localId))
    : `${template}${template.includes("?") ? "&" : "?"}patient=${encodeURIComponent(localId)}`;
  const url = webUrl(filled);
  if (!url) {
    throw new DomainError("NOT_FOUND", msg("records.recordLinkNotWebAddress"));
  }
  return url.toString();
}

/** The address as a URL if it is an http(s) one without credentials in it; null for anything else. */
export function webUrl(value: string, base?: string): URL | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(value) : new URL(value, base);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return url;
}

/** A FHIR base URL as a directory (with its trailing slash), so relative references resolve under it. */
export function fhirBase(baseUrl: string): URL | null {
  const url = webUrl(baseUrl.trim());
  if (!url || url.search || url.hash) return null;
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/**
 * A reference found in a facility's FHIR data (an attachment URL, `Binary/123`),
 * resolved against that facility's FHIR base, if it stays under that base: same
 * scheme, host and port, and a path below the base's. Anything else (another
 * host, `..` out of the base, another scheme) is null: our server fetches from a
 * facility only what lies inside the endpoint the network registered for it.
 */
export function urlUnderFhirBase(baseUrl: string, reference: string): string | null {
  const base = fhirBase(baseUrl);
  if (!base || reference.trim() === "") return null;
  const url = webUrl(reference.trim(), base.toString());
  if (!url) return null;
  url.hash = "";
  if (url.origin !== base.origin) return null;
  if (!url.pathname.startsWith(base.pathname) || url.pathname === base.pathname) return null;
  // percent-encoded dots and slashes are not resolved by URL; refuse them rather than trust the far end
  if (/%2e|%2f|%5c/i.test(url.pathname.slice(base.pathname.length))) return null;
  return url.toString();
}
