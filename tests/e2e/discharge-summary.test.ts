import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import {
  auditEvents,
  dischargeSummaries,
  dischargeSummaryAcknowledgements,
  facilities,
} from "../../server/db/schema";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { PdfFile, squeeze } from "../helpers/pdf";
import { eventually } from "../helpers/eventually";
import { startFakeFacility } from "../helpers/record-servers";
import { signedInPage } from "../helpers/sign-in";

const CLINIC = "長井さくら内科クリニック";
const PHARMACY = "長井みどり薬局";
const HOSPITAL = "米沢中央病院";
const REHAB = "南陽リハビリテーション病院";

/** How far the page is wider than the screen (0 when nothing scrolls sideways). */
const overflowOf = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * The discharge summary in three browsers: the hospital doctor writes it on a
 * phone-sized screen (autosave across a reload, named refusals), sends it to
 * the GP and the pharmacy; the GP, already on the worklist, sees it arrive and
 * confirms receipt, which the doctor sees; the pharmacist reads the medication first.
 */
describe("discharge summary: from the hospital to the GP and the pharmacy (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let summaryId: string;
  const pages: Record<string, Page> = {};

  // each demo user signs in once: a second sign-in within the same TOTP step would be refused as a replay
  /** the questions each page asked (送信先の確認), answered yes */
  const asked: Record<string, string[]> = {};
  const pageFor = async (loginId: string, width = 1280) => {
    const page = await signedInPage(browser, app, loginId, width);
    asked[loginId] = [];
    page.on("dialog", (dialog) => {
      asked[loginId]!.push(dialog.message());
      void dialog.accept();
    });
    pages[loginId] = page;
    return page;
  };
  const row = async () =>
    (await app.database.db.select().from(dischargeSummaries).where(eq(dischargeSummaries.id, summaryId)))[0]!;
  const bellCount = async (page: Page) =>
    Number((await page.getByTestId("notification-count").textContent())?.trim() ?? "NaN");
  const fieldError = (page: Page, fieldId: string) => page.locator(`div:has(> #${fieldId}) > .field-error`);

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("dr.sato starts a summary for 山田花子 from the summaries list, choosing her there, on a phone", async () => {
    const sato = await pageFor("dr.sato", 390);
    await sato.goto(`${app.url}/summaries`);
    await sato.getByTestId("tab-outbox").waitFor();
    const panel = sato.getByTestId("new-summary");
    await panel.getByRole("textbox", { name: "患者" }).fill("OK000000018");
    await panel.getByRole("button", { name: "検索" }).click();
    await panel
      .getByTestId("new-summary-patient-results")
      .getByRole("button", { name: "選ぶ" })
      .first()
      .click();
    assert.match((await panel.getByTestId("new-summary-patient").textContent())!, /山田\s*花子/);
    await assertFitsWidth(sato, "the summaries list with its patient picker on a phone");
    await panel.getByRole("button", { name: "退院時サマリを書く" }).click();
    await sato.waitForURL(/\/summaries\/[0-9a-f-]{36}\/edit$/);
    summaryId = /\/summaries\/([0-9a-f-]{36})\/edit$/.exec(sato.url())![1]!;
    const draft = await row();
    assert.equal(draft.status, "draft");
    assert.equal(draft.patientId, patientId);
    assert.match((await sato.getByTestId("summary-patient-header").textContent())!, /山田\s*花子/);
    assert.ok((await overflowOf(sato)) <= 0, "the editor fits a 390px screen");
  });

  it("autosave keeps the summary across a reload; 入院日数 follows the dates", async () => {
    const sato = pages["dr.sato"]!;
    await sato.getByLabel("診療科").fill("脳神経外科");
    await sato.getByLabel("入院日", { exact: true }).fill("2026-11-02");
    await sato.getByLabel("退院日", { exact: true }).fill("2026-11-20");
    assert.equal((await sato.getByTestId("length-of-stay").textContent())?.trim(), "19日");
    await sato.getByTestId("summary-diagnoses-add").click();
    await sato.getByLabel("病名").fill("脳梗塞（左中大脳動脈領域）");
    await sato.getByLabel("ICD-10").fill("I63.4");
    await sato
      .getByLabel("入院中の経過")
      .fill("入院後アルガトロバン、エダラボン投与。第3病日よりリハビリ開始。");
    await sato.getByTestId("summary-procedures-add").click();
    await sato.getByLabel("手術・処置名").fill("頭部MRI");
    await sato.getByLabel(CLINIC).check();
    await sato.getByLabel(PHARMACY).check();
    await eventually("the draft saved on the server", async () => {
      const c = (await row()).draftContent;
      return c?.hospitalCourse.startsWith("入院後アルガトロバン") === true && c.procedures.length === 1;
    });
    await sato.locator('[data-testid="autosave-status"][data-state="saved"]').waitFor();

    await sato.reload();
    assert.equal(
      await sato.getByLabel("入院中の経過").inputValue(),
      "入院後アルガトロバン、エダラボン投与。第3病日よりリハビリ開始。",
    );
    assert.equal(await sato.getByLabel("病名").inputValue(), "脳梗塞（左中大脳動脈領域）");
    assert.equal(await sato.getByLabel("退院日", { exact: true }).inputValue(), "2026-11-20");
    assert.equal(await sato.getByLabel(CLINIC).isChecked(), true);
    assert.equal(await sato.getByLabel(PHARMACY).isChecked(), true);
    assert.equal(await sato.getByTestId("draft-restore").count(), 0, "nothing newer on this device");
  });

  it("sending it incomplete names each missing section next to its field", async () => {
    const sato = pages["dr.sato"]!;
    await sato.getByRole("button", { name: "送付する", exact: true }).click();
    await sato.getByTestId("send-error").waitFor();
    assert.match((await sato.getByTestId("send-error").textContent())!, /送付できません/);
    const expected: [string, RegExp][] = [
      ["summary-reasonForAdmission", /入院理由を入力してください/],
      ["summary-conditionAtDischarge", /退院時の状態を入力してください/],
      ["summary-followUpPlan", /今後の方針を入力してください/],
      ["summary-destination", /退院先を選んでください/],
    ];
    for (const [id, message] of expected) {
      assert.match((await fieldError(sato, id).textContent()) ?? "", message, id);
    }
    const medications = sato.getByTestId("summary-medications-list");
    assert.match((await medications.textContent())!, /退院時処方を入力するか「処方なし」を選んでください/);
    const allergies = sato.getByTestId("summary-allergies-list");
    assert.match(
      (await allergies.textContent())!,
      /アレルギーを入力するか「アレルギーなし」を選んでください/,
    );
    assert.equal(
      await fieldError(sato, "summary-hospitalCourse").count(),
      0,
      "what is filled in is not named",
    );
    assert.equal((await row()).status, "draft");
  });

  it("sent to the clinic and the pharmacy: the GP, already on /summaries, sees it arrive live and the bell rise", async () => {
    const gp = await pageFor("gp.yamada");
    await gp.goto(`${app.url}/summaries`);
    await gp.getByTestId("tab-inbox").waitFor();
    assert.equal(await gp.getByTestId("summary-row").count(), 0);
    const bellBefore = await bellCount(gp);
    await gp.evaluate(() => {
      (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });

    const sato = pages["dr.sato"]!;
    await sato.getByLabel("入院理由").fill("右上下肢の脱力と構音障害で紹介、同日入院");
    await sato.getByLabel("退院時の状態").fill("右上肢の軽度麻痺残存。杖歩行自立。mRS 2。");
    await sato.getByLabel("看護・介護上の留意点").fill("入浴は見守り。嚥下は常食可。");
    await sato.getByTestId("summary-medications-add").click();
    await sato.locator("#summary-medication-0-name").fill("クロピドグレル錠75mg");
    await sato.locator("#summary-medication-0-dosage").fill("1回1錠 1日1回 朝食後");
    await sato.getByLabel(/入院中の処方変更点/).fill("クロピドグレルを新規開始");
    await sato.getByLabel("アレルギー・副作用歴なし").check();
    await sato.getByLabel("今後の方針・フォローアップ").fill("2週間後に紹介元で血圧の確認をお願いします。");
    await sato.getByLabel("退院先", { exact: true }).selectOption("home_with_services");
    await sato.getByRole("button", { name: "送付する", exact: true }).click();
    await sato.waitForURL(`${app.url}/summaries/${summaryId}`);
    // asked once first, naming where it goes; then a short word with its number
    const question = asked["dr.sato"]!.at(-1)!;
    assert.match(question, /送付先：/);
    assert.ok(question.includes(CLINIC) && question.includes(PHARMACY), question);
    const sent = await row();
    assert.equal(sent.status, "sent");
    assert.equal(sent.sentVersion, 1);
    assert.match(sent.documentNumber ?? "", /^\d{4}-\d{6}$/);
    assert.equal((await sato.getByTestId("shown-version").textContent())?.trim(), "第1版");
    assert.equal(await sato.getByTestId("summary-recipient").count(), 2);
    assert.match((await sato.getByTestId("sent-toast").textContent())!, new RegExp(sent.documentNumber!));

    const arrived = gp.getByTestId("summary-row").filter({ hasText: "山田 花子" });
    await arrived.waitFor({ timeout: 60_000 });
    await eventually("the bell counts the new summary", async () => (await bellCount(gp)) > bellBefore);
    assert.equal(
      await gp.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage),
      true,
      "the list updated in place, without a reload",
    );
    assert.equal(await arrived.getAttribute("data-acknowledged"), "false");
    assert.equal((await gp.getByTestId("unacknowledged-count").textContent())?.trim(), "1");
  });

  it("the GP opens it and confirms receipt; dr.sato sees the confirmation without a reload", async () => {
    const gp = pages["gp.yamada"]!;
    await gp.getByTestId("summary-row").filter({ hasText: "山田 花子" }).click();
    await gp.waitForURL(`${app.url}/summaries/${summaryId}`);
    // a doctor reads the whole summary in document order
    assert.equal(await gp.getByTestId("summary-rest").count(), 0);
    assert.match((await gp.getByTestId("summary-view").textContent())!, /杖歩行自立/);
    assert.match((await gp.getByTestId("section-stay").textContent())!, /入院日数: 19日/);
    assert.match(
      (await gp.getByTestId("summary-author").textContent())!,
      /米沢中央病院 脳神経外科 ・ 佐藤 健太郎/,
    );
    const pdf = gp.getByTestId("summary-documents").getByRole("link", { name: "PDF" });
    assert.equal(await pdf.getAttribute("href"), `/api/summaries/${summaryId}/summary.pdf?version=1`);
    // the PDF, downloaded as the GP's browser does: searchable Japanese text in an embedded subset font
    const [file] = await Promise.all([gp.waitForEvent("download"), pdf.click()]);
    const summaryPdf = await PdfFile.write(new Uint8Array(await readFile(await file.path())));
    try {
      const text = squeeze(await summaryPdf.text());
      assert.match(text, /退院時サマリー/);
      assert.match(text, /山田花子/);
      assert.match(text, /杖歩行自立/);
      const fonts = await summaryPdf.fonts();
      assert.ok(fonts.length > 0);
      for (const font of fonts) assert.ok(font.embedded && font.subset, `${font.name} embedded subset`);
    } finally {
      await summaryPdf.remove();
    }
    // the FHIR document, and a version that is not a number refused with the field named
    const fhir = await gp.request.get(`${app.url}/api/summaries/${summaryId}/summary.fhir.json?version=1`);
    assert.equal(fhir.status(), 200);
    const bundle = (await fhir.json()) as {
      resourceType: string;
      type: string;
      entry: { resource: { resourceType: string } }[];
    };
    assert.equal(bundle.resourceType, "Bundle");
    assert.equal(bundle.type, "document");
    assert.equal(bundle.entry[0]?.resource.resourceType, "Composition");
    const bad = await gp.request.get(`${app.url}/api/summaries/${summaryId}/summary.pdf?version=abc`);
    assert.equal(bad.status(), 400);
    const error = (await bad.json()) as { error: { fields: { field: string }[] } };
    assert.ok(error.error.fields.some((f) => f.field === "version"));

    await gp.getByTestId("acknowledge-summary").click();
    await gp.getByTestId("my-acknowledgement").waitFor();
    assert.equal(await gp.getByTestId("acknowledge-summary").count(), 0);
    const acks = await app.database.db
      .select()
      .from(dischargeSummaryAcknowledgements)
      .where(eq(dischargeSummaryAcknowledgements.summaryId, summaryId));
    assert.equal(acks.length, 1);
    assert.equal(acks[0]!.version, 1);

    const sato = pages["dr.sato"]!;
    const clinic = sato.getByTestId("summary-recipient").filter({ hasText: CLINIC });
    await eventually(
      "dr.sato's page shows the clinic's confirmation",
      async () => (await clinic.getAttribute("data-acknowledged")) === "true",
    );
    assert.match((await clinic.getByTestId("summary-ack").textContent())!, /第1版 受領確認 .*山田 誠/);
    const pharmacy = sato.getByTestId("summary-recipient").filter({ hasText: PHARMACY });
    assert.equal(await pharmacy.getAttribute("data-acknowledged"), "false");
    assert.ok((await overflowOf(sato)) <= 0, "the summary page fits a 390px screen");

    // the notification centre words the arrival and links to the summary
    await gp.goto(`${app.url}/notifications`);
    const line = gp.getByTestId("notification").filter({ hasText: "退院時サマリが届きました" });
    await line.waitFor();
    assert.equal(await line.getByRole("link").getAttribute("href"), `/summaries/${summaryId}`);
    assert.match((await line.textContent())!, /山田 花子/);
  });

  it("the GP opens 山田花子's shared records: the hospital's timeline, a link out (audited), and nothing of a facility outside her consent", async () => {
    const gp = pages["gp.yamada"]!;
    // the GP's own clinic also holds her records; here its record system answers in a slow drip
    const slowClinic = await startFakeFacility("slow_drip");
    const db = app.database.db;
    const [clinic] = await db.select().from(facilities).where(eq(facilities.name, CLINIC));
    await db
      .update(facilities)
      .set({ recordFhirBaseUrl: slowClinic.fhirBase })
      .where(eq(facilities.id, clinic!.id));
    try {
      // not waiting for "load": the page streams, and its last part is the slow clinic's
      await gp.goto(`${app.url}/patients/${patientId}`, { waitUntil: "commit" });
      const hospital = gp.getByTestId("record-facility").filter({ hasText: HOSPITAL });
      await hospital.waitFor();
      // the timeline streams in after the page: the demo hospital's records, in Japanese, while the
      // slow clinic is still answering (it does not hold them up), which then gives up at its deadline
      const entries = gp.getByTestId("record-entry");
      await entries.first().waitFor({ timeout: 60_000 });
      assert.ok((await entries.count()) > 0);
      // merged at first paint when the hospital answered within the page's first second, else
      // streamed in below as a late part: a busy machine decides which, both are right
      const timelines = await gp.getByTestId(/^record-(late-)?timeline$/).allTextContents();
      assert.match(timelines.join("\n"), /米沢中央病院/);
      const clinicStatus = gp.getByTestId("record-facility-status").filter({ hasText: CLINIC });
      assert.equal(
        await clinicStatus.getAttribute("data-status"),
        "pending",
        "the records came before the slow clinic",
      );
      await eventually(
        "the slow clinic is given up at its deadline, on the same page",
        async () => (await clinicStatus.getAttribute("data-status")) === "timeout",
      );
      assert.ok(slowClinic.requests.length > 0, "the clinic was asked");
    } finally {
      await db.update(facilities).set({ recordFhirBaseUrl: "" }).where(eq(facilities.id, clinic!.id));
      await slowClinic.close();
    }
    const hospital = gp.getByTestId("record-facility").filter({ hasText: HOSPITAL });
    // the rehabilitation hospital holds records of hers but is outside her consent: not a trace of it
    // (the consent form lists every facility of the network to choose from; the patient's records do not)
    for (const part of [
      gp.getByTestId("shared-records"),
      gp.locator("section").filter({ has: gp.getByRole("heading", { name: "各施設の患者ID" }) }),
    ]) {
      const text = (await part.textContent())!;
      assert.ok(
        text.length > 0 && !text.includes(REHAB),
        `no facility outside consent in: ${text.slice(0, 200)}`,
      );
    }
    // following the link out: a new tab on the hospital's own viewer, the follow audited
    const [viewer] = await Promise.all([
      gp.context().waitForEvent("page"),
      hospital.getByTestId("record-viewer-link").click(),
    ]);
    await viewer.waitForLoadState();
    assert.match(viewer.url(), /^http:\/\/127\.0\.0\.1:\d+\/facilities\/\d{10}\/viewer\?patient=\d+/);
    await viewer.close();
    const follows = await app.database.db
      .select({ actorId: auditEvents.actorId, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.action, "record.link_out"));
    assert.ok(
      follows.some((f) => f.outcome === "success"),
      "the link-out is audited",
    );
    assert.ok((await overflowOf(gp)) <= 0, "the patient page fits its width");
  });

  it("the pharmacist reads the discharge medication first, the rest folded but there, on a phone", async () => {
    const pharmacist = await pageFor("ph.ito", 390);
    await pharmacist.goto(`${app.url}/summaries`);
    await pharmacist.getByTestId("summary-row").filter({ hasText: "山田 花子" }).click();
    await pharmacist.waitForURL(`${app.url}/summaries/${summaryId}`);
    const focus = pharmacist.getByTestId("summary-focus").locator('[data-testid^="section-"]');
    assert.equal(await focus.first().getAttribute("data-testid"), "section-dischargeMedications");
    assert.match((await focus.first().textContent())!, /クロピドグレル錠75mg[\s\S]*クロピドグレルを新規開始/);
    const course = pharmacist.getByTestId("section-hospitalCourse");
    assert.equal(await course.isVisible(), false, "folded under 全文を表示");
    await pharmacist.getByText("全文を表示", { exact: true }).click();
    await course.waitFor({ state: "visible" });
    assert.match((await course.textContent())!, /アルガトロバン/);
    assert.equal(
      await pharmacist.getByTestId("acknowledge-summary").count(),
      1,
      "the pharmacy may confirm too",
    );
    assert.ok((await overflowOf(pharmacist)) <= 0, "the summary fits a 390px screen");
    await pharmacist.goto(`${app.url}/summaries`);
    assert.ok((await overflowOf(pharmacist)) <= 0, "the worklist fits a 390px screen");
  });

  it("dr.sato amends it as version 2 with a reason (a first amendment discarded); version 1 stays readable", async () => {
    const sato = pages["dr.sato"]!;
    await sato.goto(`${app.url}/summaries/${summaryId}`);
    await sato.getByRole("button", { name: "訂正する" }).click();
    await sato.waitForURL(`${app.url}/summaries/${summaryId}/edit`);
    await sato.getByLabel("訂正理由").waitFor();
    assert.equal((await row()).status, "amending");
    // recipients already sent to stay ticked and cannot be removed
    assert.equal(await sato.getByLabel(CLINIC).isDisabled(), true);

    await sato.goto(`${app.url}/summaries/${summaryId}`);
    assert.equal((await sato.getByTestId("shown-version").textContent())?.trim(), "作成中の訂正（未送付）");
    await sato.getByRole("button", { name: "訂正を破棄" }).click();
    await sato.getByRole("button", { name: "訂正する" }).waitFor();
    assert.equal((await row()).status, "sent");

    await sato.getByRole("button", { name: "訂正する" }).click();
    await sato.waitForURL(`${app.url}/summaries/${summaryId}/edit`);
    await sato.locator("#summary-medication-0-dosage").fill("1回1錠 1日1回 夕食後");
    await sato.getByRole("button", { name: "訂正を送付する" }).click();
    assert.match(
      (await fieldError(sato, "summary-amendment-note").textContent()) ?? "",
      /訂正理由を入力してください/,
    );
    await sato.getByLabel("訂正理由").fill("服用時点の訂正（朝食後→夕食後）");
    await sato.getByRole("button", { name: "訂正を送付する" }).click();
    await sato.waitForURL(`${app.url}/summaries/${summaryId}`);
    assert.equal((await sato.getByTestId("shown-version").textContent())?.trim(), "第2版");
    assert.match((await sato.getByTestId("amendment-note").textContent())!, /服用時点の訂正/);
    assert.equal(await sato.getByTestId("summary-version").count(), 2);
    await sato.getByTestId("summary-version").filter({ hasText: "第1版" }).getByRole("link").click();
    await sato.getByTestId("old-version").waitFor();
    assert.match((await sato.getByTestId("section-dischargeMedications").textContent())!, /朝食後/);
    const sent = await row();
    assert.equal(sent.status, "sent");
    assert.equal(sent.sentVersion, 2);
  });

  it("the server logged no unexpected errors along the way", () => {
    assert.doesNotMatch(app.output(), /\[(action|route)\] unexpected error/);
  });
});
