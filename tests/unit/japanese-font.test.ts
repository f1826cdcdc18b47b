import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import fontkit from "@pdf-lib/fontkit";
import {
  japaneseFontBytes,
  japaneseFontPath,
  padGlyphRecords,
  resolvePackageFile,
  shortLocaSubsets,
  substituteOnly,
} from "../../server/documents/pdf/japanese-font";
import { sampleDischargeSummary } from "../helpers/discharge-summary-documents";
import { sampleReferralLetter, sampleReferralReply } from "../helpers/referral-documents";

const SAMPLE = "診療情報提供書 山田花子 ヤマダハナコ 𠮷田 ①〒２ＭＲＩ 130/80 mmHg、（疑い）";

/** The table directory, read here independently of the implementation. */
function tables(font: Uint8Array): Map<string, { offset: number; length: number }> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const out = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    out.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return out;
}

/** The whole-font checksum, which head.checkSumAdjustment makes 0xB1B0AFBA. */
function fontChecksum(font: Uint8Array): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  let sum = 0;
  for (let i = 0; i + 4 <= font.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** The text of every string in a document's model, as the PDF prints it. */
function strings(value: unknown): string[] {
  return typeof value === "string"
    ? [value, ...value.split("\n")]
    : value && typeof value === "object"
      ? Object.values(value).flatMap(strings)
      : [];
}

/**
 * A subset of `text`'s glyphs as fontkit's subsetter (the one pdf-lib uses) writes it,
 * or as `prepare` has made the font write it.
 */
async function subsetOf(
  bytes: Uint8Array,
  text: string,
  prepare: (font: ReturnType<typeof fontkit.create>) => void = () => {},
) {
  const font = fontkit.create(bytes);
  prepare(font);
  const subset = font.createSubset();
  const originals = font.glyphsForString(text);
  const ids = originals.map((glyph) => subset.includeGlyph(glyph));
  const chunks: Uint8Array[] = [];
  await new Promise<void>((resolve) => {
    const stream = subset.encodeStream();
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve());
  });
  const file = Buffer.concat(chunks);
  const written = fontkit.create(file);
  const glyphs = originals.map((glyph, i) => {
    let outline: string;
    try {
      outline = written.getGlyph(ids[i]!).path.toSVG();
    } catch {
      outline = "(unreadable)";
    }
    return { codePoints: glyph.codePoints, expected: glyph.path.toSVG(), outline };
  });
  return Object.assign(glyphs, { file });
}

