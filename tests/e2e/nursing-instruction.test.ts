import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { nursingInstructions } from "../../server/db/schema";
import { tokyoToday } from "../../server/domain/nursing-instructions/instruction-status";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { PdfFile, assertNotoSansJpSubsets, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";

/** The day `days` after today in Japan. */
const day = (days: number) =>
  new Date(Date.parse(`${tokyoToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** As the pages print a day in Japanese: 2026年12月16日. */
const printed = (iso: string) => {
  const [y, m, d] = iso.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * The visiting-nurse instruction in two browsers: the GP renews 山田花子's
 * instruction (the seeded one ends in 10 days) from her page, is refused a
 * period longer than six months on its field, sends it; the station's nurse,
 * on a 390 px phone, finds it in her inbox, sees its period and confirms
 * receipt, which the GP sees.
 */
describe("visiting-nurse instruction: the GP writes, the station's nurse confirms (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let gp: Page;
  let nurse: Page;
  let instructionId: string;
  const start = day(11);
  const end = day(100);

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
    gp = await signedInPage(browser, app, "gp.yamada", 1280);
    gp.on("dialog", (dialog) => void dialog.accept());
    nurse = await signedInPage(browser, app, "vn.tanaka", 390);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows both sides the seeded instruction ending within two weeks", async () => {
    for (const page of [gp, nurse]) {
      await page.goto(app.url);
      const count = page.getByTestId("day-work-nursingInstructionsExpiring-count");
      await count.waitFor();
      assert.equal((await count.textContent())?.trim(), "1");
    }
    await assertFitsWidth(nurse, "home page");
    await gp.goto(`${app.url}/patients/${patientId}`);
    const card = gp.getByTestId("patient-nursing-instructions");
    await card.waitFor();
    assert.equal(await card.getByTestId("patient-instruction").count(), 1);
    assert.match(
      (await card.getByTestId("patient-instruction-period").textContent()) ?? "",
      new RegExp(printed(day(10))),
    );
  });

  it("the GP renews it from the patient page: a period over six months is refused on its field, then it is sent", async () => {
    await gp.getByTestId("start-instruction-regular").click();
    await gp.waitForURL(/\/nursing-instructions\/[0-9a-f-]{36}\/edit$/);
    instructionId = /nursing-instructions\/([0-9a-f-]{36})\/edit/.exec(gp.url())![1]!;
    const editor = gp.getByTestId("instruction-editor");
    await editor.waitFor();
    // the renewal starts the day after the last one ends, for the same station
    assert.equal(await gp.locator("#instruction-periodStart").inputValue(), start);
    assert.notEqual(await gp.locator("#instruction-station").inputValue(), "");
    await gp.locator("#instruction-periodEnd").fill(day(11 + 200));
    await gp.getByTestId("save-instruction").click();
    const error = gp.locator('[data-field="instruction-periodEnd"] .field-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /6か月以内/);
    await gp.locator("#instruction-periodEnd").fill(end);
    await gp.getByTestId("send-instruction").click();
    await gp.waitForURL(new RegExp(`/nursing-instructions/${instructionId}$`));
    await gp.getByTestId("instruction-header").waitFor();
    const [row] = await app.database.db
      .select()
      .from(nursingInstructions)
      .where(and(eq(nursingInstructions.id, instructionId), eq(nursingInstructions.status, "sent")));
    assert.ok(row, "sent");
    assert.deepEqual([row.periodStart, row.periodEnd], [start, end]);
  });

  it("the station's nurse, on her phone, finds it, sees its period and confirms receipt; the GP sees the confirmation", async () => {
    await nurse.goto(`${app.url}/nursing-instructions`);
    await nurse.getByTestId("instruction-list").waitFor();
    await assertFitsWidth(nurse, "instruction inbox");
    await nurse.locator(`a[href="/nursing-instructions/${instructionId}"]`).click();
    const period = nurse.getByTestId("instruction-period");
    await period.waitFor();
    const text = (await period.textContent()) ?? "";
    assert.ok(text.includes(printed(start)) && text.includes(printed(end)), text);
    assert.match(text, /残り100日/);
    await assertFitsWidth(nurse, "instruction page");
    await nurse.getByTestId("acknowledge-instruction").click();
    await eventually(
      "the nurse's page shows the receipt",
      async () =>
        (await nurse.getByTestId("instruction-status").getAttribute("data-status")) === "acknowledged",
    );
    await gp.reload();
    await gp.getByTestId("instruction-header").waitFor();
    assert.equal(await gp.getByTestId("instruction-status").getAttribute("data-status"), "acknowledged");
    assert.match((await gp.getByTestId("instruction-acknowledgement").textContent()) ?? "", /田中 恵子/);
    // renewed: the seeded one no longer shows as ending on the nurse's home page
    await nurse.goto(app.url);
    const count = nurse.getByTestId("day-work-nursingInstructionsExpiring-count");
    await count.waitFor();
    assert.equal((await count.textContent())?.trim(), "0");
  });

  it("serves the instruction's PDF with the Japanese font embedded to the station", async () => {
    const response = await nurse.request.get(
      `${app.url}/api/nursing-instructions/${instructionId}/instruction.pdf`,
    );
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"] ?? "", /application\/pdf/);
    const pdf = await PdfFile.write(new Uint8Array(await response.body()));
    try {
      assert.ok(squeeze(await pdf.text()).includes(squeeze("訪問看護指示書")));
      await assertNotoSansJpSubsets(pdf);
    } finally {
      await pdf.remove();
    }
    const fhir = await nurse.request.get(
      `${app.url}/api/nursing-instructions/${instructionId}/instruction.fhir.json`,
    );
    assert.equal(fhir.status(), 200);
    const bundle = (await fhir.json()) as { resourceType: string; type: string };
    assert.deepEqual([bundle.resourceType, bundle.type], ["Bundle", "document"]);
  });
});
