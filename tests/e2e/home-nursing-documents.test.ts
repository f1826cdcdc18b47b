import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { careDocuments, practitioners } from "../../server/db/schema";
import { tokyoToday } from "../../server/model/care-documents/care-document-status";
import { createSummary } from "../../server/domain/summaries/create-summary";
import { saveSummaryDraft } from "../../server/domain/summaries/save-summary-draft";
import { sendSummary } from "../../server/domain/summaries/send-summary";
import { demoActor, demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { PdfFile, assertNotoSansJpSubsets, assertVisibleGlyphsInked, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";
import { completeSummary } from "../helpers/summary-content";

const month = tokyoToday().slice(0, 7);
const visitDays = [`${month}-03`, `${month}-07`, `${month}-10`];

/**
 * The station's monthly report and the hospital's discharge record in the
 * browsers of the people who write and receive them: the visiting nurse
 * (vn.tanaka) on a 390 px phone writes 山田 花子's 訪問看護報告書 for this month,
 * tapping its visit days on the calendar, is refused a missing course of the
 * condition on its field, sends it; the GP (gp.yamada) acknowledges it and
 * downloads its PDF in the embedded Japanese font. The hospital's liaison
 * office (liaison.suzuki) writes a 退院・退所情報記録書 linked to the patient's
 * discharge summary; the care manager (cm.watanabe) on her phone sees it with
 * the summary named on it and confirms receipt.
 */
describe("home-nursing documents: the nurse's monthly report, the hospital's discharge record (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let hanako: string;
  let nurse: Page;
  let gp: Page;
  let reportId: string;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: hanako } = await demoPatientIds(app));
    nurse = await signedInPage(browser, app, "vn.tanaka", 390);
    nurse.on("dialog", (dialog) => void dialog.accept());
    gp = await signedInPage(browser, app, "gp.yamada", 1280);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the nurse writes this month's report on her phone, tapping the visit days, and sends it", async () => {
    await nurse.goto(`${app.url}/patients/${hanako}`);
    await nurse.getByTestId("write-care-document-nursing_report").click();
    await nurse.getByTestId("start-care-document-nursing_report").click();
    await nurse.waitForURL(/\/care-documents\/[0-9a-f-]{36}\/edit$/);
    reportId = /care-documents\/([0-9a-f-]{36})\/edit/.exec(nurse.url())![1]!;
    await nurse.getByTestId("care-document-editor").waitFor();

    const clinic = (await demoActor(app, "gp.yamada")).facilityId;
    await nurse.locator("#care-recipient").selectOption(clinic);
    await nurse.locator("#care-month").fill(month);
    const calendar = nurse.getByTestId("visit-calendar");
    await calendar.waitFor();
    // the seeded instruction the station received from the clinic
    const instruction = nurse.locator("#care-instructionId option").nth(1);
    await nurse.locator("#care-instructionId").selectOption(await instruction.getAttribute("value"));

    const day = (date: string) => calendar.locator(`button[data-date="${date}"]`);
    for (const date of visitDays) {
      assert.equal(await day(date).getAttribute("aria-pressed"), "false");
      await day(date).click();
      assert.equal(await day(date).getAttribute("aria-pressed"), "true", `${date} marked`);
    }
    // a therapist came on the 7th too; a tap on a nurse day with the nurse mark takes it off
    await nurse.locator("#care-visit-mark-therapist").check();
    assert.equal(await day(visitDays[1]!).getAttribute("aria-pressed"), "false", "not yet a therapist day");
    await day(visitDays[1]!).click();
    assert.match((await day(visitDays[1]!).textContent()) ?? "", /○◇/);
    await nurse.locator("#care-visit-mark-nurse").check();
    await day(`${month}-12`).click();
    await day(`${month}-12`).click();
    assert.equal(await day(`${month}-12`).getAttribute("aria-pressed"), "false", "tapped twice: off again");
    assert.match((await nurse.getByTestId("visit-count").textContent()) ?? "", /訪問日数: 3日/);
    await assertFitsWidth(nurse, "nursing report editor");

    await nurse.locator("#care-nursingGiven").fill("服薬確認、仙骨部のスキンケア、家族への体位変換の指導");
    await nurse.locator("#care-rehabilitationGiven").fill("下肢の筋力訓練と屋内歩行訓練");
    await nurse.locator("#care-familyCare").fill("夫が主介護者。夜間のトイレ介助で睡眠不足の訴えあり。");
    await nurse.getByTestId("send-care-document").click();
    const missing = nurse.locator('[data-field="care-conditionCourse"] .field-error');
    await missing.waitFor();
    assert.match((await missing.textContent()) ?? "", /病状の経過/);

    await nurse.locator("#care-conditionCourse").fill("血圧は130台で安定。仙骨部の発赤は消退傾向。");
    await nurse.getByTestId("send-care-document").click();
    await nurse.waitForURL(new RegExp(`/care-documents/${reportId}$`));
    await nurse.getByTestId("care-document-header").waitFor();
    assert.equal(await nurse.getByTestId("care-document-status").getAttribute("data-status"), "sent");
    const [row] = await app.database.db.select().from(careDocuments).where(eq(careDocuments.id, reportId));
    assert.deepEqual(
      (row!.content.visits as { date: string; marks: string[] }[]).map((v) => [v.date, v.marks]),
      [
        [visitDays[0], ["nurse"]],
        [visitDays[1], ["nurse", "therapist"]],
        [visitDays[2], ["nurse"]],
      ],
    );
    assert.match((await nurse.getByTestId("care-document-linked").textContent()) ?? "", /訪問看護指示書/);
    await assertFitsWidth(nurse, "sent nursing report");
  });

  it("the GP acknowledges it and downloads its PDF with the Japanese font embedded", async () => {
    await gp.goto(`${app.url}/care-documents/${reportId}`);
    await gp.getByTestId("care-document-content").waitFor();
    assert.equal((await gp.getByTestId("visit-days").locator("[data-date]").count()) >= 28, true);
    assert.match((await gp.getByTestId("care-document-content").textContent()) ?? "", /訪問日数: 3日/);
    await gp.getByTestId("acknowledge-care-document").click();
    await eventually(
      "the GP's page shows the receipt",
      async () =>
        (await gp.getByTestId("care-document-status").getAttribute("data-status")) === "acknowledged",
    );
    await nurse.reload();
    await nurse.getByTestId("care-document-header").waitFor();
    assert.equal(await nurse.getByTestId("care-document-status").getAttribute("data-status"), "acknowledged");

    const response = await gp.request.get(`${app.url}/api/care-documents/${reportId}/document.pdf`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"] ?? "", /application\/pdf/);
    const pdf = await PdfFile.write(new Uint8Array(await response.body()));
    try {
      await assertNotoSansJpSubsets(pdf);
      await assertVisibleGlyphsInked(pdf, 20);
      const text = squeeze(await pdf.text());
      for (const part of ["訪問看護報告書", "訪問日数 3日", "仙骨部の発赤は消退傾向"]) {
        assert.ok(text.includes(squeeze(part)), `the PDF shows ${part}`);
      }
    } finally {
      await pdf.remove();
    }
  });

  it("the hospital writes a discharge record linked to the discharge summary; the care manager sees it on her phone and confirms receipt", async () => {
    const liaisonActor = await demoActor(app, "liaison.suzuki");
    const careManagerActor = await demoActor(app, "cm.watanabe");
    // a patient whose consent covers the hospital and the care office: the seed's first discharge record is for one
    const [seeded] = await app.database.db
      .select({ patientId: careDocuments.patientId })
      .from(careDocuments)
      .where(
        and(
          eq(careDocuments.kind, "discharge_information"),
          eq(careDocuments.recipientFacilityId, careManagerActor.facilityId),
        ),
      )
      .orderBy(asc(careDocuments.createdAt))
      .limit(1);
    assert.ok(seeded, "the demo has a patient shared with the hospital and the care office");
    const patientId = seeded.patientId;
    // the discharge summary the ward doctor sent (the summaries' own e2e writes one in the browser)
    const doctor = await demoActor(app, "dr.sato");
    const created = await createSummary(app.database.db, doctor, { patientId, authorDepartment: "整形外科" });
    const saved = await saveSummaryDraft(app.database.db, doctor, {
      summaryId: created.summaryId,
      revision: created.revision,
      authorDepartment: "整形外科",
      recipients: [{ facilityId: careManagerActor.facilityId, practitionerId: null }],
      content: completeSummary,
    });
    const summary = await sendSummary(app.database.db, doctor, {
      summaryId: created.summaryId,
      revision: saved.revision,
    });
    assert.ok(summary.documentNumber);

    const hospital = await signedInPage(browser, app, "liaison.suzuki", 1280);
    hospital.on("dialog", (dialog) => void dialog.accept());
    await hospital.goto(`${app.url}/care-documents/new?kind=discharge_information&patientId=${patientId}`);
    await hospital.getByTestId("start-care-document-discharge_information").click();
    await hospital.waitForURL(/\/care-documents\/[0-9a-f-]{36}\/edit$/);
    const recordId = /care-documents\/([0-9a-f-]{36})\/edit/.exec(hospital.url())![1]!;
    await hospital.getByTestId("care-document-editor").waitFor();
    await hospital.locator("#care-recipient").selectOption(careManagerActor.facilityId);
    await hospital.locator("#care-summaryId").selectOption(created.summaryId);
    await hospital.locator("#care-admissionDate").fill("2026-01-05");
    await hospital.locator("#care-dischargeDate").fill("2026-01-30");
    await hospital.getByTestId("care-diagnoses-add").click();
    await hospital.locator("#care-diagnosis-0-name").fill("左大腿骨頸部骨折");
    await hospital.locator("#care-hospitalCourse").fill("人工骨頭置換術後、歩行器歩行で自宅退院。");
    await hospital.locator("#care-noMedicalCare").check();
    for (const item of ["moving", "transferring", "dressing", "grooming", "bathing", "eating", "toileting"]) {
      await hospital.locator(`#care-adl-${item}`).selectOption("supervision");
    }
    await hospital.locator("#care-noMedication").check();
    await hospital.locator("#care-patientWishes").fill("自宅で一人でトイレに行けるようにしたい");
    await hospital.locator("#care-recommendedServices-day_rehabilitation").check();
    await hospital.locator("#care-contact-name").fill("鈴木 由美");
    await hospital.locator("#care-contact-phone").fill("0238-22-0001");
    await hospital.getByTestId("send-care-document").click();
    await hospital.waitForURL(new RegExp(`/care-documents/${recordId}$`));
    await hospital.getByTestId("care-document-header").waitFor();
    assert.equal(await hospital.getByTestId("care-document-status").getAttribute("data-status"), "sent");
    assert.equal(liaisonActor.facilityId, doctor.facilityId);

    const careManager = await signedInPage(browser, app, "cm.watanabe", 390);
    await careManager.goto(`${app.url}/care-documents?box=received`);
    await careManager.getByTestId("care-document-list").waitFor();
    await careManager.locator(`a[href="/care-documents/${recordId}"]`).click();
    const linked = careManager.getByTestId("care-document-linked");
    await linked.waitFor();
    const linkedText = (await linked.textContent()) ?? "";
    assert.ok(linkedText.includes("退院時サマリ") && linkedText.includes(summary.documentNumber), linkedText);
    assert.match((await careManager.getByTestId("care-document-content").textContent()) ?? "", /見守り/);
    await assertFitsWidth(careManager, "discharge record on the care manager's phone");
    await careManager.getByTestId("acknowledge-care-document").click();
    await eventually(
      "the care manager's page shows the receipt",
      async () =>
        (await careManager.getByTestId("care-document-status").getAttribute("data-status")) ===
        "acknowledged",
    );
    const [who] = await app.database.db
      .select({ id: practitioners.id })
      .from(careDocuments)
      .innerJoin(practitioners, eq(practitioners.id, careDocuments.repliedById))
      .where(eq(careDocuments.id, recordId));
    assert.equal(who?.id, careManagerActor.practitionerId);
  });
});
