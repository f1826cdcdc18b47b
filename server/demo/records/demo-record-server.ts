import http from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import { syntheticPng } from "./synthetic-png";
import { log } from "../../log";
import {
  demoRecords,
  fhirPatientId,
  fhirResource,
  imageSeed,
  localIdOf,
  syntheticPdf,
  type DemoKind,
  type DemoRecord,
} from "./synthetic-records";

/**
 * The hospitals' own record systems, for the demo: a small FHIR R4 subset per
 * facility (Patient by identifier; DocumentReference, DiagnosticReport,
 * ImagingStudy, Encounter and MedicationRequest by patient at a hospital,
 * MedicationDispense (調剤結果) at the community pharmacy; Binary downloads, including a large
 * image generated while it is sent) and a plain HTML viewer page. Everything is
 * synthetic and derived from the facility code and the local patient ID.
 *
 *   /facilities/{code}/viewer?patient={localId}
 *   /facilities/{code}/fhir/metadata
 *   /facilities/{code}/fhir/Patient?identifier={localId}
 *   /facilities/{code}/fhir/{DocumentReference|DiagnosticReport|ImagingStudy|Encounter}?patient=Patient/{id}
 *   /facilities/{code}/fhir/Binary/{id}
 */
export interface DemoRecordServerOptions {
  host?: string;
  /** 0: any free port */
  port?: number;
  /** size of the large image each imaging study offers */
  imageBytes?: number;
  /** whether the facility knows the patient (the seeded local IDs); unset: every local ID */
  knows?: (facilityCode: string, localId: string) => boolean | Promise<boolean>;
  /** told of every request (tests count what reached the facility) */
  onRequest?: (path: string) => void;
}

export interface DemoRecordServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const KIND_OF_RESOURCE: Record<string, DemoKind> = {
  DocumentReference: "document",
  DiagnosticReport: "report",
  ImagingStudy: "imaging",
  Encounter: "encounter",
  MedicationRequest: "prescription",
  MedicationDispense: "dispensing",
};

const FHIR_JSON = "application/fhir+json; charset=utf-8";

