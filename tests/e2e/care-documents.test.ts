import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { Bundle } from "@medplum/fhirtypes";
import type { Browser, Page } from "playwright-core";
import { careDocuments, consents } from "../../server/db/schema";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { addDays, tokyoToday } from "../../server/model/care-documents/care-document-status";
import { demoActor, demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { assertDocumentShape, assertValid } from "../helpers/fhir-document-checks";
import { tinyPdf } from "../helpers/fixtures";
import { PdfFile, assertNotoSansJpSubsets, assertVisibleGlyphsInked, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";

/** As the pages print a day in Japanese: 2026年12月16日. */
const printed = (iso: string) => {
  const [y, m, d] = iso.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * Care documents between professions in four browsers: the pharmacist, on a
 * 390 px phone, writes a tracing report about 山田 花子 to the GP (refused on its
 * field without the patient's agreement), the GP answers it and the pharmacist
 * sees the answer; the care manager, on her phone, writes the admission
 * information on the day of admission (its due date three days on), is refused
 * without a key person, sends it to the demo hospital, whose liaison office
 * finds it on its worklist with the due date and confirms receipt. Each PDF
 * carries the embedded Japanese font, each FHIR document is valid R4.
 */
describe("care documents: tracing report and admission information (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let clinicId: string;
  let hospitalId: string;
  let gpId: string;
  let pharmacist: Page;
  let gp: Page;
  let careManager: Page;
  let liaison: Page;
  let tracingReportId: string;
  let admissionId: string;
  const today = tokyoToday();

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
    const gpActor = await demoActor(app, "gp.yamada");
    const careManagerActor = await demoActor(app, "cm.watanabe");
    clinicId = gpActor.facilityId;
    gpId = gpActor.practitionerId;
    hospitalId = (await demoActor(app, "liaison.suzuki")).facilityId;
    // the care manager's office is outside her consent in the demo (the care team's 連携先追加 step);
    // here it is added as the hospital's clerk would, the 連携先追加 being other tests' subject
    const db = app.database.db;
    const [consent] = await db
      .select({ id: consents.id })
      .from(consents)
      .where(eq(consents.patientId, patientId));
    await addConsentFacility(db, await demoActor(app, "clerk.kato"), {
      consentId: consent!.id,
      effectiveOn: today,
      facilityIds: [careManagerActor.facilityId],
      document: { fileName: "連携先追加同意書.pdf", bytes: tinyPdf("care office added") },
    });
    pharmacist = await signedInPage(browser, app, "ph.ito", 390);
    gp = await signedInPage(browser, app, "gp.yamada", 1280);
    careManager = await signedInPage(browser, app, "cm.watanabe", 390);
    liaison = await signedInPage(browser, app, "liaison.suzuki", 1280);
    for (const page of [pharmacist, careManager]) page.on("dialog", (dialog) => void dialog.accept());
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** From the patient page: the kind's button, the start button, the editor; the new document's id. */
  const startDraft = async (page: Page, kind: string) => {
    await page.goto(`${app.url}/patients/${patientId}`);
    await page.getByTestId(`write-care-document-${kind}`).click();
    await page.getByTestId(`start-care-document-${kind}`).click();
    await page.waitForURL(/\/care-documents\/[0-9a-f-]{36}\/edit$/);
    await page.getByTestId("care-document-editor").waitFor();
    return /care-documents\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;
  };
  const send = async (page: Page, documentId: string) => {
    await page.getByTestId("send-care-document").click();
    await page.waitForURL(new RegExp(`/care-documents/${documentId}$`));
    await page.getByTestId("care-document-header").waitFor();
  };
  const statusOf = (page: Page) =>
    page.getByTestId("care-document-status").first().getAttribute("data-status");
  /** The document's PDF (Japanese glyphs embedded, `expected` in it) and FHIR document (valid R4), as `page` downloads them. */
  const assertDocuments = async (page: Page, documentId: string, expected: string[]) => {
    const response = await page.request.get(`${app.url}/api/care-documents/${documentId}/document.pdf`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"] ?? "", /application\/pdf/);
    const pdf = await PdfFile.write(new Uint8Array(await response.body()));
    try {
      const text = squeeze(await pdf.text());
      for (const e of expected) assert.ok(text.includes(squeeze(e)), `the PDF says ${e}`);
      await assertNotoSansJpSubsets(pdf);
      await assertVisibleGlyphsInked(pdf, 30);
    } finally {
      await pdf.remove();
    }
    const fhir = await page.request.get(`${app.url}/api/care-documents/${documentId}/document.fhir.json`);
    assert.equal(fhir.status(), 200);
    const bundle = (await fhir.json()) as Bundle;
    assertDocumentShape(bundle);
    assertValid(bundle);
  };

  it("the pharmacist, on her phone, writes a tracing report to the GP: refused on its field without the patient's agreement, then sent", async () => {
    tracingReportId = await startDraft(pharmacist, "tracing_report");
    await assertFitsWidth(pharmacist, "tracing report editor");
    assert.ok(
      ((await pharmacist.getByTestId("kind-notice").textContent()) ?? "").includes("疑義照会"),
      "the form says urgent questions go by phone",
    );
    await pharmacist.locator("#care-recipient").selectOption(clinicId);
    await pharmacist.locator("#care-recipient-practitioner").selectOption(gpId);
    await pharmacist.locator("#care-adherence").selectOption("sometimes_missed");
    await pharmacist.getByTestId("add-leftover").click();
    await pharmacist.locator("#care-leftover-0-drug").fill("アムロジピン錠5mg");
    await pharmacist.locator("#care-leftover-0-quantity").fill("12錠");
    await pharmacist.locator("#care-leftover-0-reason").fill("飲み忘れ");
    await pharmacist
      .locator("#care-proposal")
      .fill("服薬カレンダーの導入と、次回処方での残薬調整をご検討ください。");
    await pharmacist.getByTestId("send-care-document").click();
    const refusal = pharmacist.locator('[data-field="care-patientAgreed"] .field-error');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? "", /患者の同意/);
    assert.match(pharmacist.url(), /\/edit$/, "still the draft");
    await pharmacist.locator("#care-patientAgreed").check();
    await send(pharmacist, tracingReportId);
    assert.equal(await statusOf(pharmacist), "sent");
    await assertFitsWidth(pharmacist, "sent tracing report");
  });

  it("the GP finds it among the received documents and answers; the pharmacist sees the answer", async () => {
    await gp.goto(`${app.url}/care-documents`);
    await gp.getByTestId("care-document-list").waitFor();
    await gp.locator(`a[href="/care-documents/${tracingReportId}"]`).click();
    await gp.getByTestId("care-document-header").waitFor();
    await gp.locator("#care-answer").fill("次回処方で残薬分を調整します。服薬カレンダーの件、了解しました。");
    await gp.getByTestId("answer-care-document").click();
    await eventually("the GP's page shows the answer", async () => (await statusOf(gp)) === "answered");
    await pharmacist.reload();
    await pharmacist.getByTestId("care-document-header").waitFor();
    assert.equal(await statusOf(pharmacist), "answered");
    assert.match(
      (await pharmacist.getByTestId("care-document-answer").textContent()) ?? "",
      /残薬分を調整します/,
    );
    await assertDocuments(pharmacist, tracingReportId, [
      "服薬情報提供書（トレーシングレポート）",
      "アムロジピン錠5mg",
      "残薬分を調整します",
    ]);
  });

  it("the care manager, on her phone, writes the admission information on the day of admission: due in 3 days, refused without a key person, then sent to the hospital", async () => {
    admissionId = await startDraft(careManager, "admission_information");
    await assertFitsWidth(careManager, "admission information editor");
    await careManager.locator("#care-recipient").selectOption(hospitalId);
    await careManager.locator("#care-admissionDate").fill(today);
    await careManager.getByTestId("save-care-document").click();
    await careManager.getByRole("status").filter({ hasText: "保存しました" }).waitFor();
    // the due date is the server's, from the saved admission date
    await careManager.reload();
    const due = careManager.getByTestId("care-document-due");
    await due.waitFor();
    const dueText = (await due.textContent()) ?? "";
    assert.ok(dueText.includes(printed(addDays(today, 3))) && dueText.includes("あと3日"), dueText);

    await careManager.locator("#care-careLevel").selectOption("care_2");
    await careManager.locator("#care-certificationStart").fill(addDays(today, -200));
    await careManager.locator("#care-certificationEnd").fill(addDays(today, 165));
    await careManager.getByTestId("add-care-service").click();
    await careManager.locator("#care-service-0-service").selectOption("day_care");
    await careManager.locator("#care-service-0-provider").fill("デイサービスひまわり");
    await careManager.locator("#care-service-0-frequency").fill("週2回");
    for (const [item, level] of [
      ["moving", "supervision"],
      ["eating", "independent"],
      ["toileting", "partial_assistance"],
      ["bathing", "full_assistance"],
      ["dressing", "partial_assistance"],
    ] as const)
      await careManager.locator(`#care-adl-${item}`).selectOption(level);
    await careManager.locator("#care-cognitionLevel").selectOption("IIa");
    await careManager.locator("#care-medicationManager").selectOption("family");
    await careManager.locator("#care-patientWishes").fill("家に帰って畑を見たい。");
    await careManager.getByTestId("send-care-document").click();
    const refusal = careManager.locator('[data-field="care-family"] .field-error');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? "", /キーパーソン/);

    await careManager.getByTestId("add-care-family").click();
    assert.equal(
      await careManager.locator("#care-family-0-keyPerson").isChecked(),
      true,
      "the first is the key person",
    );
    await careManager.locator("#care-family-0-name").fill("山田 一子");
    await careManager.locator("#care-family-0-relationship").fill("長女");
    await careManager.locator("#care-family-0-contact").fill("090-0000-1111");
    await assertFitsWidth(careManager, "admission information, filled in");
    await send(careManager, admissionId);
    assert.equal(await statusOf(careManager), "sent");
    const [row] = await app.database.db.select().from(careDocuments).where(eq(careDocuments.id, admissionId));
    assert.deepEqual(
      [row?.status, row?.dueOn, row?.recipientFacilityId],
      ["sent", addDays(today, 3), hospitalId],
    );
  });

  it("the hospital's liaison office finds it on its worklist with the due date and confirms receipt; the care manager sees it", async () => {
    await liaison.goto(`${app.url}/care-documents`);
    await liaison.getByTestId("care-document-list").waitFor();
    const line = liaison.locator(`a[href="/care-documents/${admissionId}"]`);
    const text = (await line.textContent()) ?? "";
    for (const expected of [
      "入院時情報",
      "山田 花子",
      "居宅介護支援事業所 ながいひまわり",
      printed(addDays(today, 3)),
    ])
      assert.ok(text.includes(expected), `the worklist line says ${expected}: ${text}`);
    assert.equal(await line.getByTestId("care-document-sent-late").count(), 0, "sent within the 3 days");
    await line.click();
    await liaison.getByTestId("care-document-header").waitFor();
    const content = (await liaison.getByTestId("care-document-content").textContent()) ?? "";
    for (const expected of [
      "要介護2",
      "デイサービスひまわり",
      "山田 一子",
      "全介助",
      "Ⅱa",
      "家に帰って畑を見たい",
    ])
      assert.ok(content.includes(expected), `the page shows ${expected}`);
    assert.equal(await liaison.locator("#care-answer").count(), 0, "a receipt, not a written answer");
    await liaison.getByTestId("acknowledge-care-document").click();
    await eventually(
      "the liaison's page shows the receipt",
      async () => (await statusOf(liaison)) === "acknowledged",
    );
    await careManager.reload();
    await careManager.getByTestId("care-document-header").waitFor();
    assert.equal(await statusOf(careManager), "acknowledged");
    assert.match((await careManager.getByTestId("care-document-reply").textContent()) ?? "", /鈴木 由美/);
    await assertDocuments(liaison, admissionId, [
      "入院時情報提供書",
      "居宅介護支援事業所 ながいひまわり",
      "要介護2",
      "デイサービスひまわり",
      "受領確認",
    ]);
  });
});
