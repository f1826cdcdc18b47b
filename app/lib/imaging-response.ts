import type { CachedItem } from "@/server/domain/records/record-cache";

/**
 * A PACS item (series metadata, a frame, a thumbnail) as the viewer receives it:
 * streamed from the cache or from the PACS as it arrives, private to this reader,
 * never sniffed and never a page of ours; the source (disk or PACS) is told for the benchmark.
 */
export function imagingResponse(item: CachedItem): Response {
  const headers = new Headers({
    "Content-Type": item.contentType,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "X-Record-Source": item.source,
  });
  if (item.size !== null) headers.set("X-Content-Length", String(item.size));
  return new Response(item.body, { headers });
}