export async function startDemoRecordServer(
  options: DemoRecordServerOptions = {},
): Promise<DemoRecordServer> {
  const imageBytes = options.imageBytes ?? 24 * 1024 * 1024;
  const knows = options.knows ?? (() => true);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error({ err: e }, "[demo-records] request failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error");
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://demo.invalid");
    options.onRequest?.(url.pathname);
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "GET only");
    const m = /^\/facilities\/([0-9A-Za-z]{1,20})\/(viewer|fhir)(\/.*)?$/.exec(url.pathname);
    if (!m) return send(res, 404, "text/plain; charset=utf-8", "not found");
    const code = m[1]!;
    if (m[2] === "viewer") return viewer(res, code, url.searchParams.get("patient") ?? "");
    return fhir(res, code, m[3] ?? "/", url.searchParams);
  }

  async function fhir(res: http.ServerResponse, code: string, route: string, params: URLSearchParams) {
    if (route === "/metadata") return json(res, 200, capabilityStatement());
    if (route === "/Patient") {
      const identifier = (params.get("identifier") ?? "").split("|").pop()!;
      const found = identifier && (await knows(code, identifier));
      return json(
        res,
        200,
        searchset(
          found
            ? [
                {
                  resourceType: "Patient",
                  id: fhirPatientId(identifier),
                  identifier: [{ value: identifier }],
                },
              ]
            : [],
        ),
      );
    }
    const search =
      /^\/(DocumentReference|DiagnosticReport|ImagingStudy|Encounter|MedicationRequest|MedicationDispense)$/.exec(
        route,
      );
    if (search) {
      const patient = (params.get("patient") ?? params.get("subject") ?? "").replace(/^Patient\//, "");
      const localId = localIdOf(patient);
      if (!localId || !(await knows(code, localId))) return json(res, 200, searchset([]));
      const kind = KIND_OF_RESOURCE[search[1]!]!;
      const count = Math.min(100, Math.max(1, Number(params.get("_count") ?? 50) || 50));
      const records = demoRecords(code, localId).filter((r) => r.kind === kind);
      return json(
        res,
        200,
        searchset(
          records.slice(0, count).map((r) => fhirResource(r, `Patient/${patient}`)),
          records.length > count,
        ),
      );
    }
    const binary = /^\/Binary\/(pdf|png)-([a-z]+)-((?:[0-9a-f]{2}){1,31})-(\d{1,3})$/.exec(route);
    if (binary) {
      const localId = Buffer.from(binary[3]!, "hex").toString("utf8");
      const record = (await knows(code, localId))
        ? demoRecords(code, localId).find((r) => r.binary?.id === route.slice("/Binary/".length))
        : undefined;
      if (!record?.binary) return json(res, 404, outcome("not-found", "no such Binary"));
      return binaryBody(res, code, localId, record);
    }
    return json(res, 404, outcome("not-supported", "not supported by the demo server"));
  }

  async function binaryBody(res: http.ServerResponse, code: string, localId: string, record: DemoRecord) {
    if (record.binary!.contentType === "application/pdf") {
      const pdf = syntheticPdf([
        `Synthetic ${record.code} document (demo record server)`,
        `Facility ${code}, local patient ID ${localId}`,
        `Dated ${record.date}`,
      ]);
      res.writeHead(200, { "Content-Type": "application/pdf", "Content-Length": pdf.length });
      res.end(pdf);
      return;
    }
    const png = syntheticPng(imageBytes, imageSeed(code, localId));
    res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.size });
    // pipeline: the image is generated only as fast as the client reads it
    await pipeline(png.stream, res).catch(() => undefined);
  }

  async function viewer(res: http.ServerResponse, code: string, localId: string) {
    const known = localId !== "" && (await knows(code, localId));
    const records = known ? demoRecords(code, localId) : [];
    const rows = records
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.date.slice(0, 10))}</td><td>${escapeHtml(r.title)}</td><td>${escapeHtml(r.detail)}</td></tr>`,
      )
      .join("");
    const page = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>電子カルテ閲覧（デモ） / Record viewer (demo)</title>
<style>body{font-family:sans-serif;margin:1rem;color:#0f172a}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e8f0;padding:.4rem;text-align:left}</style>
</head><body>
<h1>電子カルテ閲覧（デモ） / Record viewer (demo)</h1>
<p>施設コード / Facility: ${escapeHtml(code)} ・ 患者ID / Local patient ID: ${escapeHtml(localId)}</p>
${
  known
    ? `<table><thead><tr><th>日付 / Date</th><th>記録 / Record</th><th>内容 / Detail</th></tr></thead><tbody>${rows}</tbody></table>`
    : "<p>この患者の記録はありません / No records for this patient</p>"
}
</body></html>`;
    res.writeHead(known ? 200 : 404, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(page);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address === "0.0.0.0" ? "127.0.0.1" : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** HTML-escapes text for the viewer page: everything shown there came from a query string or a record. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

function searchset(resources: Record<string, unknown>[], more = false) {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: resources.length,
    ...(more ? { link: [{ relation: "next", url: "about:blank" }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: "match" } })),
  };
}

function outcome(code: string, text: string) {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: text }] };
}

function capabilityStatement() {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-04-01",
    kind: "instance",
    fhirVersion: "4.0.1",
    format: ["json"],
    rest: [
      {
        mode: "server",
        resource: [
          { type: "Patient", searchParam: [{ name: "identifier", type: "token" }] },
          ...Object.keys(KIND_OF_RESOURCE).map((type) => ({
            type,
            searchParam: [{ name: "patient", type: "reference" }],
          })),
          { type: "Binary", interaction: [{ code: "read" }] },
        ],
      },
    ],
  };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  send(res, status, FHIR_JSON, JSON.stringify(body));
}

function send(res: http.ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
