import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startApp, type RunningApp } from "../helpers/app";
import { freePort, makeCertificates, type Certificates } from "../helpers/ops";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, ca?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? https : http).get(url, ca ? { ca } : {}, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.once("error", reject);
  });
}

/** HTTPS in the one server: TLS_CERT_FILE/TLS_KEY_FILE, HSTS, the https origin, and the plain redirect listener. */
describe("HTTPS served by the app itself, with a redirect listener (certificate from a throwaway CA)", () => {
  let dir: string;
  let certs: Certificates;
  let app: RunningApp;
  let origin: string;
  let redirectPort: number;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-tls-"));
    certs = makeCertificates(dir);
    redirectPort = await freePort();
    app = await startApp({
      TLS_CERT_FILE: certs.certFile,
      TLS_KEY_FILE: certs.keyFile,
      HTTP_REDIRECT_PORT: String(redirectPort),
    });
    origin = app.url.replace("http://", "https://");
  });
  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers over TLS with HSTS and a request id, and calls the https origin its own", async () => {
    const ca = readFileSync(certs.caFile, "utf8");
    const health = await get(`${origin}/healthz`, ca);
    assert.equal(health.status, 200);
    assert.match(String(health.headers["strict-transport-security"]), /^max-age=\d+/);
    assert.match(String(health.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    const signin = await get(`${origin}/signin`, ca);
    assert.equal(signin.status, 200);
    assert.match(String(signin.headers["strict-transport-security"]), /^max-age=\d+/);
    assert.ok(
      app.output().includes(`on ${origin} (postgres) ready in`),
      "PUBLIC_URL defaults to the https origin",
    );
    await assert.rejects(get(`${app.url}/healthz`), "no plain HTTP on the TLS port");
  });

  it("the plain listener only redirects to the https origin, path and query kept", async () => {
    const answer = await get(`http://127.0.0.1:${redirectPort}/patients?q=abc`);
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `${origin}/patients?q=abc`);
    const health = await get(`http://127.0.0.1:${redirectPort}/healthz`);
    assert.equal(health.status, 308, "nothing is served in plain text, health included");
  });
});
