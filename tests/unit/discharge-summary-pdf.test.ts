import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { PDFDocument, PDFName } from "pdf-lib";
import { renderDischargeSummaryPdf } from "../../server/documents/pdf/discharge-summary-pdf";
import { lengthOfStay, parseDate } from "../../server/documents/pdf/format";
import { DischargeSummaryContent } from "../../server/model/discharge-summary";
import {
  sampleAmendedDischargeSummary,
  sampleDischargeSummary,
  sampleMinimalDischargeSummary,
} from "../helpers/discharge-summary-documents";
import {
  assertEveryPageFramed,
  assertNotoSansJpSubsets,
  assertSameLineAfter,
  assertTitleInked,
  assertVisibleGlyphsInked,
  labelColumn,
  largestWord,
  pdfRenderer,
  type PdfFile,
  squeeze,
} from "../helpers/pdf";

// The form's headings, written out independently of the renderer's list, in print order.
const SECTIONS = [
  "退院時診断",
  "入院理由",
  "入院経過",
  "手術・処置",
  "検査結果",
  "退院時の状態",
  "看護・介護上の留意点",
  "退院時処方",
  "処方変更点",
  "アレルギー・副作用歴",
  "今後の方針",
  "備考",
];

const render = pdfRenderer();

/** Where each of `parts` first occurs in `text`, failing when one is missing. */
function positions(text: string, parts: string[]): number[] {
  return parts.map((part) => {
    const at = text.indexOf(part);
    assert.ok(at >= 0, `missing: ${part}`);
    return at;
  });
}

describe("lengthOfStay (入院日数)", () => {
  it("counts the day of admission and the day of discharge, across months, years and leap days", () => {
    const stay = (from: string, to: string) => lengthOfStay(parseDate(from), parseDate(to));
    assert.equal(stay("2026-11-20", "2026-12-11"), 22);
    assert.equal(stay("2026-11-04", "2026-11-04"), 1, "admitted and discharged the same day");
    assert.equal(stay("2026-12-31", "2027-01-01"), 2);
    assert.equal(stay("2028-02-28", "2028-03-01"), 3, "29 February 2028 counts");
    assert.equal(stay("2027-02-28", "2027-03-01"), 2);
  });
});

