import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { pad2, readTables, shortenLoca, tableData, tableOf, writeSfnt } from "./truetype";

/**
 * Noto Sans JP regular (TrueType, from @expo-google-fonts/noto-sans-jp) for PDF documents:
 * the one weight embedded. Bold text is the same glyphs filled and stroked (layout.ts), so
 * a document carries each glyph's outline once: the outlines are nearly all of a PDF's
 * bytes, and the second weight had cost a referral letter 22 KB of its 79.
 *
 * The font is embedded as a subset. @pdf-lib/fontkit 1.1.1's TrueType subsetter copies
 * each used glyph record as is and, when the subset's `glyf` is under 64 KiB (a few
 * hundred glyphs, as in a letter), stores `loca` in the short format: each offset
 * halved (`>>> 1`).
 * The Google Fonts builds of Noto Sans JP have glyph records of odd length, so the first
 * odd record shifts every glyph after it by a byte: the PDF's text extracts fine but
 * the page shows blank or garbled glyphs. Padding every glyph record of the source font
 * to an even length makes every offset even, and halving exact. It is done in memory,
 * once per process, and the result is cached. (Even, not the 4 bytes the `glyf` table
 * recommends: the short format needs no more, and the subset is stored with a short
 * `loca` up to 128 KiB of glyphs, which needs even offsets too: see `shortLocaSubsets`.)
 *
 * pdf-lib parses the font file again for every document that embeds it (about 100 ms
 * for this 5 MB font); the parsed font is cached too, since fontkit only reads it.
 */

const FONT_FILE = "@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf";

/**
 * The font file's path, resolved through the package by Node at run time, under tsx
 * and in Next's server bundle alike. A bundler rewrites a `require.resolve` it can see
 * (Turbopack tries to bundle the .ttf as a module and returns a module id, not a path),
 * so `createRequire` comes from `process.getBuiltinModule`, which bundlers leave alone.
 */
export function japaneseFontPath(): string {
  // In Next's build, import.meta.url is the source file's URL at build time; a build
  // moved elsewhere resolves from the project root (Next's working directory) instead.
  const projectRoot = pathToFileURL(path.join(process.cwd(), "package.json")).href;
  return resolvePackageFile(FONT_FILE, [import.meta.url, projectRoot]);
}

/** Resolves `specifier` as `require.resolve` would from the first of `from` (file URLs) that finds it. */
export function resolvePackageFile(specifier: string, from: string[]): string {
  const { createRequire } = process.getBuiltinModule("node:module");
  let notFound: unknown = new Error(`cannot resolve ${specifier}: nowhere to look from`);
  for (const url of from) {
    try {
      return createRequire(url).resolve(specifier);
    } catch (e) {
      notFound = e;
    }
  }
  throw notFound;
}

let padded: Promise<Uint8Array> | undefined;

/** The padded TrueType bytes; read and padded on first use, then shared. */
export function japaneseFontBytes(): Promise<Uint8Array> {
  if (!padded) {
    // The path is only known at run time; Next's output tracing would otherwise take
    // the whole project for it (the font comes from node_modules, present where the
    // server runs: this project does not use `output: "standalone"`).
    const bytes = readFile(/* turbopackIgnore: true */ japaneseFontPath()).then(padGlyphRecords);
    // A failed read is not cached: the next document tries again.
    bytes.catch(() => {
      if (padded === bytes) padded = undefined;
    });
    padded = bytes;
  }
  return padded;
}

/** pdf-lib's view of fontkit (not exported by name). */
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

const parsed = new WeakMap<Uint8Array, ReturnType<Fontkit["create"]>>();

/**
 * fontkit for pdf-lib, parsing each cached font once. Sharing a parsed font between
 * documents rendered at the same time is safe: fontkit reads a font synchronously
 * (a subset is encoded in one tick) and only caches glyphs and layouts on it.
 */
const cachingFontkit: Fontkit = {
  create(bytes, postscriptName) {
    let font = parsed.get(bytes);
    if (!font) {
      font = fontkit.create(bytes, postscriptName);
      substituteOnly(font);
      shortLocaSubsets(font);
      parsed.set(bytes, font);
    }
    return font;
  },
};

type FontkitFont = ReturnType<Fontkit["create"]>;
type FontkitGlyph = ReturnType<FontkitFont["glyphForCodePoint"]>;

/** fontkit's layout engine (internal): what `font.layout` runs, step by step. */
interface LayoutEngine {
  engine?: {
    setup?(run: unknown): void;
    substitute?(run: unknown): void;
    cleanup?(): void;
  };
  hideDefaultIgnorables(
    glyphs: FontkitGlyph[],
    positions: Array<{ xAdvance: number; yAdvance: number }>,
  ): void;
}

/** Glyph runs of one font by text, shared by all documents; bounded like the widths in layout.ts. */
const MAX_CACHED_RUNS = 20_000;

/**
 * pdf-lib asks fontkit to lay out every string it measures or draws, and reads only the
 * glyphs of the run (their ids and advance widths): a PDF's text is placed glyph by glyph
 * at the advance widths in the font's W array, not at the run's positions. fontkit's
 * layout also positions the glyphs (GPOS, kerning: about half of its time, 10% of a
 * letter's render). This gives pdf-lib the same glyphs without the positioning: fontkit's
 * own steps (map to glyphs, shaping plan, GSUB substitution, RTL order, default
 * ignorables shown as spaces) minus GPOS, and keeps each text's glyphs for the next
 * document (labels, headers and the words measured for line breaking recur).
 * tests/unit/japanese-font.test.ts checks it against fontkit's own layout.
 */
