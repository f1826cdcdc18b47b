import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { PDFDocument, PDFName } from "pdf-lib";
import { BOLD_STROKE_EM } from "../../server/documents/pdf/layout";
import { renderReferralLetterPdf } from "../../server/documents/pdf/referral-letter-pdf";
import { renderReferralReplyPdf } from "../../server/documents/pdf/referral-reply-pdf";
import { ReferralLetterContent, ReferralReplyContent } from "../../server/model/referral-letter";
import {
  assertEveryPageFramed,
  assertNotoSansJpSubsets,
  assertSameLineAfter,
  assertSynthesizedBold,
  assertTitleInked,
  assertVisibleGlyphsInked,
  pdfRenderer,
  type PdfFile,
  squeeze,
} from "../helpers/pdf";
import { sampleReferralLetter, sampleReferralReply } from "../helpers/referral-documents";

// The form's headings, written out independently of the renderers' lists.
const LETTER_SECTIONS = [
  "紹介目的",
  "傷病名",
  "主訴",
  "既往歴・家族歴",
  "現病歴",
  "治療経過",
  "現在の処方",
  "アレルギー・副作用歴",
  "感染症情報",
  "検査結果",
  "備考",
  "添付資料",
];
const REPLY_SECTIONS = ["受診日", "傷病名", "所見・経過", "治療方針", "処方", "今後の方針", "備考"];

const render = pdfRenderer();

/** Checks shared by every document: real text in embedded, subset, inked Noto Sans JP. */
function describeFonts(name: string, pdf: () => PdfFile) {
  it(`${name}: embeds Noto Sans JP regular as a subset with a six-letter tag`, async () => {
    await assertNotoSansJpSubsets(pdf());
  });

  it(`${name}: draws bold as the regular glyphs filled and stroked in the text's colour`, async () => {
    await assertSynthesizedBold(pdf(), BOLD_STROKE_EM, 10);
  });

  it(`${name}: every glyph used for a visible character has an outline in the embedded subset`, async () => {
    await assertVisibleGlyphsInked(pdf(), 20);
  });
}