describe("discharge summary PDF (sample stroke admission)", () => {
  let pdf: PdfFile;
  let text: string;
  let flat: string;
  before(async () => {
    pdf = await render(renderDischargeSummaryPdf(sampleDischargeSummary()));
    text = await pdf.text();
    flat = squeeze(text);
  });

  it("holds the summary as real, searchable text: heading, recipients, author, patient, the stay", () => {
    assert.ok(text.includes("山田 花子 様"), "patient name as written");
    for (const expected of [
      "退院時サマリー",
      "2026年12月11日（令和8年）",
      "文書番号2026-000789",
      "送付先",
      "なかがみ内科クリニック",
      "ちゅうぶ回復期リハビリテーション病院",
      "作成医療機関",
      "県立中部医療センター",
      "医師𠮷田真理子",
      "2026年11月20日（令和8年）付けでご紹介いただきました下記の患者様が退院されましたので",
      "ヤマダハナコ",
      "1948年3月15日（昭和23年）生",
      "入院日2026年11月20日（令和8年）",
      "退院日2026年12月11日（令和8年）",
      "入院日数22日（入院日・退院日を含む）",
      "退院先回復期リハビリテーション病院へ転院",
      "紹介元なかがみ内科クリニック2026年11月20日（令和8年）付け診療情報提供書（文書番号2026-000123）",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
  });

  it("addresses the referring doctor and the care team each with 殿, and signs with the seal mark", async () => {
    await assertSameLineAfter(pdf, "健太", "殿");
    await assertSameLineAfter(pdf, "ご担当者", "殿");
    await assertSameLineAfter(pdf, "真理子", "印");
  });

  it("prints every section label once, in the order of the form, after the patient and stay rows", async () => {
    const column = await labelColumn(pdf);
    const labels = ["患者氏名", "生年月日", "住所", "入院日", "入院日数", "紹介元", ...SECTIONS];
    const at = positions(column, labels);
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      `labels in order: ${column}`,
    );
    for (const label of SECTIONS) {
      const continued = column.split(`${label}（続き）`).length - 1;
      assert.equal(column.split(label).length - 1 - continued, 1, `${label} once (besides continuations)`);
    }
  });

  it("marks the first diagnosis 主病名 and the others 副病名, with ICD-10 codes", () => {
    assert.ok(flat.includes("1主病名脳梗塞（左中大脳動脈領域、アテローム血栓"));
    assert.ok(flat.includes("I63.9"));
    assert.equal(flat.match(/主病名/g)?.length, 1, "one principal diagnosis");
    assert.ok(flat.includes("2副病名高血圧症I10確定"));
    assert.ok(flat.includes("4副病名脂質異常症E78.5確定"));
  });

  it("tabulates procedures, test results and the discharge prescription, and prints the free text", () => {
    for (const expected of [
      "2026年11月20日rt-PA（アルテプラーゼ）静注療法発症から2時間40分で投与開始",
      "2026年11月25日嚥下造影検査（VF）",
      "とろみ付き水分で誤嚥なし",
      "modifiedRankinScale32026年12月10日",
      "BarthelIndex65点2026年12月10日",
      "LDLコレステロール142mg/dL2026年11月20日",
      "クロピドグレル錠75mg1回1錠1日1回朝食後",
      "ロスバスタチン錠2.5mg1回1錠1日1回夕食後",
      "アスピリン腸溶錠100mgを中止し、クロピドグレル錠75mgに変更",
      "ペニシリン系抗菌薬発疹",
      "右上肢の軽度麻痺（MMT4）",
      "夜間のトイレ移動は見守り",
      "3か月後に当科外来で頭部MRIを再検予定です。",
      "第32病日：mRS3、BarthelIndex65点。",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
    assert.ok(!flat.includes("特記事項なし"), "every section of the sample is filled in");
    assert.ok(!flat.includes("記載なし"));
  });

  it("breaks the long hospital course over pages, each with its header and n / N footer", async () => {
    await assertEveryPageFramed(pdf, ["山田 花子 様", "文書番号 2026-000789"], 2);
    const page2 = squeeze(await pdf.text(2));
    assert.ok(page2.includes("入院経過（続き）"), "the continued section repeats its label");
    assert.ok(!squeeze(await pdf.text(1)).includes("第31病日"), "the course does not all fit on page 1");
  });

  it("carries metadata without the patient's name: title, author, subject, language, date, A4", async () => {
    const info = await pdf.info();
    assert.equal(info.Title, "退院時サマリー 2026-000789");
    assert.equal(info.Author, "県立中部医療センター");
    assert.equal(
      info.Subject,
      "退院時サマリー（なかがみ内科クリニック、ちゅうぶ回復期リハビリテーション病院 宛）",
    );
    assert.equal(info.Creator, "okinet-collab");
    assert.match(info["Page size"] ?? "", /A4/);
    for (const key of ["Title", "Subject", "Keywords", "Author"]) {
      assert.ok(!(info[key] ?? "").includes("山田"), `${key} has no patient name`);
      assert.ok(!(info[key] ?? "").includes("ヤマダ"), `${key} has no patient kana`);
    }
    const doc = await PDFDocument.load(pdf.bytes, { updateMetadata: false });
    assert.equal(doc.getCreationDate()?.toISOString(), "2026-12-11T02:00:00.000Z");
    assert.equal(doc.catalog.get(PDFName.of("Lang"))?.toString(), "(ja)");
  });

  it("embeds Noto Sans JP regular as a subset with a Unicode map", async () => {
    await assertNotoSansJpSubsets(pdf);
  });

  it("has an outline for every glyph of a visible character in the embedded subsets, 𠮷 included", async () => {
    const fonts = await assertVisibleGlyphsInked(pdf, 40);
    const all = fonts.flatMap((f) => f.glyphs.map((g) => g.text));
    for (const character of ["𠮷", "退", "院", "サ", "梗", "塞"]) {
      assert.ok(all.includes(character), `glyph for ${character} is embedded`);
    }
  });

  it("draws the title with ink in every glyph on the rendered page", async () => {
    await assertTitleInked(pdf, "退院時サマリー");
  });

  it("is neither a draft nor an amendment", () => {
    assert.ok(!flat.includes("下書き"));
    assert.ok(!flat.includes("訂正"));
    assert.ok(!flat.includes("第2版"));
    assert.ok(!flat.includes("第1版"));
  });
});

describe("discharge summary PDF (amendments and drafts)", () => {
  it("marks every page of a draft amendment 下書き and says which version it corrects, and why", async () => {
    const pdf = await render(renderDischargeSummaryPdf(sampleAmendedDischargeSummary({ draft: true })));
    const pages = await pdf.pageCount();
    for (let page = 1; page <= pages; page++) {
      const pageText = await pdf.text(page);
      assert.ok(pageText.includes("下書き"), `下書き on page ${page} of ${pages}`);
      assert.ok(
        pageText.includes("退院時サマリー 第2版"),
        `running header names the version on page ${page}`,
      );
    }
    const flat = squeeze(await pdf.text());
    for (const expected of [
      "訂正",
      "第2版",
      "本書は第2版です。2026年12月11日（令和8年）付けの第1版を訂正し、差し替えます。",
      "訂正理由：退院時処方のロスバスタチンの用量を訂正しました（誤2.5mg→正5mg）。",
      "2026年12月14日（令和8年）",
      "ロスバスタチン錠5mg",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
    assert.ok(!flat.includes("ロスバスタチン錠2.5mg"), "the corrected prescription replaces the old one");
    const info = await pdf.info();
    assert.equal(info.Title, "退院時サマリー 2026-000789 第2版");
  });

  it("puts the 訂正 badge and the amendment notice on page 1 above the patient rows", async () => {
    const pdf = await render(renderDischargeSummaryPdf(sampleAmendedDischargeSummary()));
    const badge = (await pdf.words(1)).find((w) => w.text === "訂正");
    const title = await largestWord(pdf, 1, "退院時サマリー");
    assert.ok(badge && title, "badge and title on page 1");
    assert.ok(Math.abs(badge.yMin - title.yMin) < 12 && badge.xMax < title.xMin, "badge left of the title");
    const flat = squeeze(await pdf.text(1));
    assert.ok(flat.indexOf("訂正理由") < flat.indexOf("患者氏名ヤマダハナコ"));
    assert.ok(!flat.includes("下書き"), "a sent amendment is not a draft");
  });

  it("prints a sent version 2 without an amendment note as 第2版 but without 訂正", async () => {
    const pdf = await render(
      renderDischargeSummaryPdf(sampleAmendedDischargeSummary({ amendment: null, draft: false })),
    );
    const flat = squeeze(await pdf.text());
    assert.ok(flat.includes("第2版"));
    assert.ok(!flat.includes("訂正"));
  });
});

describe("discharge summary PDF (explicit none, and nothing recorded)", () => {
  it("says 処方なし and アレルギーなし when the author said so, on one page, without a referral", async () => {
    const pdf = await render(renderDischargeSummaryPdf(sampleMinimalDischargeSummary()));
    const text = await pdf.text();
    const flat = squeeze(text);
    assert.equal(await pdf.pageCount(), 1);
    for (const expected of [
      "退院時処方処方なし",
      "アレルギー・副作用歴アレルギーなし",
      "入院日数3日（入院日・退院日を含む）",
      "退院先自宅",
      "1主病名一過性脳虚血発作G45.9確定",
      "手術・処置特記事項なし",
      "検査結果特記事項なし",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
    assert.ok(flat.includes("下記の患者様が退院されましたので、ご報告申し上げます。"));
    assert.ok(!flat.includes("ご紹介いただきました"), "no referral to thank for");
    assert.ok(!flat.includes("紹介元"));
    assert.ok(!flat.includes("記載なし"), "none said explicitly is not 'not recorded'");
    for (const heading of SECTIONS) assert.ok(flat.includes(heading), `missing heading: ${heading}`);
  });

  it("prints 記載なし where nothing was recorded and 特記事項なし for empty free text", async () => {
    const pdf = await render(
      renderDischargeSummaryPdf(
        sampleDischargeSummary({
          draft: true,
          recipients: [],
          referral: null,
          content: DischargeSummaryContent.parse({}),
        }),
      ),
    );
    const text = await pdf.text();
    const flat = squeeze(text);
    const words = await pdf.words(1);
    const caption = words.find((w) => w.text === "送付先");
    assert.ok(caption, "送付先 on page 1");
    assert.ok(
      words.some(
        (w) =>
          w.text === "記載なし" &&
          Math.abs(w.xMin - caption.xMin) < 0.5 &&
          w.yMin >= caption.yMax - 1 &&
          w.yMin < caption.yMax + 10,
      ),
      "記載なし right under the 送付先 caption",
    );
    for (const expected of [
      "入院日記載なし",
      "入院日数記載なし",
      "退院時処方記載なし",
      "アレルギー・副作用歴記載なし",
    ]) {
      assert.ok(flat.includes(expected), `missing: ${expected}`);
    }
    // The right-hand cells of the stay rows, beside their labels.
    await assertSameLineAfter(pdf, "退院日", "記載なし");
    await assertSameLineAfter(pdf, "退院先", "記載なし");
    assert.equal(text.match(/記載なし/g)?.length, 7);
    // Every other section: diagnoses and the nine free-text or list sections.
    assert.equal(text.match(/特記事項なし/g)?.length, SECTIONS.length - 2);
    assert.ok(!flat.includes("処方なし"), "no medication was not said");
    assert.ok(!flat.includes("アレルギーなし"));
    assert.equal(await pdf.pageCount(), 1);
  });

  it("addresses an unnamed referring doctor as 担当医 殿 and an unnamed care team as ご担当者 殿", async () => {
    const sample = sampleDischargeSummary();
    const pdf = await render(
      renderDischargeSummaryPdf({
        ...sample,
        recipients: sample.recipients.map((r) => ({ ...r, practitioner: null })),
      }),
    );
    await assertSameLineAfter(pdf, "担当医", "殿", { aligned: true });
    await assertSameLineAfter(pdf, "ご担当者", "殿", { aligned: true });
    assert.ok(!squeeze(await pdf.text()).includes("比嘉健太"));
  });
});
