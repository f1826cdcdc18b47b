/** A generated document (PDF, FHIR JSON) as a private download that is never cached or sniffed. */
export function documentResponse(body: Uint8Array | string, mediaType: string, fileName: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": mediaType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const fhirDocument = (resource: unknown, fileName: string) =>
  documentResponse(JSON.stringify(resource, null, 2), "application/fhir+json; charset=utf-8", fileName);

export const pdfDocument = (bytes: Uint8Array, fileName: string) =>
  documentResponse(bytes, "application/pdf", fileName);
