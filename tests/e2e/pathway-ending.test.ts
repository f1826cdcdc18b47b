import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { consents, facilities, pathwayEnrolments, pathwayStages } from "../../server/db/schema";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { LOCALE_COOKIE } from "../../app/i18n";
import { demoActor, demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { tinyPdf } from "../helpers/fixtures";
import { signedInPage } from "../helpers/sign-in";

const REHAB = "南陽リハビリテーション病院";

/**
 * The ways a pathway's handover and the pathway itself end otherwise than by
 * acceptance, through the running app: the acute hospital takes a request
 * back, the rehabilitation hospital declines the next one with a reason (the
 * sheet keeps it), and the hospital withdraws the patient from the pathway
 * with a reason, after which nothing more is offered; the sheet also reads in
 * English.
 */
describe("care pathway: a request taken back, a handover declined, the pathway withdrawn (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let enrolmentId: string;
  let rehabId: string;
  let sato: Page;
  let nakamura: Page;

  const stages = async (status: "requested" | "declined" | "cancelled") =>
    app.database.db
      .select()
      .from(pathwayStages)
      .where(and(eq(pathwayStages.enrolmentId, enrolmentId), eq(pathwayStages.status, status)));

  const openSheet = async (page: Page) => {
    await page.goto(`${app.url}/pathways/${enrolmentId}`, { waitUntil: "commit" });
    await page.getByTestId("pathway-header").waitFor();
  };

  const requestHandover = async (page: Page) => {
    const form = page.getByTestId("command-handover");
    await form.locator("summary").click();
    await form.getByLabel("引き継ぎ先の施設").selectOption({ label: REHAB });
    await form.getByLabel("転院予定日").fill("2026-11-05");
    await form.getByRole("button", { name: "依頼する" }).click();
    await page.getByTestId("pending-handover").waitFor();
  };

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    const { consented: patientId } = await demoPatientIds(app);
    const db = app.database.db;
    [{ id: enrolmentId }] = (await db
      .select({ id: pathwayEnrolments.id })
      .from(pathwayEnrolments)
      .where(eq(pathwayEnrolments.patientId, patientId))) as [{ id: string }];
    [{ id: rehabId }] = (await db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.name, REHAB))) as [{ id: string }];
    // the 連携先追加 itself is the care e2e's subject; here the rehabilitation hospital is already in her consent
    const [consent] = await db
      .select({ id: consents.id })
      .from(consents)
      .where(eq(consents.patientId, patientId));
    await addConsentFacility(db, await demoActor(app, "dr.sato"), {
      consentId: consent!.id,
      effectiveOn: "2026-11-01",
      facilityIds: [rehabId],
      document: { fileName: "連携先追加同意書.pdf", bytes: tinyPdf("rehabilitation hospital added") },
    });
    sato = await signedInPage(browser, app, "dr.sato");
    nakamura = await signedInPage(browser, app, "pt.nakamura", 390);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("dr.sato asks the rehabilitation hospital, then takes the request back", async () => {
    await openSheet(sato);
    await requestHandover(sato);
    assert.equal((await stages("requested")).length, 1);
    sato.once("dialog", (dialog) => void dialog.accept());
    await sato.getByTestId("cancel-handover").click();
    await eventually(
      "the request is gone from the sheet",
      async () => (await sato.getByTestId("pending-handover").count()) === 0,
    );
    assert.equal((await stages("requested")).length, 0);
    const [cancelled] = await stages("cancelled");
    assert.equal(cancelled?.facilityId, rehabId, "the taken-back request is kept, as cancelled");
  });

  it("asked again, pt.nakamura declines on her phone, with a reason the sheet keeps", async () => {
    await requestHandover(sato);
    await openSheet(nakamura);
    const decline = nakamura.getByTestId("command-decline");
    await decline.locator("summary").click();
    await decline.getByRole("button", { name: "引き継ぎを辞退する" }).click();
    const reasonError = nakamura.locator('[data-field="decline-reason"] .field-error');
    await reasonError.waitFor();
    assert.equal((await stages("declined")).length, 0, "no reason, no answer");

    await decline.getByLabel("辞退の理由").selectOption({ index: 1 });
    await decline.getByLabel("備考").fill("空床なし。12月上旬なら受け入れ可能");
    await decline.getByRole("button", { name: "引き継ぎを辞退する" }).click();
    await eventually("the request is answered", async () => (await stages("declined")).length === 1);
    assert.equal((await stages("requested")).length, 0);

    await openSheet(sato);
    const declined = sato.getByTestId("stage-declined");
    await declined.waitFor();
    assert.match((await declined.textContent())!, new RegExp(REHAB));
    assert.match((await declined.textContent())!, /空床なし/);
    assert.equal(await sato.getByTestId("pending-handover").count(), 0);
    await assertFitsWidth(nakamura, "the sheet fits a 390px screen");
  });

  it("the sheet reads in English", async () => {
    await sato.context().addCookies([{ name: LOCALE_COOKIE, value: "en", url: app.url }]);
    try {
      await openSheet(sato);
      const header = sato.getByTestId("pathway-header");
      assert.match((await header.textContent())!, /Stroke/i);
      assert.match((await sato.getByTestId("command-withdraw").textContent())!, /Withdraw from the pathway/);
    } finally {
      // back to Japanese whatever happened: the next test reads Japanese labels
      await sato.context().addCookies([{ name: LOCALE_COOKIE, value: "ja", url: app.url }]);
    }
  });

  it("dr.sato withdraws her from the pathway with a reason; nothing more is offered", async () => {
    await openSheet(sato);
    const withdraw = sato.getByTestId("command-withdraw");
    await withdraw.locator("summary").click();
    await withdraw.getByLabel("終了日（退院日）").fill("");
    await withdraw.getByLabel("中止の理由").selectOption({ label: "病状の変化" });
    sato.once("dialog", (dialog) => void dialog.accept());
    await withdraw.getByRole("button", { name: "パスを中止する" }).click();
    const dateError = sato.locator('[data-field="withdraw-ended"] .field-error');
    await dateError.waitFor();
    assert.match((await dateError.textContent())!, /日付を入力してください/);
    await withdraw.getByLabel("終了日（退院日）").fill("2026-11-20");
    await withdraw.getByLabel("備考").fill("再梗塞のため急性期治療を継続");
    sato.once("dialog", (dialog) => void dialog.accept());
    await withdraw.getByRole("button", { name: "パスを中止する" }).click();
    await eventually("the pathway is withdrawn", async () =>
      /中止/.test((await sato.getByTestId("pathway-status").textContent()) ?? ""),
    ).catch(async (e: unknown) => {
      // the form's own answer says why, when it refused
      assert.fail(`${String(e)}; the form says: ${await withdraw.textContent()}`);
    });
    const [row] = await app.database.db
      .select()
      .from(pathwayEnrolments)
      .where(eq(pathwayEnrolments.id, enrolmentId));
    assert.equal(row?.status, "withdrawn");
    assert.equal(row?.withdrawReason, "condition_changed");
    assert.equal(row?.endedOn, "2026-11-20");
    await openSheet(sato);
    assert.equal(await sato.getByTestId("command-withdraw").count(), 0);
    assert.equal(await sato.getByTestId("command-handover").count(), 0);
    assert.match((await sato.getByTestId("pathway-header").textContent())!, /病状の変化/);
  });
});
