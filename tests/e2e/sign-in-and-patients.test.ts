import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { DEMO_PATIENTS } from "../../server/demo/seed/seed-demo-data";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { freshCode, signInAsDemoUser, signInWithPassword } from "../helpers/sign-in";
import { launchChromium } from "../helpers/browser";

describe("sign-in with two factors, consented and refused patients, the audit log (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let consentedId: string;
  let refusedId: string;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: consentedId, notConsented: refusedId } = await demoPatientIds(app));
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a new user enrols TOTP, finds a consented patient and is refused another", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ja-JP" });
    const page = await context.newPage();
    await signInWithPassword(page, app, "new.user");

    // first sign-in: enrol the authenticator from the key shown beside the QR code
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByRole("textbox", { name: /確認コード/ }).fill("123456");
    await page.getByRole("button", { name: "確認してサインイン" }).click();
    await page.getByText("確認コードが正しくありません").first().waitFor();
    await page.getByRole("textbox", { name: /確認コード/ }).fill((await freshCode(secret)).code);
    await page.getByRole("button", { name: "確認してサインイン" }).click();
    await page.getByTestId("recovery-codes").waitFor();
    const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
    assert.equal(codes.length, 10);
    await page.getByRole("button", { name: /控えました/ }).click();
    await page.waitForURL(`${app.url}/`);

    // search by reading: only consented patients are listed
    await page.goto(`${app.url}/patients?q=${encodeURIComponent("やまだ はなこ")}`);
    await page.getByTestId("patient-hit").first().waitFor();
    assert.ok((await page.getByTestId("patient-hit").count()) >= 1);
    await page.goto(`${app.url}/patients?q=${DEMO_PATIENTS.notConsented}`);
    await page.getByText(/該当する患者はいません/).waitFor();
    assert.equal(
      await page.getByTestId("patient-hit").count(),
      0,
      "a patient outside consent is never listed",
    );

    await page.goto(`${app.url}/patients?q=${DEMO_PATIENTS.consented}`);
    await page.getByTestId("patient-hit").first().click();
    await page.waitForURL(`${app.url}/patients/${consentedId}`);
    assert.match((await page.getByTestId("patient-header").textContent())!, /山田\s*花子/);
    assert.match((await page.getByTestId("access-basis").textContent())!, /同意に基づく/);
    assert.ok((await page.getByTestId("consent-history").textContent())!.includes("同意"));

    // usable on a phone: nothing wider than the screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows a 390px screen by ${overflow}px`);

    // the other patient is refused, with the reason, even by direct URL
    await page.goto(`${app.url}/patients/${refusedId}`);
    await page.getByTestId("access-denied").waitFor();
    assert.doesNotMatch(await page.content(), /佐藤\s*一郎/);
    await context.close();
  });

  it("the network office sees both accesses in the audit log, and the chain verifies", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    const page = await context.newPage();
    await signInAsDemoUser(page, app, "office.okinet");

    await page.goto(`${app.url}/audit?patientId=${consentedId}&action=patient.view`);
    const viewed = await page.locator("body").textContent();
    assert.ok(viewed!.includes("new.user"), "the view of the consented patient is logged with who did it");
    await page.goto(`${app.url}/audit?patientId=${refusedId}&outcome=denied`);
    const denied = await page.locator("body").textContent();
    assert.ok(denied!.includes("new.user") && denied!.includes("patient.view"), "the refusal is logged too");

    // a bad filter is a field error on the page, not a 500
    const response = await page.goto(`${app.url}/audit?patientId=not-a-uuid`);
    assert.equal(response!.status(), 200);
    await context.close();

    const verdict = await verifyAuditChain(app.database.db, { keyring: app.auditKeyring });
    assert.equal(verdict.ok, true);
  });

  it("refuses pages and documents to a browser that is not signed in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/patients/${consentedId}`);
    assert.equal(new URL(page.url()).pathname, "/signin");
    const api = await context.request.get(`${app.url}/api/consent-documents/${consentedId}`);
    assert.equal(api.status(), 401);
    await context.close();
  });
});