export function substituteOnly(font: FontkitFont): void {
  const full = font.layout.bind(font);
  const engine = (font as unknown as { _layoutEngine: LayoutEngine })._layoutEngine;
  const runs = new Map<string, { glyphs: FontkitGlyph[] }>();
  // The class of fontkit's glyph runs (not exported): it sets the direction and features.
  const GlyphRun = full("a").constructor as new (
    glyphs: FontkitGlyph[],
    features: unknown,
    script: unknown,
    language: unknown,
    direction: unknown,
  ) => { glyphs: FontkitGlyph[]; direction: string };
  // fontkit shapes a text as the script of its first character that has one of its own
  // (not Common, Inherited or Unknown: those give "zzzz"); learnt per character from
  // fontkit's own detection, once.
  const UNKNOWN = "zzzz";
  const scripts = new Map<string, string>();
  const scriptFor = (text: string): string => {
    for (const char of text) {
      let script = scripts.get(char);
      if (script === undefined) {
        script = (full(char) as unknown as { script: string }).script;
        scripts.set(char, script);
      }
      if (script !== UNKNOWN) return script;
    }
    return UNKNOWN;
  };
  const layout = (text: string, ...rest: unknown[]) => {
    // Only pdf-lib's call (text, no features) takes the short way.
    if (typeof text !== "string" || rest.some((arg) => arg !== undefined)) {
      return (full as (...args: unknown[]) => unknown)(text, ...rest);
    }
    const cached = runs.get(text);
    if (cached) return cached;
    const glyphs = font.glyphsForString(text);
    const run = new GlyphRun(glyphs, undefined, scriptFor(text), undefined, undefined);
    if (glyphs.length > 0) {
      engine.engine?.setup?.(run);
      engine.engine?.substitute?.(run);
      if (run.direction === "rtl") run.glyphs.reverse();
      engine.hideDefaultIgnorables(
        run.glyphs,
        run.glyphs.map(() => ({ xAdvance: 0, yAdvance: 0 })),
      );
      engine.engine?.cleanup?.();
    }
    if (runs.size >= MAX_CACHED_RUNS) runs.clear();
    runs.set(text, run);
    return run;
  };
  Object.defineProperty(font, "layout", { value: layout, configurable: true });
}

/**
 * Every subset of `font` written with a short `loca` when its offsets allow it
 * (truetype.ts `shortenLoca`): fontkit writes the long format from 64 KiB of glyph data
 * on, which a 3-page letter's few hundred kanji pass. The glyph data is unchanged.
 */
export function shortLocaSubsets(font: FontkitFont): void {
  const create = font.createSubset.bind(font);
  const createSubset = () => {
    const subset = create();
    const encodeStream = subset.encodeStream.bind(subset);
    subset.encodeStream = () => {
      const shortened = new PassThrough();
      const chunks: Uint8Array[] = [];
      encodeStream()
        .on("data", (chunk) => chunks.push(chunk))
        .on("end", () => {
          try {
            shortened.end(shortenLoca(Buffer.concat(chunks)));
          } catch (e) {
            shortened.destroy(e as Error);
          }
        });
      return shortened;
    };
    return subset;
  };
  Object.defineProperty(font, "createSubset", { value: createSubset, configurable: true });
}

/** Embeds the font into `pdf` as a subset with a proper subset name (`ABCDEF+NotoSansJP-Regular`). */
export async function embedJapaneseFont(pdf: PDFDocument): Promise<PDFFont> {
  pdf.registerFontkit(cachingFontkit);
  return pdf.embedFont(await japaneseFontBytes(), {
    subset: true,
    customName: subsetName("NotoSansJP-Regular"),
  });
}

/**
 * PDF 32000-1 §9.6.4: a subset font's name starts with a tag of six upper-case letters,
 * unique to the subset, and "+". (pdf-lib's default is "NotoSansJP-Regular-1234".)
 */
function subsetName(postscriptName: string): string {
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join("");
  return `${tag}+${postscriptName}`;
}

/**
 * Rewrites a TrueType font so that every record in `glyf` starts on an even offset,
 * with a long-format `loca` and a fresh table directory and checksums. The glyph data
 * itself is unchanged.
 */
export function padGlyphRecords(font: Uint8Array): Uint8Array {
  const source = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = readTables(font);
  const table = (tag: string) => tableOf(tables, tag);
  const head = table("head");
  const loca = table("loca");
  const glyf = table("glyf");
  const longLoca = source.getInt16(head.offset + 50) === 1;
  const numGlyphs = source.getUint16(table("maxp").offset + 4);
  const glyphStart = (id: number) =>
    longLoca ? source.getUint32(loca.offset + 4 * id) : source.getUint16(loca.offset + 2 * id) * 2;

  let paddedGlyfLength = 0;
  for (let id = 0; id < numGlyphs; id++) paddedGlyfLength += pad2(glyphStart(id + 1) - glyphStart(id));
  const newGlyf = new Uint8Array(paddedGlyfLength);
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const newLocaView = new DataView(newLoca.buffer);
  let position = 0;
  for (let id = 0; id < numGlyphs; id++) {
    const start = glyphStart(id);
    const end = glyphStart(id + 1);
    newLocaView.setUint32(4 * id, position);
    newGlyf.set(font.subarray(glyf.offset + start, glyf.offset + end), position);
    position += pad2(end - start);
  }
  newLocaView.setUint32(4 * numGlyphs, position);

  // A copy (Buffer#slice would be a view into the source font).
  const newHead = new Uint8Array(font.subarray(head.offset, head.offset + head.length));
  new DataView(newHead.buffer).setInt16(50, 1); // indexToLocFormat: long

  const data = tableData(font, tables);
  data.set("glyf", newGlyf);
  data.set("loca", newLoca);
  data.set("head", newHead);
  return writeSfnt(font, data);
}
