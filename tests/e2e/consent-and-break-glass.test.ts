import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, isNull } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { consentEvents, consentScope, facilities, notifications } from "../../server/db/schema";
import { DEMO_PATIENTS } from "../../server/demo/seed/seed-demo-data";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { fakeExecutable, tinyPdf } from "../helpers/fixtures";
import { signInAsDemoUser } from "../helpers/sign-in";

describe("recording consent with its signed form, and emergency access (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let consentedId: string;
  let refusedId: string;
  /** clerk.kato's page: a demo user signs in once per file (a second code in the same step is a replay) */
  let clerkPage: Page;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: consentedId, notConsented: refusedId } = await demoPatientIds(app));
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a hospital clerk adds a facility to a consent (連携先追加) with the signed PDF; a disguised executable is refused", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInAsDemoUser(page, app, "clerk.kato");
    clerkPage = page;
    await page.goto(`${app.url}/patients/${consentedId}`);
    const form = page.getByTestId("consent-form-add").first();
    await form.locator("summary").click();
    const [pharmacy] = await app.database.db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(eq(facilities.kind, "pharmacy"))
      .orderBy(facilities.code)
      .limit(2)
      .then((rows) => rows.slice(1));
    await form.locator(`input[name="facilityIds"][value="${pharmacy!.id}"]`).check();

    await form.locator('input[type="file"]').setInputFiles({
      name: "consent.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(fakeExecutable()),
    });
    await form.getByRole("button", { name: "送信" }).click();
    await form.getByText(/PDF・JPEG・PNGのファイルを選んでください/).waitFor();

    await form.locator('input[type="file"]').setInputFiles({
      name: "consent.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf("added pharmacy")),
    });
    await form.getByRole("button", { name: "送信" }).click();
    await form.getByText("登録しました。").waitFor();

    const added = await app.database.db
      .select({ facilityIds: consentEvents.facilityIds })
      .from(consentEvents)
      .where(and(eq(consentEvents.patientId, consentedId), eq(consentEvents.kind, "scope_added")));
    assert.deepEqual(
      added.map((e) => e.facilityIds),
      [[pharmacy!.id]],
      "exactly one scope_added event, for the pharmacy, and nothing from the refused upload",
    );
    await page.reload();
    assert.ok((await page.getByTestId("consent-scope").textContent())!.includes(pharmacy!.name));
  });

  it("a physician opens emergency access with a reason, and the network office reviews it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAsDemoUser(page, app, "dr.sato");
    await page.goto(`${app.url}/patients/${refusedId}`);
    await page.getByTestId("access-denied").waitFor();
    const form = page.getByTestId("break-glass-form");
    await form.locator("textarea").fill("急変");
    await form.getByRole("button").click();
    // the browser's own minlength check or the server's field error: either way no access
    assert.equal(await page.getByTestId("patient-header").count(), 0);
    await form.locator("textarea").fill("救急外来に意識障害で搬送。既往歴と内服薬の確認が必要なため");
    await form.getByRole("button").click();
    await page.getByTestId("patient-header").waitFor();
    assert.match((await page.getByTestId("access-basis").textContent())!, /緊急アクセス/);
    // the reader is told when access ends, warned before it lapses, and told when it has
    const countdown = page.getByTestId("break-glass-countdown");
    assert.equal(await countdown.getAttribute("data-state"), "running");
    assert.match((await countdown.textContent())!, /緊急アクセスは .+ まで（残り約(59|60)分）/);
    await page.clock.install();
    await page.reload();
    await page.clock.fastForward("56:00");
    await page.locator('[data-testid="break-glass-countdown"][data-state="ending"]').waitFor();
    assert.match((await countdown.textContent())!, /あと約[1-5]分で閲覧できなくなります/);
    await page.clock.fastForward("05:00");
    await page.locator('[data-testid="break-glass-countdown"][data-state="ended"]').waitFor();
    assert.match((await countdown.textContent())!, /期限が切れました/);
    await context.close();

    const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const officePage = await office.newPage();
    await signInAsDemoUser(officePage, app, "office.okinet");
    await officePage.goto(`${app.url}/audit/break-glass`);
    const row = officePage.getByTestId("break-glass-row").first();
    assert.ok((await row.textContent())!.includes("救急外来に意識障害で搬送"));
    await row.getByTestId("mark-reviewed").click();
    await row.getByTestId("reviewed-at").waitFor();
    await office.close();
  });

  it("the hospital clerk withdraws one facility, then the whole consent, and records a new consent herself (issue 20)", async () => {
    const page = clerkPage;
    const scope = await app.database.db
      .select({ facilityId: consentScope.facilityId })
      .from(consentScope)
      .where(and(eq(consentScope.patientId, consentedId), isNull(consentScope.withdrawnOn)));
    const [hospital] = await app.database.db
      .select({ facilityId: facilities.id })
      .from(facilities)
      .innerJoin(consentScope, eq(consentScope.facilityId, facilities.id))
      .where(and(eq(consentScope.patientId, consentedId), eq(facilities.kind, "hospital")));
    const others = scope.map((s) => s.facilityId).filter((id) => id !== hospital!.facilityId);
    assert.ok(others.length >= 2, "the demo patient shares with several facilities");
    const pdf = { name: "withdrawal.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyPdf("w")) };

    // 一部撤回: one facility stops sharing, the rest stay
    await page.goto(`${app.url}/patients/${consentedId}`);
    let form = page.getByTestId("consent-form-withdraw").first();
    await form.locator("summary").click();
    await form.locator(`input[name="facilityIds"][value="${others[0]}"]`).check();
    await form.locator('input[type="file"]').setInputFiles(pdf);
    await form.getByRole("button", { name: "送信" }).click();
    await form.getByText("登録しました。").waitFor();
    const told = await app.database.db
      .select({ details: notifications.details })
      .from(notifications)
      .where(eq(notifications.kind, "consent_scope_left"));
    assert.ok(told.length > 0, "the facility that lost access is told");

    // 撤回 of the whole consent: the page stays hers, for consent administration only
    await page.reload();
    form = page.getByTestId("consent-form-withdraw").first();
    await form.locator("summary").click();
    await form.locator('input[type="file"]').setInputFiles(pdf);
    await form.getByRole("button", { name: "送信" }).click();
    await page.getByTestId("consent-admin-notice").waitFor();
    assert.equal(await page.getByTestId("access-denied").count(), 0);

    // she finds the patient again by regional ID, and records the new consent
    await page.goto(`${app.url}/patients?q=${DEMO_PATIENTS.consented}`);
    await page.getByTestId("consent-admin-hit").waitFor();
    await page.getByTestId("patient-hit").first().locator("a").click();
    await page.getByTestId("consent-admin-notice").waitFor();
    form = page.getByTestId("consent-form-grant");
    await form.locator("summary").click();
    for (const id of others.slice(1)) await form.locator(`input[name="facilityIds"][value="${id}"]`).check();
    await form.locator('input[type="file"]').setInputFiles({ ...pdf, name: "consent.pdf" });
    await form.getByRole("button", { name: "送信" }).click();
    await page.getByText("同意に基づく閲覧").waitFor();
    const kinds = await app.database.db
      .select({ kind: consentEvents.kind })
      .from(consentEvents)
      .where(eq(consentEvents.patientId, consentedId));
    assert.deepEqual(
      ["granted", "scope_withdrawn", "withdrawn"].filter((k) => kinds.some((e) => e.kind === k)),
      ["granted", "scope_withdrawn", "withdrawn"],
    );
    await page.context().close();
  });
});
