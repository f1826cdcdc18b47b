import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { PdfFile, assertNotoSansJpSubsets, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";

describe("remote reading: a GP asks the hospital to read an X-ray, the radiologist reports, the GP reads it (Debian Chromium, Orthanc)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;

  before(async () => {
    app = await startApp({ DEMO_PACS: "1" });
    browser = await launchChromium();
    patientId = (await demoPatientIds(app)).consented;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("goes from the GP's request on a phone to the signed report and its acknowledgement", async () => {
    // the GP, on a phone: from the patient's image list to the request form
    const gp = await signedInPage(browser, app, "gp.yamada", 390);
    await gp.goto(`${app.url}/patients/${patientId}`);
    const xray = gp.locator('[data-testid="imaging-study"][data-modalities="DX"]').first();
    await xray.waitFor({ timeout: 30_000 });
    await xray.getByTestId("request-reading").click();
    await gp.waitForURL(/\/readings\/new\?/);
    const form = gp.getByTestId("reading-request-form");
    await form.waitFor();
    await assertFitsWidth(gp, "the request form on a phone");
    // sending without a question is refused at its field, nothing sent
    await form.locator('textarea[name="clinicalQuestion"]').evaluate((el) => el.removeAttribute("required"));
    await gp.getByTestId("send-reading").click();
    await form.getByRole("alert").first().waitFor();
    assert.match((await form.getByRole("alert").first().textContent())!, /臨床上の疑問/);
    assert.match(gp.url(), /\/readings\/new\?/);
    await form.locator('select[name="readingFacilityId"]').selectOption({ label: "米沢中央病院" });
    await form
      .locator('textarea[name="clinicalQuestion"]')
      .fill("咳嗽が続いています。胸部X線で肺炎・腫瘤影の有無をご評価ください。");
    await form.locator('input[name="urgency"][value="urgent"]').check();
    await gp.getByTestId("send-reading").click();
    await gp.waitForURL(/\/readings\/[0-9a-f-]{36}$/);
    const readingUrl = gp.url();
    assert.equal(await gp.getByTestId("reading-status").getAttribute("data-status"), "requested");
    await assertFitsWidth(gp, "the request page on a phone");

    // the hospital's physician: the worklist, accept, the study in the viewer, the report
    const doctor = await signedInPage(browser, app, "dr.sato", 1280);
    doctor.on("dialog", (dialog) => void dialog.accept());
    await doctor.goto(`${app.url}/readings?box=reading&filter=waiting`);
    const lines = doctor.getByTestId("reading-line");
    await lines.first().waitFor();
    assert.ok((await lines.count()) >= 1);
    const mine = doctor.locator(`a[href="${new URL(readingUrl).pathname}"]`);
    assert.match((await mine.textContent())!, /至急/);
    await mine.click();
    await doctor.waitForURL(readingUrl);
    await doctor.getByTestId("accept-reading").click();
    await doctor.locator('[data-testid="reading-status"][data-status="accepted"]').waitFor();
    // the requested study opens in the viewer for the reading hospital
    const viewerHref = (await doctor.getByTestId("reading-open-viewer").getAttribute("href"))!;
    const viewer = await doctor.context().newPage();
    await viewer.goto(`${app.url}${viewerHref}`);
    await viewer.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    // findings typed in the reading's tab, not yet saved, while the viewer's tab marks a key image
    const findings = "右下肺野に浸潤影を認めます。腫瘤影は認めません。";
    await doctor.getByTestId("report-findings").fill(findings);
    // the image on screen becomes a key image of the report, with a note
    await viewer.getByTestId("key-image-note").fill("右下肺野の浸潤影");
    await viewer.getByTestId("mark-key-image").click();
    await viewer.getByTestId("key-image-marked").waitFor();
    // the reading's tab shows it without a reload (the viewer's tab told it), the typed text kept
    const drafted = doctor.getByTestId("draft-key-images").getByTestId("key-image");
    await drafted.first().waitFor();
    assert.equal(await drafted.count(), 1);
    assert.equal(await doctor.getByTestId("report-findings").inputValue(), findings);
    await viewer.close();
    assert.match((await drafted.first().textContent())!, /右下肺野の浸潤影/);
    await doctor.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="draft-key-images"] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    // signing without an impression is refused at its field
    await doctor.getByTestId("sign-report").click();
    await doctor.getByTestId("report-editor").getByRole("alert").first().waitFor();
    await doctor.getByTestId("report-impression").fill("右下葉肺炎");
    await doctor.getByTestId("report-recommendations").fill("抗菌薬治療後の再撮影を推奨します。");
    await doctor.getByTestId("sign-report").click();
    await doctor.locator('[data-testid="reading-status"][data-status="reported"]').waitFor();
    assert.equal(await doctor.getByTestId("shown-impression").textContent(), "右下葉肺炎");

    // the GP reads the report, downloads the PDF and acknowledges
    await gp.goto(readingUrl);
    await gp.locator('[data-testid="reading-status"][data-status="reported"]').waitFor();
    assert.equal(await gp.getByTestId("shown-impression").textContent(), "右下葉肺炎");
    assert.equal(await gp.getByTestId("shown-key-images").getByTestId("key-image").count(), 1);
    const pdfHref = (await gp
      .getByTestId("reading-documents")
      .getByRole("link", { name: "PDF" })
      .getAttribute("href"))!;
    const response = await gp.request.get(`${app.url}${pdfHref}`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()["content-type"], "application/pdf");
    const pdf = await PdfFile.write(new Uint8Array(await response.body()));
    try {
      const text = squeeze(await pdf.text());
      for (const expected of ["読影レポート", "山田花子", "右下葉肺炎", "米沢中央病院"]) {
        assert.ok(text.includes(expected), `the PDF says ${expected}`);
      }
      await assertNotoSansJpSubsets(pdf);
      assert.equal((await pdf.images()).length, 1, "the key image is embedded");
    } finally {
      await pdf.remove();
    }
    const fhir = await gp.request.get(`${app.url}${pdfHref.replace("report.pdf", "report.fhir.json")}`);
    assert.equal(fhir.status(), 200);
    const bundle = (await fhir.json()) as { type: string; entry: { resource: { resourceType: string } }[] };
    assert.equal(bundle.type, "document");
    assert.ok(bundle.entry.some((e) => e.resource.resourceType === "DiagnosticReport"));
    await gp.getByTestId("acknowledge-reading").click();
    await gp.locator('[data-testid="reading-status"][data-status="acknowledged"]').waitFor();
    await assertFitsWidth(gp, "the report on a phone");

    // a facility that is not a party (the rehabilitation hospital) learns nothing, not even that it exists
    const outsider = await signedInPage(browser, app, "pt.nakamura", 390);
    // (a signed-in page streams behind its loading state: the not-found page, not the status, says so)
    await outsider.goto(readingUrl);
    await outsider.getByRole("heading", { name: "ページを表示できません" }).waitFor();
    assert.doesNotMatch(await outsider.locator("main").innerText(), /山田|右下葉肺炎|至急/);
    assert.equal((await outsider.request.get(`${app.url}${pdfHref}`)).status(), 404);
  });
});
