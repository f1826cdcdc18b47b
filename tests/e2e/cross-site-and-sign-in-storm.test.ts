import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/demo/seed/seed-demo-data";
import { startApp, type RunningApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { signInAsDemoUser } from "../helpers/sign-in";
import { actionResultOf, callServerAction, serverActionId } from "../helpers/server-actions";

const FOREIGN = "https://evil.example";
const BUDGET = 20;

/**
 * The real app (production build, real Postgres): one Origin check in front of
 * every state-changing route, action and next-auth route; a nonce CSP that
 * Chromium runs the pages under without a violation; a sign-in storm through
 * the real server action refused by the limiter while the real user still gets
 * in from their trusted browser.
 */
describe("cross-site requests, CSP and a sign-in storm against the running app", () => {
  let app: RunningApp;
  let browser: Browser;
  let passwordStep: string;

  before(async () => {
    app = await startApp({ AUTH_SIGNIN_PER_ADDRESS_PER_MINUTE: String(BUDGET) });
    browser = await launchChromium();
    passwordStep = serverActionId("app/signin/actions.ts", "passwordStepAction");
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const post = (path: string, origin: string | null, body: BodyInit = "{}") =>
    fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { ...(origin === null ? {} : { Origin: origin }), "Content-Type": "application/json" },
      body,
      redirect: "manual",
    });

  it("refuses a foreign or missing Origin with 403 on routes, a server action and next-auth", async () => {
    const targets = [
      `/api/referrals/${randomUUID()}/attachments`,
      `/api/conferences/${randomUUID()}/warm-records`,
      "/api/auth/callback/credentials",
      "/api/auth/signout",
    ];
    for (const path of targets) {
      for (const origin of [FOREIGN, null, "null", `${app.url}.evil.example`]) {
        const r = await post(path, origin);
        assert.equal(r.status, 403, `${path} with Origin ${origin}`);
        assert.equal(((await r.json()) as { code: string }).code, "FORBIDDEN");
      }
    }
    for (const origin of [FOREIGN, null]) {
      const r = await callServerAction({
        url: app.url,
        page: "/signin",
        actionId: passwordStep,
        args: [{ loginId: "gp.yamada", password: DEMO_PASSWORD }],
        origin,
      });
      assert.equal(r.status, 403, `server action with Origin ${origin}`);
    }
    // the same requests from the app's own origin pass the check and reach their handlers
    assert.equal((await post(targets[0]!, app.url)).status, 401, "upload: signed out, not cross-site");
    assert.equal((await post(targets[1]!, app.url)).status, 401, "warm-records: signed out");
    const csrf = await post("/api/auth/callback/credentials", app.url, "challenge=x");
    assert.notEqual(csrf.status, 403, "next-auth's own post from the app's origin is not refused");
    assert.equal((await fetch(`${app.url}/api/notifications/unread`)).status, 401, "GET needs no Origin");
  });

  it("gives every page a fresh CSP nonce that its scripts carry, without unsafe-eval", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${app.url}/signin`);
      const csp = r.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      assert.ok(nonce, `a nonce in ${csp}`);
      assert.doesNotMatch(csp, /unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      const html = await r.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0);
      for (const tag of scripts)
        assert.ok(tag.includes(`nonce="${nonce}"`), `script without the nonce: ${tag}`);
      nonces.push(nonce);
    }
    assert.notEqual(nonces[0], nonces[1]);
  });

  it("Chromium signs in and opens a conference page under the CSP without a violation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() =>
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    // signing in needs the client-side form (hydrated scripts) and next-auth's own post
    await signInAsDemoUser(page, app, "dr.sato");
    await page.goto(`${app.url}/conferences/new`);
    await page.getByLabel("件名").fill("CSP確認");
    await page.getByPlaceholder("名前・施設名・ログインIDで探す").fill("gp.yamada");
    await page.getByPlaceholder("名前・施設名・ログインIDで探す").press("Enter");
    await page.getByTestId("directory-results").getByText("gp.yamada").waitFor();
    await page.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
    await page.getByRole("button", { name: "作成" }).click();
    await page.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    await page.getByRole("button").first().waitFor();
    assert.deepEqual(violations, []);
    await context.close();
  });

  it("a storm of password attempts through the real action is refused past the address's budget; the user's trusted browser still gets in", async () => {
    // the user signed in from this browser before: the answer sets the trusted-device cookie
    const first = await callServerAction({
      url: app.url,
      page: "/signin",
      actionId: passwordStep,
      args: [{ loginId: "gp.yamada", password: DEMO_PASSWORD }],
    });
    assert.equal(actionResultOf(await first.text())?.ok, true);
    const device = /(okinet\.device=[^;]+)/.exec(first.headers.get("set-cookie") ?? "")?.[1];
    assert.ok(device, "a trusted-device cookie after a right password");

    const codes: string[] = [];
    for (let wave = 0; wave < 6; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          callServerAction({
            url: app.url,
            page: "/signin",
            actionId: passwordStep,
            args: [{ loginId: i % 2 ? `nobody.${wave}.${i}` : "gp.yamada", password: `guess-${wave}-${i}` }],
          }).then(async (r) => actionResultOf(await r.text())?.error?.code ?? `HTTP ${r.status}`),
        ),
      );
      codes.push(...answers);
    }
    const limited = codes.filter((c) => c === "RATE_LIMITED").length;
    assert.ok(limited >= 60 - BUDGET, `refused past the budget: ${codes.join(",")}`);
    assert.ok(
      codes.every((c) => c === "RATE_LIMITED" || c === "UNAUTHENTICATED"),
      `only refusals and wrong-password answers: ${codes.join(",")}`,
    );

    // from the same address, without the cookie: refused; with it: the user is in
    const plain = await callServerAction({
      url: app.url,
      page: "/signin",
      actionId: passwordStep,
      args: [{ loginId: "gp.yamada", password: DEMO_PASSWORD }],
    });
    assert.equal(actionResultOf(await plain.text())?.error?.code, "RATE_LIMITED");
    const trusted = await callServerAction({
      url: app.url,
      page: "/signin",
      actionId: passwordStep,
      args: [{ loginId: "gp.yamada", password: DEMO_PASSWORD }],
      cookie: device,
    });
    assert.equal(actionResultOf(await trusted.text())?.ok, true);
  });
});