describe("Noto Sans JP for PDFs", () => {
  it("finds the regular weight through the package", () => {
    const file = japaneseFontPath();
    assert.match(file, /@expo-google-fonts\/noto-sans-jp\/400Regular\/NotoSansJP_400Regular\.ttf$/);
    assert.ok(existsSync(file), file);
  });

  it("resolves from the next place to look when the first is gone (a build moved elsewhere)", () => {
    const specifier = "@expo-google-fonts/noto-sans-jp/package.json";
    const resolved = resolvePackageFile(specifier, ["file:///nonexistent/build/route.js", import.meta.url]);
    assert.ok(existsSync(resolved));
    assert.throws(() => resolvePackageFile(specifier, ["file:///nonexistent/build/route.js"]));
  });

  it("pads every glyph record to an even length, with a long loca and valid checksums, outlines unchanged", async () => {
    const original = await readFile(japaneseFontPath());
    const padded = padGlyphRecords(original);
    const t = tables(padded);
    const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
    assert.equal(view.getInt16(t.get("head")!.offset + 50), 1, "indexToLocFormat: long");
    const numGlyphs = view.getUint16(t.get("maxp")!.offset + 4);
    const loca = t.get("loca")!;
    assert.equal(loca.length, 4 * (numGlyphs + 1));
    for (let id = 0; id <= numGlyphs; id++) {
      assert.equal(view.getUint32(loca.offset + 4 * id) % 2, 0, `glyph ${id} offset`);
    }
    assert.equal(fontChecksum(padded), 0xb1b0afba, "whole-font checksum (head.checkSumAdjustment)");

    const before = fontkit.create(original);
    const after = fontkit.create(padded);
    assert.equal(after.numGlyphs, before.numGlyphs);
    const ids = [
      ...before.glyphsForString(SAMPLE).map((g) => g.id),
      ...Array.from({ length: 40 }, (_, i) => i * 400),
    ];
    for (const id of ids) assert.equal(after.getGlyph(id).path.toSVG(), before.getGlyph(id).path.toSVG());
  });

  it("fontkit's subset of the padded font keeps every outline", async () => {
    const glyphs = await subsetOf(await japaneseFontBytes(), SAMPLE);
    for (const glyph of glyphs) {
      assert.equal(glyph.outline, glyph.expected, `U+${glyph.codePoints[0]?.toString(16)}`);
    }
  });

  it("writes a subset past 64 KiB of glyphs (as a 3-page letter's) with a short loca, every outline kept", async () => {
    // U+4E00..U+4FFF: 357 kanji, about 70 KiB of glyph data, as many as the sample letter has.
    const kanji = String.fromCodePoint(...Array.from({ length: 0x200 }, (_, i) => 0x4e00 + i));
    const bytes = await japaneseFontBytes();
    const locaFormat = (file: Uint8Array) => {
      const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
      return view.getInt16(tables(file).get("head")!.offset + 50);
    };
    // fontkit alone writes this subset's loca long, 4 bytes a glyph.
    const plain = await subsetOf(bytes, kanji);
    assert.equal(locaFormat(plain.file), 1, "fontkit's own subset: long loca");
    assert.ok(tables(plain.file).get("glyf")!.length > 0xffff, "over 64 KiB of glyph data");

    const short = await subsetOf(bytes, kanji, shortLocaSubsets);
    assert.equal(locaFormat(short.file), 0, "short loca");
    const t = tables(short.file);
    assert.equal(t.get("loca")!.length, tables(plain.file).get("loca")!.length / 2);
    assert.deepEqual(
      short.file.subarray(t.get("glyf")!.offset, t.get("glyf")!.offset + t.get("glyf")!.length),
      plain.file.subarray(
        tables(plain.file).get("glyf")!.offset,
        tables(plain.file).get("glyf")!.offset + tables(plain.file).get("glyf")!.length,
      ),
      "glyph data unchanged",
    );
    assert.equal(fontChecksum(short.file), 0xb1b0afba, "whole-font checksum");
    assert.ok(short.length > 300, `${short.length} glyphs`);
    for (const glyph of short) {
      assert.equal(glyph.outline, glyph.expected, `U+${glyph.codePoints[0]?.toString(16)}`);
    }
    assert.ok(short.file.length < plain.file.length);
  });

  it("still needs the padding: fontkit's subset of the font as shipped loses outlines", async () => {
    // When this fails, @pdf-lib/fontkit writes loca correctly and padGlyphRecords can go.
    const glyphs = await subsetOf(await readFile(japaneseFontPath()), SAMPLE);
    const broken = glyphs.filter((glyph) => glyph.outline !== glyph.expected);
    assert.ok(broken.length > 0, `${broken.length} of ${glyphs.length} glyphs broken`);
  });

  it("gives pdf-lib the glyphs of fontkit's own layout, without positioning, the first time and cached", async () => {
    const corpus = [
      SAMPLE,
      ...strings([sampleReferralLetter(), sampleReferralReply(), sampleDischargeSummary()]),
      "",
      " ",
      "office ffi fl ﬁ",
      "か゚ e\u0301 ｶﾞ",
      "葛\uFE00城 葛\u{E0100}城",
      "a\u200Db\u00ADc\u200B",
      "مرحبا بالعالم abc",
      "שלום",
      "😀 ☺ 👨‍👩‍👧",
      "ＡＢＣ漢字abc（）「」。、・ー〜",
      "\uD800 lone surrogate",
    ];
    const bytes = await japaneseFontBytes();
    const reference = fontkit.create(bytes);
    const fast = fontkit.create(bytes);
    substituteOnly(fast);
    const ids = (font: typeof reference, text: string) => font.layout(text).glyphs.map((g) => g.id);
    for (const round of ["first", "cached"]) {
      for (const text of corpus) {
        assert.deepEqual(ids(fast, text), ids(reference, text), `${round}: ${JSON.stringify(text)}`);
      }
    }
    // Other callers (features asked for) get fontkit's full layout, positions included.
    const run = fast.layout("ABC", ["smcp"]);
    assert.equal(run.positions.length, 3);
  });
});
