import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { facilities, pathwayEnrolments, pathwayStages, pathwayVariances } from "../../server/db/schema";
import { STATISTICS_CSV_HEADER } from "../../server/domain/pathways/export-pathway-statistics";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { tinyPdf } from "../helpers/fixtures";
import { PdfFile, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";

const HOSPITAL = "米沢中央病院";
const REHAB = "南陽リハビリテーション病院";

/**
 * The stroke pathway of 山田花子 through the running app, in Debian Chromium:
 * the acute hospital's doctor, on a phone, records the stage (Barthel 130
 * refused on its field), a variance, and asks the rehabilitation hospital to
 * take her over, which is outside her consent until he records the 連携先追加
 * on the spot; the rehabilitation hospital's therapist accepts from the
 * worklist; the sheet spans both hospitals and prints; the liaison office
 * reads the region's statistics and downloads them as CSV.
 */
describe("care pathway: from the acute hospital to the rehabilitation hospital (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let enrolmentId: string;
  let rehabId: string;
  const pages: Record<string, Page> = {};

  // each demo user signs in once: a second sign-in within the same TOTP step would be refused as a replay
  const pageFor = async (loginId: string, width = 1280) => {
    const page = await signedInPage(browser, app, loginId, width);
    pages[loginId] = page;
    return page;
  };
  const stageRow = async (stageKey: string) =>
    (
      await app.database.db
        .select()
        .from(pathwayStages)
        .where(
          and(
            eq(pathwayStages.enrolmentId, enrolmentId),
            eq(pathwayStages.stageKey, stageKey),
            eq(pathwayStages.status, "active"),
          ),
        )
    )[0];
  const stageCard = (page: Page, stageKey: string) =>
    page.locator(`[data-testid="pathway-stage"][data-stage="${stageKey}"]`);
  const fieldError = (page: Page, fieldId: string) => page.locator(`[data-field="${fieldId}"] .field-error`);

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
    const [enrolment] = await app.database.db
      .select({ id: pathwayEnrolments.id })
      .from(pathwayEnrolments)
      .where(eq(pathwayEnrolments.patientId, patientId));
    enrolmentId = enrolment!.id;
    const [rehab] = await app.database.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.name, REHAB));
    rehabId = rehab!.id;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("dr.sato finds 山田花子 on his worklist and opens her sheet on a phone", async () => {
    const sato = await pageFor("dr.sato", 390);
    await sato.goto(`${app.url}/pathways`, { waitUntil: "commit" });
    const row = sato.getByTestId("pathway-row").filter({ hasText: "山田 花子" });
    await row.waitFor();
    assert.match((await row.textContent())!, /脳卒中地域連携パス/);
    assert.match((await row.textContent())!, /急性期病院/);
    await row.getByRole("link").click();
    await sato.waitForURL(`${app.url}/pathways/${enrolmentId}`);
    await sato.getByTestId("pathway-header").waitFor();
    assert.match((await sato.getByTestId("pathway-patient").textContent())!, /山田 花子/);
    const acute = stageCard(sato, "acute");
    assert.equal(await acute.getAttribute("data-status"), "active");
    assert.equal((await acute.getByTestId("stage-facility").textContent())?.trim(), HOSPITAL);
    // the seeded measures, with their labels
    assert.match(
      (await acute.locator('[data-measure="barthel_admission"]').textContent())!,
      /入院時 Barthel Index\s*35/,
    );
    assert.equal(await stageCard(sato, "rehabilitation").getAttribute("data-status"), "not_reached");
    await assertFitsWidth(sato, "the sheet fits a 390px screen");
  });

  it("Barthel 130 is refused on the Barthel field; valid measures and the discharge are recorded", async () => {
    const sato = pages["dr.sato"]!;
    const form = sato.getByTestId("measures-acute");
    await form.locator("summary").click();
    await form.getByLabel("退院時 Barthel Index", { exact: true }).fill("130");
    await form.getByRole("button", { name: "記録する" }).click();
    const barthelError = fieldError(sato, "measures-acute-barthel_discharge");
    await barthelError.waitFor();
    assert.match((await barthelError.textContent())!, /Barthel Indexは0〜100の5刻みの整数です/);
    assert.equal(await fieldError(sato, "measures-acute-mrs_discharge").count(), 0, "only Barthel named");
    assert.equal((await stageRow("acute"))!.measures.barthel_discharge, undefined, "nothing stored");

    await form.getByLabel("退院時 Barthel Index", { exact: true }).fill("60");
    await form.getByLabel("退院時 modified Rankin Scale", { exact: true }).fill("3");
    await form.getByLabel("退院時 嚥下 FOIS", { exact: true }).fill("6");
    await form.getByLabel("退院先", { exact: true }).selectOption("rehabilitation_hospital");
    await form.getByLabel("退院日", { exact: true }).fill("2026-11-05");
    await form.getByRole("button", { name: "記録する" }).click();
    await form.getByRole("status").filter({ hasText: "記録しました" }).waitFor();
    const acute = (await stageRow("acute"))!;
    assert.deepEqual(acute.measures, {
      nihss_admission: 8,
      barthel_admission: 35,
      barthel_discharge: 60,
      mrs_discharge: 3,
      fois_discharge: 6,
      discharge_destination: "rehabilitation_hospital",
    });
    assert.equal(acute.dischargedOn, "2026-11-05");
    const card = stageCard(sato, "acute");
    await eventually(
      "the sheet shows the new measures",
      async () =>
        /60/.test((await card.locator('[data-measure="barthel_discharge"]').textContent()) ?? "") &&
        /回復期リハビリテーション病院・病棟/.test(
          (await card.locator('[data-measure="discharge_destination"]').textContent()) ?? "",
        ),
    );
    // 2026-10-20 to 11-05, both days counted, against the plan of 14
    assert.match(
      (await card.getByTestId("stage-length-of-stay").textContent())!,
      /17日.*目標 14日.*目標超過/,
    );
  });

  it("records a variance on the acute stage", async () => {
    const sato = pages["dr.sato"]!;
    const form = sato.getByTestId("variance-acute");
    await form.locator("summary").click();
    await form.getByLabel("要因").selectOption({ label: "医療者要因" });
    await form.getByLabel("発生日").fill("2026-11-02");
    await form.getByLabel("計画から外れたこと").fill("回復期病院への転院調整が遅れた");
    await form.getByLabel("理由・対応").fill("転院先の空床待ち。地域連携室が調整");
    await form.getByLabel("遅れた日数（分かれば）").fill("3");
    await form.getByRole("button", { name: "記録する" }).click();
    const variance = stageCard(sato, "acute").getByTestId("stage-variance");
    await variance.waitFor();
    assert.match((await variance.textContent())!, /医療者要因.*3日の遅れ.*回復期病院への転院調整が遅れた/);
    const rows = await app.database.db
      .select()
      .from(pathwayVariances)
      .where(eq(pathwayVariances.enrolmentId, enrolmentId));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.category, "care_team");
    assert.equal(rows[0]!.delayDays, 3);
  });

  it("the handover to the rehabilitation hospital is refused by name outside consent, then goes once 連携先追加 is recorded", async () => {
    const sato = pages["dr.sato"]!;
    const form = sato.getByTestId("command-handover");
    await form.locator("summary").click();
    await form.getByLabel("引き継ぎ先の施設").selectOption({ label: `${REHAB}（同意の範囲外）` });
    await form.getByLabel("転院予定日").fill("2026-11-05");
    await form.getByRole("button", { name: "依頼する" }).click();
    const refusal = fieldError(sato, "handover-facility");
    await refusal.waitFor();
    assert.match((await refusal.textContent())!, new RegExp(`${REHAB}は患者さんの同意の範囲外`));
    assert.equal(
      (
        await app.database.db
          .select()
          .from(pathwayStages)
          .where(and(eq(pathwayStages.enrolmentId, enrolmentId), eq(pathwayStages.status, "requested")))
      ).length,
      0,
    );

    // the page offers the consent held at the hospital, the rehabilitation hospital ticked (dr.sato may record it)
    const panel = sato.getByTestId("consent-required");
    await panel.waitFor();
    const consentForm = panel.getByTestId("consent-form-add");
    assert.equal(
      await consentForm.locator(`input[name="facilityIds"][value="${rehabId}"]`).isChecked(),
      true,
      "the refused facility is ticked",
    );
    await consentForm.locator('input[type="file"]').setInputFiles({
      name: "連携先追加同意書.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf("rehabilitation hospital added")),
    });
    await consentForm.getByRole("button", { name: "送信", exact: true }).click();
    await sato.getByTestId("consent-now-ok").waitFor();
    assert.match(
      (await sato.getByTestId("consent-now-ok").textContent())!,
      new RegExp(`${REHAB}は同意の範囲内`),
    );

    await form.getByLabel("引き継ぎ先の施設").selectOption({ label: REHAB });
    await form.getByRole("button", { name: "依頼する" }).click();
    const pending = sato.getByTestId("pending-handover");
    await pending.waitFor();
    assert.match(
      (await pending.textContent())!,
      new RegExp(`${REHAB}（回復期リハビリテーション病院）に引き継ぎを依頼しています`),
    );
    const [requested] = await app.database.db
      .select()
      .from(pathwayStages)
      .where(and(eq(pathwayStages.enrolmentId, enrolmentId), eq(pathwayStages.status, "requested")));
    assert.equal(requested?.facilityId, rehabId);
    assert.equal(requested?.stageKey, "rehabilitation");
    assert.equal(requested?.plannedOn, "2026-11-05");
    await assertFitsWidth(sato, "the sheet fits a 390px screen");
  });

  it("pt.nakamura sees the request under 引き継ぎ依頼 and accepts it with the admission date", async () => {
    const nakamura = await pageFor("pt.nakamura");
    await nakamura.goto(`${app.url}/pathways`, { waitUntil: "commit" });
    await nakamura.getByTestId("tab-incoming").click();
    await nakamura.waitForURL(/box=incoming/);
    const row = nakamura.getByTestId("pathway-row").filter({ hasText: "山田 花子" });
    await row.waitFor();
    assert.match((await row.textContent())!, /回復期リハビリテーション病院/);
    await row.getByRole("link").click();
    await nakamura.waitForURL(`${app.url}/pathways/${enrolmentId}`);
    const accept = nakamura.getByTestId("command-accept");
    await accept.waitFor();
    assert.equal(
      await nakamura.getByTestId("measures-acute").count(),
      0,
      "not the acute hospital's to record",
    );
    assert.equal(await accept.getByLabel("受け入れ日（入院日・開始日）").inputValue(), "2026-11-05");
    await accept.locator("form button").click();
    const rehabCard = stageCard(nakamura, "rehabilitation");
    await eventually(
      "the rehabilitation stage is current",
      async () => (await rehabCard.getAttribute("data-status")) === "active",
    );
    assert.equal((await rehabCard.getByTestId("stage-facility").textContent())?.trim(), REHAB);
    assert.equal(
      (await stageCard(nakamura, "acute").getByTestId("stage-facility").textContent())?.trim(),
      HOSPITAL,
    );
    assert.equal(await stageCard(nakamura, "acute").getAttribute("data-status"), "completed");
    assert.equal(await nakamura.getByTestId("pending-handover").count(), 0);
    const rehab = (await stageRow("rehabilitation"))!;
    assert.equal(rehab.facilityId, rehabId);
    assert.equal(rehab.admittedOn, "2026-11-05");
    // now the rehabilitation hospital's stage to record
    await nakamura.getByTestId("measures-rehabilitation").waitFor();
  });

  it("the sheet, on dr.sato's phone, spans both hospitals and downloads as a PDF naming the patient", async () => {
    const sato = pages["dr.sato"]!;
    await sato.goto(`${app.url}/pathways/${enrolmentId}`, { waitUntil: "commit" });
    await sato.getByTestId("pathway-header").waitFor();
    assert.equal(
      (await stageCard(sato, "acute").getByTestId("stage-facility").textContent())?.trim(),
      HOSPITAL,
    );
    assert.equal(
      (await stageCard(sato, "rehabilitation").getByTestId("stage-facility").textContent())?.trim(),
      REHAB,
    );
    assert.equal(
      await sato.getByTestId("measures-acute").count(),
      0,
      "a finished stage is the coordinator's to correct",
    );
    await assertFitsWidth(sato, "the sheet fits a 390px screen");

    const [download] = await Promise.all([
      sato.waitForEvent("download"),
      sato.getByTestId("pathway-pdf").click(),
    ]);
    assert.match(download.suggestedFilename(), /^連携パスシート-脳卒中地域連携パス-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = await PdfFile.write(new Uint8Array(await readFile(await download.path())));
    try {
      const text = squeeze(await pdf.text());
      assert.match(text, /山田花子/);
      assert.match(text, new RegExp(REHAB));
      assert.match(text, new RegExp(HOSPITAL));
      assert.match(text, /回復期病院への転院調整が遅れた/);
    } finally {
      await pdf.remove();
    }
  });

  it("liaison.suzuki reads the statistics as charts and downloads them as CSV", async () => {
    const suzuki = await pageFor("liaison.suzuki", 390);
    await suzuki.goto(`${app.url}/pathways`, { waitUntil: "commit" });
    await suzuki.getByTestId("pathway-statistics-link").click();
    await suzuki.waitForURL(`${app.url}/pathways/statistics`);
    const stages = suzuki.getByTestId("chart-stages");
    await stages.waitFor();
    const bars = stages.getByTestId("chart-bar");
    assert.ok((await bars.count()) >= 2);
    assert.match(
      (await bars.filter({ hasText: "回復期リハビリテーション病院" }).textContent())!,
      /到達 1人.*うち現在 1人|うち現在 1人.*到達 1人/,
    );
    const stay = suzuki
      .getByTestId("chart-length-of-stay")
      .getByTestId("chart-bar")
      .filter({ hasText: "急性期病院" });
    assert.match((await stay.textContent())!, /中央値 17日（n=1）.*目標 14日/);
    const variances = suzuki.getByTestId("chart-variances");
    assert.match((await variances.textContent())!, /医療者要因.*1件/);
    const gains = suzuki.getByTestId("chart-gains");
    assert.match((await gains.textContent())!, /急性期病院 Barthel Index.*\+25点（n=1）/);
    await assertFitsWidth(suzuki, "the statistics fit a 390px screen");

    const [download] = await Promise.all([
      suzuki.waitForEvent("download"),
      suzuki.getByTestId("statistics-csv").click(),
    ]);
    assert.match(download.suggestedFilename(), /^地域連携パス成績_all_start_today\.csv$/);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte-order mark");
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    assert.equal(lines[0], STATISTICS_CSV_HEADER.join(","));
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          "在院日数 中央値 / median length of stay (days),脳卒中地域連携パス,急性期病院,目標 14日,1,17",
        ),
      ),
      "the acute stay in the CSV",
    );

    // a period ending before it starts: 400 naming the field
    const bad = await suzuki.request.get(
      `${app.url}/api/pathways/statistics.csv?from=2026-12-01&to=2026-01-01`,
    );
    assert.equal(bad.status(), 400);
    const error = (await bad.json()) as { error: { fields: { field: string }[] } };
    assert.ok(error.error.fields.some((f) => f.field === "to"));
    // and the page says it on the field
    await suzuki.goto(`${app.url}/pathways/statistics?from=2026-12-01&to=2026-01-01`, {
      waitUntil: "commit",
    });
    await suzuki.getByTestId("statistics-filter").waitFor();
    assert.match(
      (await suzuki.locator("div:has(> #stats-to) > .field-error").textContent())!,
      /終了日は開始日以降にしてください/,
    );
    // a therapist may not read them
    const refused = await pages["pt.nakamura"]!.request.get(`${app.url}/api/pathways/statistics.csv`);
    assert.equal(refused.status(), 403);
  });
  it("dr.sato puts her on the hip-fracture pathway from her patient page; bad dates and a second stroke enrolment are refused", async () => {
    const sato = pages["dr.sato"]!;
    await sato.goto(`${app.url}/patients/${patientId}`, { waitUntil: "commit" });
    // her pathway is listed on her page, with where she is now
    const listed = sato.getByTestId("patient-pathways").getByRole("link", { name: /脳卒中地域連携パス/ });
    await listed.waitFor();
    assert.match((await listed.textContent())!, new RegExp(`回復期リハビリテーション病院 ・ ${REHAB}`));
    assert.equal(await listed.getAttribute("href"), `/pathways/${enrolmentId}`);
    await sato.getByTestId("enrol-pathway").click();
    await sato.waitForURL(`${app.url}/pathways/new?patientId=${patientId}`);
    const form = sato.getByTestId("enrol-form");
    await form.waitFor();
    assert.equal((await form.getByTestId("enrol-facility").textContent())?.trim(), HOSPITAL);

    await form.getByLabel("パス").selectOption({ label: "脳卒中地域連携パス" });
    await form.getByLabel("入院日").fill("2026-12-01");
    await form.getByRole("button", { name: "登録する" }).click();
    // named on the pathway field
    const pathwayError = sato.locator("div:has(> #enrol-pathway) > .field-error");
    await pathwayError.waitFor();
    assert.match((await pathwayError.textContent())!, /既にこのパスに登録されています/);

    await form.getByLabel("パス").selectOption({ label: "大腿骨頸部骨折地域連携パス" });
    await form.getByLabel("発症日・受傷日").fill("2026-12-03");
    await form.getByRole("button", { name: "登録する" }).click();
    const onsetError = sato.locator("div:has(> #enrol-onset) > .field-error");
    await onsetError.waitFor();
    assert.match((await onsetError.textContent())!, /入院日 2026-12-01 より後です/);

    await form.getByLabel("発症日・受傷日").fill("2026-11-30");
    await form.getByRole("button", { name: "登録する" }).click();
    await sato.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    const hipId = /\/pathways\/([0-9a-f-]{36})$/.exec(sato.url())![1]!;
    assert.notEqual(hipId, enrolmentId);
    await sato.getByTestId("pathway-header").waitFor();
    assert.match((await sato.getByTestId("pathway-header").textContent())!, /大腿骨頸部骨折地域連携パス/);
    // the hip-fracture measures are typed by their template: walking ability is a choice, the surgery a date
    const measures = sato.getByTestId("measures-acute");
    await measures.locator("summary").click();
    assert.equal(
      await measures.getByLabel("受傷前 歩行能力", { exact: true }).evaluate((e) => e.tagName),
      "SELECT",
    );
    assert.equal(await measures.getByLabel("手術日", { exact: true }).getAttribute("type"), "date");
    const [hip] = await app.database.db
      .select()
      .from(pathwayEnrolments)
      .where(eq(pathwayEnrolments.id, hipId));
    assert.equal(hip?.pathwayCode, "hip_fracture");
    assert.equal(hip?.startedOn, "2026-12-01");
    assert.equal(hip?.onsetOn, "2026-11-30");
  });
});
