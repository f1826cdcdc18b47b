import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import { auditEvents, consentEvents, facilities, practitioners } from "../../server/db/schema";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { tinyPdf } from "../helpers/fixtures";
import { freePort, makeCertificates, startNginx, type Certificates, type Nginx } from "../helpers/ops";
import { signInAsDemoUser } from "../helpers/sign-in";

/**
 * The README's reverse-proxy layout for real: Debian's nginx ends TLS (a certificate
 * from a CA this test makes) and forwards to the app, WebSocket upgrade included.
 * The browser reaches nginx from 127.0.0.1; nginx reaches the app from 127.0.0.3, the
 * one trusted proxy. The audit log must record 127.0.0.1, and a client talking to
 * the app directly cannot make it record an address of its choosing.
 */
const PROXY_ADDRESS = "127.0.0.3";

describe("behind nginx with TLS: sign-in, a page, socket.io over WebSocket, an upload, the real client address", () => {
  let dir: string;
  let certs: Certificates;
  let app: RunningApp;
  let nginx: Nginx | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let proxied: RunningApp;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-proxy-"));
    certs = makeCertificates(dir);
    const port = await freePort();
    app = await startApp({ TRUSTED_PROXIES: PROXY_ADDRESS, PUBLIC_URL: `https://127.0.0.1:${port}` });
    nginx = await startNginx({
      port,
      upstreamPort: Number(new URL(app.url).port),
      certs,
      bindAddress: PROXY_ADDRESS,
    });
    proxied = { ...app, url: nginx.url };
    // Chromium accepts exactly this test's server key, nothing else unverified
    browser = await launchChromium([`--ignore-certificate-errors-spki-list=${certs.spki}`]);
    context = await browser.newContext({ locale: "ja-JP" });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await nginx?.stop();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("signs in through the proxy, and the audit row names the client, not the proxy", async () => {
    await signInAsDemoUser(page, proxied, "clerk.kato");
    const [user] = await app.database.db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(eq(practitioners.loginId, "clerk.kato"));
    const rows = await app.database.db
      .select({ ip: auditEvents.ip, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.actorId, user!.id)))
      .orderBy(desc(auditEvents.seq));
    const opened = rows.find((r) => r.details.step === "session_opened");
    assert.ok(opened, JSON.stringify(rows));
    assert.equal(opened.ip, "127.0.0.1");
    for (const r of rows) assert.notEqual(r.ip, PROXY_ADDRESS, "never the proxy's address");

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.includes("okinet.session"));
    assert.ok(session?.secure, "the session cookie is Secure behind an https origin");
    assert.equal(session.name, "__Secure-okinet.session");
  });

  it("serves a page with HSTS and the proxy's request id", async () => {
    const { consented } = await demoPatientIds(app);
    const response = await page.goto(`${nginx!.url}/patients/${consented}`);
    assert.equal(response?.status(), 200);
    await page.getByTestId("patient-header").waitFor();
    const headers = response.headers();
    assert.match(headers["strict-transport-security"] ?? "", /max-age=\d+/);
    assert.match(
      headers["x-request-id"] ?? "",
      /^[0-9a-f]{32}$/,
      "nginx's $request_id, passed on and echoed",
    );
  });

  it("opens a socket.io connection over WebSocket through the proxy", async () => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const socket: Socket = connect(nginx!.url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
      ca: readFileSync(certs.caFile, "utf8"),
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      assert.equal(socket.io.engine.transport.name, "websocket");
      const reply = (await socket.timeout(15_000).emitWithAck("session:whoami", {})) as {
        ok: boolean;
        data?: { practitionerId: string };
      };
      assert.equal(reply.ok, true);
      assert.ok(reply.data?.practitionerId);
    } finally {
      socket.close();
    }
  });

  it("takes an upload (a consent document) through the proxy", async () => {
    const { consented } = await demoPatientIds(app);
    await page.goto(`${nginx!.url}/patients/${consented}`);
    const form = page.getByTestId("consent-form-add").first();
    await form.locator("summary").click();
    const [pharmacy] = await app.database.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.kind, "pharmacy"))
      .orderBy(facilities.code)
      .limit(2)
      .then((rows) => rows.slice(1));
    await form.locator(`input[name="facilityIds"][value="${pharmacy!.id}"]`).check();
    await form.locator('input[type="file"]').setInputFiles({
      name: "consent.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf("through nginx")),
    });
    await form.getByRole("button", { name: "送信" }).click();
    await form.getByText("登録しました。").waitFor();
    const added = await app.database.db
      .select({ facilityIds: consentEvents.facilityIds })
      .from(consentEvents)
      .where(and(eq(consentEvents.patientId, consented), eq(consentEvents.kind, "scope_added")));
    assert.deepEqual(
      added.map((e) => e.facilityIds),
      [[pharmacy!.id]],
    );
  });

  it("does not believe X-Forwarded-For from a client that talks to the app directly", async () => {
    // (a POST straight to the app is refused by the Origin check: its public origin is the proxy's;
    // a page read with the session is audited with the address it came from)
    const forged = "203.0.113.9";
    const { consented } = await demoPatientIds(app);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const [last] = await app.database.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const response = await fetch(`${app.url}/patients/${consented}`, {
      headers: { cookie, "x-forwarded-for": forged, "x-real-ip": forged },
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /data-testid="patient-header"/);
    const since = await app.database.db
      .select({ ip: auditEvents.ip, action: auditEvents.action })
      .from(auditEvents)
      .where(gt(auditEvents.seq, last?.seq ?? 0));
    assert.ok(
      since.some((r) => r.action === "patient.view"),
      `the page read was audited: ${since.map((r) => r.action).join(", ")}`,
    );
    for (const r of since)
      assert.equal(r.ip, "127.0.0.1", `${r.action}: the direct peer, not the forged header`);
    const [{ n }] = (await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.ip, forged))) as [{ n: number }];
    assert.equal(n, 0, "the forged address is nowhere in the audit log");
  });
});
