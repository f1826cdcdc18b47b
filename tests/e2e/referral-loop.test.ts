import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { adviceRequests, referralAttachments, referralReplies, referrals } from "../../server/db/schema";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { tinyPdf } from "../helpers/fixtures";
import { assertVisibleGlyphsInked, PdfFile, squeeze } from "../helpers/pdf";
import { eventually } from "../helpers/eventually";
import { signedInPage } from "../helpers/sign-in";

const HOSPITAL = "米沢中央病院（病院）";
/** A small attachment limit for this app, so the refusals are cheap to provoke. */
const MAX_BYTES = 64 * 1024;
const REHAB = "南陽リハビリテーション病院（病院）";

/**
 * The closed loop in four browsers: the GP writes and sends, the hospital's
 * liaison office sees it arrive live, the specialist accepts and replies, the
 * GP acknowledges. Plus a stale edit in two tabs, and a send refused for
 * consent that the sender fixes with 連携先追加 on the spot.
 */
describe("electronic referral: the closed loop between a clinic and a hospital (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let referralId: string;
  const pages: Record<string, Page> = {};
  const contexts: Record<string, BrowserContext> = {};

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
    contexts[loginId] = page.context();
    return page;
  };
  const row = async () =>
    (await app.database.db.select().from(referrals).where(eq(referrals.id, referralId)))[0]!;
  const bellCount = async (page: Page) =>
    Number((await page.getByTestId("notification-count").textContent())?.trim() ?? "NaN");
  const statusOf = (page: Page) => page.getByTestId("referral-header").getByTestId("status-badge");

  before(async () => {
    app = await startApp({ REFERRAL_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the GP starts a referral for 山田花子 to a hospital department, seeing what the department asks for", async () => {
    const gp = await pageFor("gp.yamada", 390);
    await gp.goto(`${app.url}/referrals`);
    await gp.getByRole("link", { name: "紹介状を書く" }).waitFor();
    await gp.goto(`${app.url}/referrals/new?patientId=${patientId}`);
    assert.match((await gp.getByTestId("new-patient").textContent())!, /山田\s*花子/);
    await gp.getByLabel("紹介先医療機関").selectOption({ label: HOSPITAL });
    await gp.getByLabel("紹介先診療科").selectOption({ label: "脳神経外科" });
    await gp.getByTestId("department-notes").waitFor();
    await gp.getByLabel("担当医（任意）").selectOption({ label: "佐藤 健太郎" });
    await gp.getByLabel("受診希望日（この日までに）").fill("2026-12-10");
    await gp.getByRole("button", { name: "下書きを作成" }).click();
    await gp.waitForURL(/\/referrals\/[0-9a-f-]{36}\/edit$/);
    referralId = /\/referrals\/([0-9a-f-]{36})\/edit$/.exec(gp.url())![1]!;
    const draft = await row();
    assert.equal(draft.status, "draft");
    assert.equal(draft.patientId, patientId);
    assert.equal(draft.requestedBy, "2026-12-10");
  });

  it("autosave keeps the letter across a reload, and a dropped network loses nothing (local copy, restore offer)", async () => {
    const gp = pages["gp.yamada"]!;
    await gp.getByLabel("紹介目的").fill("精査・加療のお願い");
    await gp.getByTestId("letter-diagnoses-add").click();
    await gp.getByLabel("病名").fill("脳梗塞");
    await gp.getByLabel("ICD-10").fill("I63.9");
    await gp.getByLabel("疑い").check();
    await gp.getByLabel("主訴").fill("右手のしびれ");
    await gp.getByTestId("letter-medications-add").click();
    await gp.getByLabel("薬剤名").fill("アムロジピン錠5mg");
    await gp.getByLabel("用法・用量").fill("1回1錠 1日1回 朝食後");
    await gp.getByLabel("アレルギー・副作用歴なし").check();
    await gp.getByLabel("現病歴").fill("3日前から右手のしびれ");
    await eventually("the draft saved on the server", async () => {
      const c = (await row()).content;
      return c.presentIllness === "3日前から右手のしびれ" && c.noKnownAllergies && c.diagnoses.length === 1;
    });
    await gp.locator('[data-testid="autosave-status"][data-state="saved"]').waitFor();
    const saved = (await row()).content;
    assert.deepEqual(saved.diagnoses, [{ name: "脳梗塞", icd10: "I63.9", certainty: "suspected" }]);
    assert.deepEqual(saved.medications, [{ name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝食後" }]);

    await gp.reload();
    assert.equal(await gp.getByLabel("現病歴").inputValue(), "3日前から右手のしびれ");
    assert.equal(await gp.getByLabel("病名").inputValue(), "脳梗塞");

    // the network drops: server actions (POSTs to this page) fail; typing goes on
    await gp.route(
      (url) => url.pathname === `/referrals/${referralId}/edit`,
      (route) =>
        route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue(),
    );
    await gp.getByLabel("現病歴").fill("3日前から右手のしびれ。昨日から呂律が回りにくい");
    await gp.locator('[data-testid="autosave-status"][data-state="offline"]').waitFor();
    assert.match((await gp.getByTestId("autosave-status").textContent())!, /オフライン — 端末に保存済み/);
    assert.equal((await row()).content.presentIllness, "3日前から右手のしびれ", "the server never got it");

    await gp.reload();
    await gp.getByTestId("draft-restore").waitFor();
    assert.equal(
      await gp.getByLabel("現病歴").inputValue(),
      "3日前から右手のしびれ",
      "nothing applied silently",
    );
    await gp.unrouteAll();
    await gp.getByTestId("draft-restore").getByRole("button", { name: "復元する" }).click();
    assert.equal(
      await gp.getByLabel("現病歴").inputValue(),
      "3日前から右手のしびれ。昨日から呂律が回りにくい",
    );
    await eventually(
      "the restored text saved on the server",
      async () => (await row()).content.presentIllness === "3日前から右手のしびれ。昨日から呂律が回りにくい",
    );
    await gp.locator('[data-testid="autosave-status"][data-state="saved"]').waitFor();
    await gp.reload();
    await gp.getByLabel("現病歴").waitFor();
    assert.equal(await gp.getByTestId("draft-restore").count(), 0, "no offer once the server has it");
  });

  it("a PDF is attached to the draft through the upload route", async () => {
    const gp = pages["gp.yamada"]!;
    await gp.getByLabel("ファイル", { exact: true }).setInputFiles({
      name: "頭部CT所見.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf("CT report")),
    });
    await gp.getByRole("button", { name: "添付する" }).click();
    await gp.getByTestId("attachment").filter({ hasText: "頭部CT所見.pdf" }).waitFor();
  });

  it("the upload route refuses a body over the limit: by its Content-Length before reading, and a chunked one as it passes the limit", async (t) => {
    const url = `${app.url}/api/referrals/${referralId}/attachments`;
    const cookie = (await contexts["gp.yamada"]!.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const overLimit = Buffer.concat([Buffer.from(tinyPdf("big")), Buffer.alloc(MAX_BYTES * 3)]);

    const declared = await fetch(url, {
      method: "POST",
      headers: { cookie, origin: app.url },
      body: (() => {
        const form = new FormData();
        form.set("file", new Blob([overLimit], { type: "application/pdf" }), "big.pdf");
        return form;
      })(),
    });
    assert.equal(declared.status, 413);
    const declaredBody = (await declared.json()) as { error: { code: string; fields: { field: string }[] } };
    assert.equal(declaredBody.error.code, "PAYLOAD_TOO_LARGE");
    assert.equal(declaredBody.error.fields[0]?.field, "file");

    // no Content-Length: the body streams in chunks and the server stops reading once it passes the limit.
    // It answers 413 or drops the connection (as servers may); either way it never reads the whole body.
    const boundary = "----okinet-test-boundary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const WHOLE_BODY = 256 * 1024 * 1024;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (sent >= WHOLE_BODY) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = await fetch(url, {
      method: "POST",
      headers: { cookie, origin: app.url, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit & { duplex: "half" }).then(
      async (response) => ({ status: response.status, text: await response.text() }),
      (error: unknown) => ({ status: 0, text: String((error as { cause?: unknown }).cause ?? error) }),
    );
    if (chunked.status === 0) assert.match(chunked.text, /ECONNRESET|EPIPE|socket|closed/i);
    else {
      assert.equal(chunked.status, 413);
      assert.match(chunked.text, /PAYLOAD_TOO_LARGE/);
    }
    assert.ok(sent < WHOLE_BODY / 4, `the server stopped reading early (client had sent ${sent} bytes)`);
    t.diagnostic(
      `chunked upload: ${chunked.status || "connection dropped"} after ${sent} bytes were offered`,
    );

    // under the envelope limit but over the file limit: the domain refuses it by size
    const slightlyOver = Buffer.concat([Buffer.from(tinyPdf("slightly")), Buffer.alloc(MAX_BYTES)]);
    const form = new FormData();
    form.set("file", new Blob([slightlyOver], { type: "application/pdf" }), "slightly.pdf");
    const domain = await fetch(url, { method: "POST", headers: { cookie, origin: app.url }, body: form });
    assert.equal(domain.status, 413);

    const files = await app.database.db
      .select()
      .from(referralAttachments)
      .where(eq(referralAttachments.referralId, referralId));
    assert.equal(files.length, 1, "only the CT report is attached");
  });

  it("two tabs on one draft: the stale tab is told and loads the latest; nothing is overwritten", async () => {
    const tabA = pages["gp.yamada"]!;
    await tabA.locator('[data-testid="autosave-status"][data-state="saved"]').waitFor();
    const tabB = await contexts["gp.yamada"]!.newPage();
    await tabB.setViewportSize({ width: 390, height: 900 });
    await tabB.goto(`${app.url}/referrals/${referralId}/edit`);
    await tabB.getByLabel("備考").waitFor();
    const before = (await row()).version;

    await tabA.getByLabel("備考").fill("ご多忙のところ恐縮ですがよろしくお願いいたします");
    await eventually("tab A's remark saved", async () => (await row()).version > before);

    await tabB.getByLabel("家族歴").fill("父：脳出血");
    await tabB.getByTestId("draft-conflict").waitFor();
    assert.match((await tabB.getByTestId("draft-conflict").textContent())!, /他の人（または別のタブ）/);
    const afterConflict = await row();
    assert.equal(afterConflict.content.familyHistory, "", "the stale tab overwrote nothing");
    assert.equal(afterConflict.content.remarks, "ご多忙のところ恐縮ですがよろしくお願いいたします");

    await tabB.getByRole("button", { name: "最新の内容を読み込む" }).click();
    await tabB.getByTestId("draft-restore").waitFor();
    assert.equal(
      await tabB.getByLabel("備考").inputValue(),
      "ご多忙のところ恐縮ですがよろしくお願いいたします",
    );
    await tabB.getByTestId("draft-restore").getByRole("button", { name: "破棄する" }).click();
    await tabB.close();
  });

  it("the GP sends; the hospital's liaison office sees it arrive without a reload, and the bell count rises", async () => {
    const liaison = await pageFor("liaison.suzuki");
    await liaison.goto(`${app.url}/referrals`);
    await liaison.getByTestId("tab-inbox").waitFor();
    const bellBefore = await bellCount(liaison);
    await liaison.evaluate(() => {
      (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });
    assert.equal(await liaison.getByTestId("referral-row").count(), 0);

    const gp = pages["gp.yamada"]!;
    await gp.getByRole("button", { name: "送信する", exact: true }).click();
    await gp.waitForURL(`${app.url}/referrals/${referralId}`);
    // asked once first, naming the destination; then a short word with its number
    assert.match(asked["gp.yamada"]!.at(-1)!, /送信先：米沢中央病院 /);
    assert.equal((await statusOf(gp).textContent())?.trim(), "送信済み");
    const sent = await row();
    assert.equal(sent.status, "sent");
    assert.match(sent.documentNumber ?? "", /^\d{4}-\d{6}$/);
    assert.match((await gp.getByTestId("sent-toast").textContent())!, new RegExp(sent.documentNumber!));

    const arrived = liaison.getByTestId("referral-row").filter({ hasText: "山田 花子" });
    await arrived.waitFor({ timeout: 60_000 });
    await eventually("the bell counts the new referral", async () => (await bellCount(liaison)) > bellBefore);
    assert.equal(
      await liaison.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage),
      true,
      "the list updated in place, without a reload",
    );
    assert.equal(await arrived.getAttribute("data-status"), "sent");
    assert.match((await liaison.getByTestId("count-sent-value").textContent())!, /^1$/);
    // the receiving side reads a letter it has not opened as unopened, not as the sender's "sent"
    assert.equal((await arrived.getByTestId("status-badge").textContent())?.trim(), "未開封");
    assert.match((await liaison.getByTestId("count-sent").textContent())!, /^未開封/);
  });

  it("dr.sato opens it (received, seen live by the GP), downloads the attachment and accepts with an appointment", async () => {
    const sato = await pageFor("dr.sato");
    await sato.goto(`${app.url}/referrals`);
    await sato.getByTestId("referral-row").filter({ hasText: "山田 花子" }).click();
    await sato.waitForURL(`${app.url}/referrals/${referralId}`);
    assert.equal((await statusOf(sato).textContent())?.trim(), "受信済み");
    assert.match((await sato.getByTestId("letter-view").textContent())!, /呂律が回りにくい/);
    assert.equal(
      await sato.getByTestId("referrer-record-link").count(),
      0,
      "the clinic publishes no record viewer",
    );

    const gp = pages["gp.yamada"]!;
    await eventually(
      "the GP's page shows 受信済み",
      async () => (await statusOf(gp).textContent())?.trim() === "受信済み",
    );

    const link = sato.getByTestId("attachment").filter({ hasText: "頭部CT所見.pdf" }).getByRole("link");
    const download = await sato.request.get(new URL((await link.getAttribute("href"))!, app.url).toString());
    assert.equal(download.status(), 200);
    const headers = download.headers();
    assert.equal(headers["content-type"], "application/pdf");
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(headers["cache-control"], "private, no-store");
    assert.match(headers["content-disposition"] ?? "", /^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    assert.ok(headers["content-disposition"]!.includes(encodeURIComponent("頭部CT所見.pdf")));
    assert.ok((await download.body()).subarray(0, 5).equals(Buffer.from("%PDF-")));

    const accept = sato.getByTestId("command-accept");
    await accept.locator("summary").click();
    await accept.getByLabel("予約日時（日本時間）").fill("2026-12-01T10:30");
    await accept.getByLabel("連絡事項").fill("当日は保険証とお薬手帳をご持参ください");
    await accept.getByRole("button", { name: "確定する" }).click();
    await sato.getByTestId("referral-appointment").waitFor();
    assert.match((await sato.getByTestId("referral-appointment").textContent())!, /2026\/12\/01 10:30/);
    const accepted = await row();
    assert.equal(accepted.status, "accepted");
    assert.equal(accepted.appointmentAt?.toISOString(), "2026-12-01T01:30:00.000Z", "10:30 in Tokyo");
    await eventually(
      "the GP sees the acceptance",
      async () => (await statusOf(gp).textContent())?.trim() === "受入（予約済み）",
    );
  });

  it("a command made on an old version is refused with a clear message (someone acted first)", async () => {
    const liaison = pages["liaison.suzuki"]!;
    // the liaison's page still shows the referral as it was before dr.sato's acceptance
    await liaison.goto(`${app.url}/referrals/${referralId}`);
    const stale = await row();
    // dr.sato changes the appointment meanwhile (through his page)
    const sato = pages["dr.sato"]!;
    await sato.reload();
    const reschedule = sato.getByTestId("command-reschedule");
    await reschedule.locator("summary").click();
    await reschedule.getByLabel("予約日時（日本時間）").fill("2026-12-02T09:00");
    await reschedule.getByRole("button", { name: "確定する" }).click();
    await eventually("rescheduled", async () => (await row()).version > stale.version);
    // the liaison, still on the older version (only the referrer is told of a reschedule), tries the same
    const theirs = liaison.getByTestId("command-reschedule");
    await theirs.locator("summary").click();
    await theirs.getByLabel("予約日時（日本時間）").fill("2026-12-03T09:00");
    await theirs.getByRole("button", { name: "確定する" }).click();
    const conflict = liaison.getByTestId("command-conflict");
    await conflict.waitFor();
    assert.match((await conflict.textContent())!, /他の人が先にこの紹介状を操作しました/);
    assert.equal((await row()).appointmentAt?.toISOString(), "2026-12-02T00:00:00.000Z", "not overwritten");
  });

  it("dr.sato writes the final reply; the GP sees it and acknowledges it; the hospital sees the acknowledgement", async () => {
    const sato = pages["dr.sato"]!;
    await sato.reload();
    const complete = sato.getByTestId("command-complete");
    await complete.locator("summary").click();
    await complete.getByRole("button", { name: "送る" }).click();
    await complete.getByText("所見・経過を入力してください").waitFor();
    await complete.getByLabel("受診日").fill("2026-12-02");
    await complete.getByTestId("final-diagnoses-add").click();
    await complete.getByLabel("病名").fill("ラクナ梗塞");
    await complete.getByLabel("ICD-10").fill("I63.8");
    await complete.getByLabel("所見・経過").fill("頭部MRIで左放線冠に小梗塞。神経症状は軽快");
    await complete.getByLabel("治療方針").fill("抗血小板薬を継続し、外来で経過観察");
    await complete.getByLabel("今後の方針").selectOption("back_to_referrer");
    await complete.getByRole("button", { name: "送る" }).click();
    await sato.getByTestId("reply").waitFor();
    assert.equal((await statusOf(sato).textContent())?.trim(), "返書済み");
    await sato.getByTestId("reply-not-acknowledged").waitFor();

    const gp = pages["gp.yamada"]!;
    const reply = gp.getByTestId("reply");
    await reply.waitFor({ timeout: 60_000 });
    assert.match((await reply.textContent())!, /左放線冠に小梗塞/);
    assert.equal((await statusOf(gp).textContent())?.trim(), "返書済み");
    // the documents, downloaded as the GP's browser does
    const download = async (link: ReturnType<Page["getByRole"]>) => {
      const [file] = await Promise.all([gp.waitForEvent("download"), link.click()]);
      const path = await file.path();
      return new Uint8Array(await readFile(path));
    };
    const letterPdf = await PdfFile.write(
      await download(gp.getByTestId("letter-documents").getByRole("link", { name: /PDF/ })),
    );
    const replyPdf = await PdfFile.write(await download(reply.getByRole("link", { name: /PDF/ })));
    try {
      for (const [name, pdf] of [
        ["letter", letterPdf],
        ["reply", replyPdf],
      ] as const) {
        // pdftotext finds the patient's name in Japanese: real, searchable text
        assert.match(squeeze(await pdf.text()), /山田花子/, `${name}: patient name`);
        // pdffonts: the Japanese font is embedded as a subset
        const fonts = await pdf.fonts();
        assert.ok(fonts.length > 0, `${name}: fonts`);
        for (const font of fonts) {
          assert.match(font.name, /^[A-Z]{6}\+NotoSansJP/, `${name}: ${font.name}`);
          assert.ok(font.embedded && font.subset, `${name}: ${font.name} embedded subset`);
        }
        // and every glyph used for a visible character has ink in that subset (20 glyphs or more)
        await assertVisibleGlyphsInked(pdf, 20);
      }
      assert.match(squeeze(await letterPdf.text()), /診療情報提供書/);
      assert.match(squeeze(await replyPdf.text()), /左放線冠に小梗塞/);
    } finally {
      await letterPdf.remove();
      await replyPdf.remove();
    }
    // the FHIR document: a Bundle of type document with the Composition first
    const fhir = await gp.request.get(`${app.url}/api/referrals/${referralId}/letter.fhir.json`);
    assert.equal(fhir.status(), 200);
    const bundle = (await fhir.json()) as {
      resourceType: string;
      type: string;
      entry: { resource: { resourceType: string } }[];
    };
    assert.equal(bundle.resourceType, "Bundle");
    assert.equal(bundle.type, "document");
    assert.equal(bundle.entry[0]!.resource.resourceType, "Composition");
    await reply.getByTestId("acknowledge-reply").click();
    await reply.getByTestId("reply-acknowledged").waitFor();
    const [stored] = await app.database.db
      .select()
      .from(referralReplies)
      .where(eq(referralReplies.referralId, referralId));
    assert.ok(stored?.acknowledgedAt, "acknowledged in the database");

    await sato.getByTestId("reply-acknowledged").waitFor({ timeout: 60_000 });
    assert.match((await sato.getByTestId("reply-acknowledged").textContent())!, /受領確認済み/);
    const events = await sato
      .getByTestId("timeline-event")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    assert.deepEqual(events, [
      "created",
      "send",
      "receive",
      "accept",
      "reschedule",
      "complete",
      "acknowledge_reply",
    ]);
  });

  it("the notification centre lists what happened, links to the referral, and marks all read", async () => {
    const liaison = pages["liaison.suzuki"]!;
    await liaison.goto(`${app.url}/notifications`);
    const lines = liaison.getByTestId("notification");
    await lines.first().waitFor();
    assert.match(
      (await lines.filter({ hasText: "新しい紹介状が届きました" }).first().textContent())!,
      /山田 花子/,
    );
    assert.ok((await liaison.locator('[data-testid="notification"][data-unread="true"]').count()) > 0);
    await liaison.getByRole("button", { name: "すべて既読にする" }).click();
    await eventually(
      "all read",
      async () => (await liaison.locator('[data-testid="notification"][data-unread="true"]').count()) === 0,
    );
    await eventually("the bell is back to zero", async () => (await bellCount(liaison)) === 0);
    await lines.filter({ hasText: "新しい紹介状が届きました" }).first().click();
    await liaison.waitForURL(`${app.url}/referrals/${referralId}`);
  });

  it("a send outside the patient's consent is refused with the reason, and recording 連携先追加 there lets it go", async () => {
    const sato = pages["dr.sato"]!;
    await sato.goto(`${app.url}/referrals/new?patientId=${patientId}`);
    await sato.getByLabel("紹介先医療機関").selectOption({ label: REHAB });
    await sato.getByLabel("紹介先診療科").selectOption({ label: "リハビリテーション科" });
    await sato.getByRole("button", { name: "下書きを作成" }).click();
    await sato.waitForURL(/\/referrals\/[0-9a-f-]{36}\/edit$/);
    const rehabReferralId = /\/referrals\/([0-9a-f-]{36})\/edit$/.exec(sato.url())![1]!;
    await sato.getByLabel("紹介目的").fill("回復期リハビリテーションのお願い");
    await sato.getByLabel("主訴").fill("右片麻痺");
    await sato.getByTestId("letter-diagnoses-add").click();
    await sato.getByLabel("病名").fill("脳梗塞");

    await sato.getByRole("button", { name: "送信する", exact: true }).click();
    const panel = sato.getByTestId("consent-required");
    await panel.waitFor();
    assert.match((await sato.getByTestId("send-error").textContent())!, /同意の範囲に含まれていません/);
    const form = panel.getByTestId("consent-form-add");
    const [rehab] = await app.database.db
      .select({ destination: referrals.destinationFacilityId })
      .from(referrals)
      .where(eq(referrals.id, rehabReferralId));
    assert.equal(
      await form.locator(`input[name="facilityIds"][value="${rehab!.destination}"]`).isChecked(),
      true,
      "the destination is ticked",
    );
    await form.locator('input[type="file"]').setInputFiles({
      name: "連携先追加同意書.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf("scope added")),
    });
    await form.getByRole("button", { name: "送信", exact: true }).click();
    // recorded: the page re-renders and the panel says the destination is now inside consent
    await sato.getByTestId("consent-now-ok").waitFor();

    await sato.getByRole("button", { name: "送信する", exact: true }).click();
    await sato.waitForURL(`${app.url}/referrals/${rehabReferralId}`);
    assert.equal((await statusOf(sato).textContent())?.trim(), "送信済み");

    // a hospital publishes a record viewer: its referrals link out to it, audited, through a redirect
    const recordLink = sato.getByTestId("referrer-record-link");
    const redirect = await sato.request.get(
      new URL((await recordLink.getAttribute("href"))!, app.url).toString(),
      {
        maxRedirects: 0,
      },
    );
    assert.equal(redirect.status(), 302);
    assert.match(redirect.headers()["location"] ?? "", /^http:\/\/127\.0\.0\.1:\d+\/facilities\/\d+/);
  });

  it("advice before referral: the GP asks, the specialist asks for a referral, the GP finds the draft", async () => {
    const gp = pages["gp.yamada"]!;
    await gp.goto(`${app.url}/referrals?tab=advice`);
    const ask = gp.getByTestId("ask-advice");
    await ask.locator("summary").click();
    await ask.getByLabel("患者").fill("OK000000018");
    await ask.getByRole("button", { name: "検索" }).click();
    await ask.getByTestId("advice-patient-results").getByRole("button", { name: "選ぶ" }).click();
    await ask.getByLabel("紹介先医療機関").selectOption({ label: HOSPITAL });
    await ask.getByLabel("紹介先診療科").selectOption({ label: "脳神経外科" });
    await ask.getByLabel("相談内容").fill("頭部MRIの適応についてご相談です");
    await ask.getByRole("button", { name: "相談する" }).click();
    await ask.getByText("相談を送りました。").waitFor();

    const sato = pages["dr.sato"]!;
    await sato.goto(`${app.url}/referrals?tab=advice`);
    const received = sato.getByTestId("advice-received").getByTestId("advice-row").first();
    assert.match((await received.textContent())!, /頭部MRIの適応/);
    await received.getByLabel("回答").fill("一度拝見します。紹介状をお願いします");
    await received.getByRole("button", { name: "紹介状を依頼する" }).click();
    await sato.locator('[data-testid="advice-row"][data-status="converted"]').waitFor();

    await eventually("the GP's list shows the request for a referral", async () => {
      await gp.reload();
      return (await gp.locator('[data-testid="advice-asked"] [data-status="converted"]').count()) === 1;
    });
    const [advice] = await app.database.db.select().from(adviceRequests);
    assert.ok(advice?.referralId);
    await gp
      .locator('[data-testid="advice-asked"] [data-status="converted"]')
      .getByRole("link", { name: "紹介状を開く" })
      .click();
    await gp.waitForURL(`${app.url}/referrals/${advice.referralId}/edit`);
    assert.equal(await gp.getByLabel("紹介目的").inputValue(), "頭部MRIの適応についてご相談です");
  });

  it("the server logged no unexpected errors along the way", () => {
    assert.doesNotMatch(app.output(), /\[(action|route)\] unexpected error/);
  });
});
