import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { and, eq } from "drizzle-orm";
import { facilities, patientLocalIds, patients } from "../../server/db/schema";
import { syntheticStudy } from "../../server/demo/pacs/synthetic-studies";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { signedInPage } from "../helpers/sign-in";

/** A disc's folder as a hospital writes it: DICOM files in nested folders, and a text file beside them. */
/**
 * Waits for the disc's check after an upload; when it does not come, says what the
 * form shows instead (an error, the progress line) and what the app logged.
 */
async function waitForDiscCheck(page: Page, app: RunningApp) {
  const check = page.getByTestId("disc-check");
  const error = page.getByTestId("disc-error");
  await check
    .or(error)
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (e: unknown) => {
      const form = await page
        .getByTestId("disc-reading-form")
        .innerText()
        .catch(() => "");
      throw new Error(
        `no check of the disc: the form shows ${form.slice(0, 600)}\n${String(e)}\napp log (end):\n${app.output().slice(-3000)}`,
      );
    });
  if ((await error.count()) > 0) throw new Error(`the upload failed: ${await error.textContent()}`);
}

function writeDisc(dir: string, p: { localId: string; name: string; birthDate: string }) {
  const series = path.join(dir, "DICOM", "ST000001", "SE000001");
  mkdirSync(series, { recursive: true });
  let n = 0;
  for (const file of syntheticStudy({
    kind: "MR",
    facilityCode: "E2E-DISC",
    localId: p.localId,
    patientName: p.name,
    birthDate: p.birthDate,
    sex: "F",
    studyDate: "20261001",
    slices: 4,
    size: 64,
  })) {
    writeFileSync(path.join(series, `IM${String(++n).padStart(6, "0")}`), file);
  }
  writeFileSync(path.join(dir, "README.TXT"), "Viewer software is not included.\r\n");
}

describe("a reading request from a CD/DVD: the clinic's GP uploads a folder, confirms the patient, the radiologist reports, the GP acknowledges (Debian Chromium, Orthanc)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let work: string;

  before(async () => {
    app = await startApp({ DEMO_PACS: "1" });
    browser = await launchChromium();
    patientId = (await demoPatientIds(app)).consented;
    work = mkdtempSync(path.join(os.tmpdir(), "okinet-disc-e2e-"));
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("refuses another patient's disc, then imports the patient's own and closes the loop", async () => {
    const [p] = await app.database.db
      .select({
        localId: patientLocalIds.localId,
        familyNameKana: patients.familyNameKana,
        givenNameKana: patients.givenNameKana,
        birthDate: patients.birthDate,
      })
      .from(patients)
      .innerJoin(patientLocalIds, eq(patientLocalIds.patientId, patients.id))
      .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
      .where(and(eq(patients.id, patientId), eq(facilities.name, "米沢中央病院")));
    assert.ok(p, "the demo patient has a local ID at the reading hospital");
    const own = path.join(work, "own");
    const other = path.join(work, "other");
    // the hospital wrote the name in half-width katakana, as many do
    const halfWidth = `${p.familyNameKana}^${p.givenNameKana}`.normalize("NFKC");
    writeDisc(own, { localId: p.localId, name: halfWidth, birthDate: p.birthDate.replaceAll("-", "") });
    writeDisc(other, { localId: `${p.localId}9`, name: "タナカ^イチロウ", birthDate: "19500101" });

    // the GP, on a phone: from the patient's page to the disc source of the request form
    const gp = await signedInPage(browser, app, "gp.yamada", 390);
    await gp.goto(`${app.url}/patients/${patientId}`);
    await gp.getByTestId("request-reading-disc").click();
    await gp.waitForURL(/\/readings\/new\?.*source=disc/);
    await gp.getByTestId("disc-reading-form").waitFor();
    await assertFitsWidth(gp, "the disc form on a phone");

    // another patient's disc: shown side by side, refused, nothing to confirm
    await gp.getByTestId("disc-folder").setInputFiles(other);
    await gp.getByTestId("disc-upload").click();
    await waitForDiscCheck(gp, app);
    await gp.getByTestId("disc-refusal").waitFor();
    await gp.getByTestId("disc-differs-patientId").waitFor();
    await gp.getByTestId("disc-differs-name").waitFor();
    await gp.getByTestId("disc-differs-birthDate").waitFor();
    assert.equal(await gp.getByTestId("disc-request-form").count(), 0);

    // the patient's own disc
    await gp.getByTestId("disc-folder").setInputFiles(own);
    await gp.getByTestId("disc-upload").click();
    await waitForDiscCheck(gp, app);
    await gp.getByTestId("disc-request-form").waitFor({ timeout: 60_000 });
    assert.equal(await gp.getByTestId("disc-refusal").count(), 0);
    assert.equal(await gp.getByTestId("disc-patient-id").textContent(), p.localId);
    assert.match((await gp.getByTestId("disc-refused-files").textContent())!, /README\.TXT/);
    await assertFitsWidth(gp, "the patient check on a phone");
    const form = gp.getByTestId("disc-request-form");
    await form.locator('select[name="readingFacilityId"]').selectOption({ label: "米沢中央病院" });
    await form.locator('textarea[name="clinicalQuestion"]').fill("持参された頭部MRIの読影をお願いします。");
    await gp.getByTestId("disc-confirm").check();
    await gp.getByTestId("send-disc-reading").click();
    await gp.waitForURL(/\/readings\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const readingUrl = gp.url();
    assert.equal(await gp.getByTestId("reading-status").getAttribute("data-status"), "requested");

    // the radiologist: accepts, opens the uploaded study in the viewer, reports
    const doctor = await signedInPage(browser, app, "dr.sato", 1280);
    doctor.on("dialog", (dialog) => void dialog.accept());
    await doctor.goto(readingUrl);
    await doctor.getByTestId("accept-reading").click();
    await doctor.locator('[data-testid="reading-status"][data-status="accepted"]').waitFor();
    const viewerHref = (await doctor.getByTestId("reading-open-viewer").getAttribute("href"))!;
    const viewer = await doctor.context().newPage();
    await viewer.goto(`${app.url}${viewerHref}`);
    await viewer.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await viewer.close();
    await doctor.getByTestId("report-findings").fill("右大脳半球に陳旧性梗塞を認めます。");
    await doctor.getByTestId("report-impression").fill("陳旧性脳梗塞");
    await doctor.getByTestId("sign-report").click();
    await doctor.locator('[data-testid="reading-status"][data-status="reported"]').waitFor();

    // the GP reads and acknowledges
    await gp.goto(readingUrl);
    await gp.locator('[data-testid="reading-status"][data-status="reported"]').waitFor();
    assert.equal(await gp.getByTestId("shown-impression").textContent(), "陳旧性脳梗塞");
    await gp.getByTestId("acknowledge-reading").click();
    await gp.locator('[data-testid="reading-status"][data-status="acknowledged"]').waitFor();
  });
});