describe("referral letter PDF (sample letter)", () => {
  let pdf: PdfFile;
  let text: string;
  before(async () => {
    pdf = await render(renderReferralLetterPdf(sampleReferralLetter()));
    text = await pdf.text();
  });

  it("holds the letter as real, searchable text: names, kana, 𠮷, ①, 〒, full-width digits", () => {
    assert.ok(text.includes("山田 花子"), "patient name as written");
    const flat = squeeze(text);
    for (const expected of [
      "診療情報提供書",
      "山田花子",
      "ヤマダハナコ",
      "𠮷田真理子",
      "①発症",
      "〒900-0006",
      "２型糖尿病",
      "ＭＲＩ検査",
      "県立中部医療センター",
      "比嘉健太",
      "なかがみ内科クリニック",
      "OK000000018",
      "1948年3月15日（昭和23年）生",
      "78歳",
      "2026年11月20日（令和8年）",
      "文書番号2026-000123",
      "I63.9",
      "ペニシリン系抗菌薬",
      "mL/min/1.73m2",
      "心電図：洞調律、心房細動なし。",
      "頭部CT所見.pdf",
      "178.1KB",
      "40日目：血圧134/84mmHg",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
  });

  it("prints every section heading of the form", () => {
    const flat = squeeze(text);
    for (const heading of LETTER_SECTIONS) assert.ok(flat.includes(heading), `missing heading: ${heading}`);
  });

  it("marks suspected diagnoses 疑い next to their ICD-10 code", () => {
    assert.ok(squeeze(text).includes("脳梗塞疑いI63.9疑い"));
    assert.ok(squeeze(text).includes("高血圧症I10確定"));
  });

  it("shows 至急 and the requested date for an urgent letter", () => {
    const flat = squeeze(text);
    assert.ok(flat.includes("至急"));
    assert.ok(flat.includes("希望受診日2026年11月27日（令和8年）まで"));
  });

  it("breaks the long course of treatment over pages, each with its header and n / N footer", async () => {
    await assertEveryPageFramed(pdf, ["山田 花子 様"], 2);
    assert.ok(squeeze(await pdf.text(2)).includes("治療経過（続き）"));
  });

  it("carries document metadata: title, author, creator, language, creation date, A4", async () => {
    const info = await pdf.info();
    assert.equal(info.Title, "診療情報提供書 2026-000123");
    assert.equal(info.Author, "なかがみ内科クリニック");
    assert.equal(info.Creator, "okinet-collab");
    assert.match(info["Page size"] ?? "", /A4/);
    const doc = await PDFDocument.load(pdf.bytes, { updateMetadata: false });
    assert.equal(doc.getCreationDate()?.toISOString(), "2026-11-20T01:30:00.000Z");
    assert.equal(doc.catalog.get(PDFName.of("Lang"))?.toString(), "(ja)");
    assert.ok(!info.Title?.includes("山田"), "no patient name in the metadata");
  });

  describeFonts("letter", () => pdf);

  it("draws the title with ink in every glyph on the rendered page", async () => {
    await assertTitleInked(pdf, "診療情報提供書");
  });
});

describe("referral letter PDF (variants)", () => {
  it("marks every page of a draft 下書き", async () => {
    const pdf = await render(renderReferralLetterPdf(sampleReferralLetter({ draft: true })));
    const pages = await pdf.pageCount();
    for (let page = 1; page <= pages; page++) {
      assert.ok((await pdf.text(page)).includes("下書き"), `page ${page} of ${pages}`);
    }
  });

  it("does not mark a sent letter 下書き, nor a routine one 至急 or with a requested date", async () => {
    const pdf = await render(
      renderReferralLetterPdf(sampleReferralLetter({ priority: "routine", requestedBy: null })),
    );
    const text = await pdf.text();
    assert.ok(!text.includes("下書き"));
    assert.ok(!text.includes("至急"));
    assert.ok(!text.includes("希望受診日"));
  });

  it("prints なし for no known allergies and 記載なし when allergies were not recorded", async () => {
    const sample = sampleReferralLetter();
    const none = await render(
      renderReferralLetterPdf({
        ...sample,
        content: { ...sample.content, allergies: [], noKnownAllergies: true },
      }),
    );
    const noneText = squeeze(await none.text());
    assert.ok(noneText.includes("アレルギー・副作用歴なし"));
    assert.ok(!noneText.includes("記載なし"));
    assert.ok(!noneText.includes("ペニシリン"));

    const unknown = await render(
      renderReferralLetterPdf({ ...sample, content: { ...sample.content, allergies: [] } }),
    );
    assert.ok(squeeze(await unknown.text()).includes("アレルギー・副作用歴記載なし"));
  });

  it("prints 特記事項なし for every empty section (allergies: 記載なし) and fits on one page", async () => {
    const pdf = await render(
      renderReferralLetterPdf(
        sampleReferralLetter({ content: ReferralLetterContent.parse({}), attachments: [] }),
      ),
    );
    const text = await pdf.text();
    const flat = squeeze(text);
    for (const heading of LETTER_SECTIONS) assert.ok(flat.includes(heading), `missing heading: ${heading}`);
    assert.equal(text.match(/特記事項なし/g)?.length, LETTER_SECTIONS.length - 1);
    assert.equal(text.match(/記載なし/g)?.length, 1);
    assert.equal(await pdf.pageCount(), 1);
  });

  it("addresses an unnamed doctor as 担当医 殿", async () => {
    const sample = sampleReferralLetter();
    const pdf = await render(
      renderReferralLetterPdf({ ...sample, destination: { ...sample.destination, practitioner: null } }),
    );
    await assertSameLineAfter(pdf, "担当医", "殿", { aligned: true });
    assert.ok(!squeeze(await pdf.text()).includes("𠮷田"));
  });
});

describe("referral reply PDF (sample reply)", () => {
  let pdf: PdfFile;
  let text: string;
  before(async () => {
    pdf = await render(renderReferralReplyPdf(sampleReferralReply()));
    text = await pdf.text();
  });

  it("holds the reply as real text: title, the referral it answers, patient, findings, plan", () => {
    const flat = squeeze(text);
    for (const expected of [
      "診療情報提供書（返書）",
      "受診報告",
      "2026年11月20日（令和8年）付けでご紹介いただきました",
      "山田花子",
      "ヤマダハナコ",
      "𠮷田真理子",
      "比嘉健太",
      "2026年11月21日（令和8年）",
      "ラクナ梗塞（左放線冠）",
      "I63.8",
      "頭部MRI拡散強調像で左放線冠に高信号域を認めました。",
      "クロピドグレル錠75mg",
      "当科にて継続診療いたします。",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
    for (const heading of REPLY_SECTIONS) assert.ok(flat.includes(heading), `missing heading: ${heading}`);
  });

  it("is one page with its 1 / 1 footer and the author's metadata", async () => {
    assert.equal(await pdf.pageCount(), 1);
    assert.ok(squeeze(text).endsWith("1/1"));
    const info = await pdf.info();
    assert.equal(info.Title, "診療情報提供書（返書） 2026-000456");
    assert.equal(info.Author, "県立中部医療センター");
    assert.equal(info.Creator, "okinet-collab");
  });

  describeFonts("reply", () => pdf);

  it("draws the title with ink in every glyph on the rendered page", async () => {
    await assertTitleInked(pdf, "診療情報提供書（返書）");
  });

  it("marks a draft reply 下書き and prints 記載なし for a missing visit date", async () => {
    const sample = sampleReferralReply();
    const draft = await render(
      renderReferralReplyPdf({
        ...sample,
        draft: true,
        content: ReferralReplyContent.parse({ findings: "所見のみ記載。" }),
      }),
    );
    const flat = squeeze(await draft.text());
    assert.ok(flat.includes("下書き"));
    assert.ok(flat.includes("受診日記載なし"));
    assert.ok(flat.includes("治療方針特記事項なし"));
  });
});
