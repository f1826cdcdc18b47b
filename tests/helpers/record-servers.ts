import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * Facility record systems that misbehave, each on a free port, for the shared-
 * records tests: every one answers the Patient lookup properly (so the failure
 * is in the records themselves), then fails in its own way.
 */
export type FacilityFault =
  /** headers at once, then a byte every 200 ms, for ever */
  | "slow_drip"
  /** a body cut off in the middle of the JSON */
  | "invalid_json"
  /** an OperationOutcome where a searchset Bundle belongs */
  | "wrong_resource_type"
  /** a valid Bundle of Observations where DocumentReferences were asked for, plus one good document */
  | "wrong_entries"
  /** megabytes of valid JSON, chunked, with no Content-Length */
  | "huge"
  /** markup in every string, and attachment addresses outside the FHIR base */
  | "html_in_strings"
  /** HTTP 500 */
  | "server_error"
  /** an HTML page (a portal's login page, say) where JSON belongs */
  | "html_page"
  /** a Bundle that is a collection, not a searchset */
  | "not_searchset";

export interface FakeFacility {
  /** the FHIR base to register for the facility */
  fhirBase: string;
  origin: string;
  /** paths requested, in order */
  requests: string[];
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, body: unknown, status = 200) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/fhir+json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
};

const searchset = (resources: unknown[]) => ({
  resourceType: "Bundle",
  type: "searchset",
  entry: resources.map((resource) => ({ resource, search: { mode: "match" } })),
});

const MARKUP = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;

export async function startFakeFacility(fault: FacilityFault): Promise<FakeFacility> {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    requests.push(url.pathname);
    if (url.pathname === "/fhir/Patient") {
      return json(res, searchset([{ resourceType: "Patient", id: "pt-1" }]));
    }
    const kind = url.pathname.replace(/^\/fhir\//, "");
    switch (fault) {
      case "slow_drip": {
        res.writeHead(200, { "Content-Type": "application/fhir+json" });
        res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
        const t = setInterval(() => res.write(" "), 200);
        timers.add(t);
        res.on("close", () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case "invalid_json": {
        const text = '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":';
        res.writeHead(200, { "Content-Type": "application/fhir+json" });
        return res.end(text);
      }
      case "wrong_resource_type":
        return json(res, {
          resourceType: "OperationOutcome",
          issue: [{ severity: "error", code: "processing" }],
        });
      case "wrong_entries":
        return json(
          res,
          searchset(
            kind === "DocumentReference"
              ? [
                  { resourceType: "Observation", id: "o1", status: "final", code: { text: "BP" } },
                  { resourceType: "DocumentReference", id: "d-bad", status: "current" /* no content */ },
                  {
                    resourceType: "DocumentReference",
                    id: "d-good",
                    status: "current",
                    date: "2025-01-02",
                    description: "看護サマリ",
                    content: [{ attachment: { contentType: "application/pdf", url: "Binary/ok" } }],
                  },
                ]
              : [],
          ),
        );
      case "huge": {
        res.writeHead(200, { "Content-Type": "application/fhir+json" });
        res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
        const entry = JSON.stringify({
          resource: { resourceType: "Encounter", id: "e", status: "finished", class: { code: "AMB" } },
        });
        let sent = 0;
        const more = () => {
          while (sent < 8 * 1024 * 1024) {
            sent += entry.length + 1;
            if (!res.write(`${entry},`)) return void res.once("drain", more);
          }
          res.end(`${entry}]}`);
        };
        res.on("error", () => undefined);
        return more();
      }
      case "html_in_strings":
        return json(
          res,
          searchset(
            kind === "DocumentReference"
              ? [
                  {
                    resourceType: "DocumentReference",
                    id: "d-html",
                    status: "current",
                    date: "2024-12-24T10:00:00+09:00",
                    description: `${MARKUP}退院時サマリ`,
                    type: { text: "<b>summary</b>" },
                    content: [
                      { attachment: { contentType: "text/html", url: "Binary/page", title: MARKUP } },
                      { attachment: { contentType: "application/pdf", url: "http://evil.example/x.pdf" } },
                      { attachment: { contentType: "application/pdf", url: "../../elsewhere/Binary/1" } },
                      { attachment: { contentType: "application/pdf", url: "javascript:alert(1)" } },
                    ],
                  },
                ]
              : kind === "Encounter"
                ? [
                    {
                      resourceType: "Encounter",
                      id: "e-html",
                      status: "finished",
                      class: { code: "AMB", display: MARKUP },
                      period: { start: "2024-12-01" },
                    },
                  ]
                : [],
          ),
        );
      case "server_error":
        res.writeHead(500, { "Content-Type": "text/plain" });
        return res.end("Internal Server Error");
      case "html_page":
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end("<!doctype html><title>Login</title><form>...</form>");
      case "not_searchset":
        return json(res, { resourceType: "Bundle", type: "collection", entry: [] });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    fhirBase: `${origin}/fhir`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A file server for the cache tests: `/fhir/Binary/{name}` answers `size`
 * bytes of a repeating pattern; with `cutAfter` it sends that many and drops
 * the connection (the facility died mid-transfer); with `pauseMs` it waits that
 * long between 64 KiB blocks (a slow link).
 */
export async function startBinaryServer(
  files: Record<string, { size: number; cutAfter?: number; pauseMs?: number; chunked?: boolean }>,
) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    requests.push(url.pathname);
    const file = files[url.pathname.replace(/^\/fhir\/Binary\//, "")];
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    // chunked: no declared length, as a compressed or generated answer comes
    res.writeHead(
      200,
      file.chunked
        ? { "Content-Type": "application/dicom" }
        : { "Content-Type": "application/dicom", "Content-Length": file.size },
    );
    const limit = file.cutAfter ?? file.size;
    let sent = 0;
    const block = Buffer.alloc(64 * 1024, 0x5a);
    const more = () => {
      while (sent < limit) {
        const n = Math.min(block.length, limit - sent);
        sent += n;
        const flowing = res.write(block.subarray(0, n));
        if (file.pauseMs) return void setTimeout(more, file.pauseMs);
        if (!flowing) return void res.once("drain", more);
      }
      if (file.cutAfter !== undefined) setTimeout(() => res.socket?.destroy(), 20);
      else res.end();
    };
    res.on("error", () => undefined);
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    fhirBase: `http://127.0.0.1:${port}/fhir`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (taken, then released). */
export async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A cached or served body, read whole. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value));
  return Buffer.concat(chunks);
}

/** A body's SHA-256, to compare what was served with what was read. */
export const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
