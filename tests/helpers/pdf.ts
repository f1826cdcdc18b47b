import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after } from "node:test";
import { promisify } from "node:util";
import fontkit from "@pdf-lib/fontkit";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  decodePDFRawStream,
  type PDFObject,
} from "pdf-lib";

/**
 * A rendered PDF as a reader would get it, through Debian's poppler-utils (pdftotext,
 * pdffonts, pdfinfo, pdftoppm; installed by .ci/run), plus a look inside its embedded
 * fonts with pdf-lib and fontkit. A text round trip alone does not prove the page shows
 * the text: a broken font extracts fine and prints blank glyphs.
 */

const run = promisify(execFile);

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** A grey-scale raster: 0 is black, 255 white. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export class PdfFile {
  private constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    private readonly dir: string,
  ) {}

  static async write(bytes: Uint8Array): Promise<PdfFile> {
    const dir = await mkdtemp(path.join(tmpdir(), "okinet-pdf-"));
    const file = path.join(dir, "document.pdf");
    await writeFile(file, bytes);
    return new PdfFile(bytes, file, dir);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The image XObjects drawn on the pages, as pdfimages lists them: size and encoding (jpeg, image ...). */
  async images(): Promise<{ page: number; width: number; height: number; encoding: string }[]> {
    const { stdout } = await run("pdfimages", ["-list", this.file]);
    // two header lines, then: page num type width height color comp bpc enc ...
    return stdout
      .split("\n")
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length > 8 && f[2] === "image")
      .map((f) => ({ page: Number(f[0]), width: Number(f[3]), height: Number(f[4]), encoding: f[8]! }));
  }

  /** The text pdftotext extracts, of the whole document or one page. */
  async text(page?: number): Promise<string> {
    const pages = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", ...pages, this.file, "-"]);
    return stdout;
  }

  /** pdfinfo's fields (Title, Author, Pages ...). */
  async info(): Promise<Record<string, string>> {
    const { stdout } = await run("pdfinfo", ["-enc", "UTF-8", this.file]);
    return Object.fromEntries(
      stdout
        .split("\n")
        .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
  }

  async pageCount(): Promise<number> {
    return Number((await this.info()).Pages);
  }

  async fonts(): Promise<PdfFont[]> {
    const { stdout } = await run("pdffonts", [this.file]);
    // name, type (may contain spaces), encoding, emb, sub, uni, object ID (two numbers)
    return stdout
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const fields = line.trim().split(/\s+/);
        const [emb, sub, uni] = fields.slice(-5, -2);
        return {
          name: fields[0]!,
          type: fields.slice(1, -6).join(" "),
          embedded: emb === "yes",
          subset: sub === "yes",
          unicode: uni === "yes",
        };
      });
  }

  /** Words and their boxes on a page, in points from the top-left corner (pdftotext -bbox). */
  async words(page: number): Promise<WordBox[]> {
    const { stdout } = await run("pdftotext", [
      "-enc",
      "UTF-8",
      "-bbox",
      "-f",
      String(page),
      "-l",
      String(page),
      this.file,
      "-",
    ]);
    const word = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    return [...stdout.matchAll(word)].map((m) => ({
      text: m[5]!,
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    }));
  }

  /** A page rendered in grey by pdftoppm, at `dpi` (72: one pixel per point). */
  async render(page: number, dpi: number): Promise<GrayImage> {
    const base = path.join(this.dir, `page-${page}-${dpi}`);
    await run("pdftoppm", [
      "-gray",
      "-r",
      String(dpi),
      "-f",
      String(page),
      "-l",
      String(page),
      "-singlefile",
      this.file,
      base,
    ]);
    return parsePgm(await readFile(`${base}.pgm`));
  }
}

/** Text with every kind of white space removed, for searching across line and column breaks. */
export function squeeze(text: string): string {
  return text.replace(/\s+/gu, "");
}

/** Pixels darker than mid-grey in a rectangle (pixel coordinates, from the top-left). */
export function inkIn(image: GrayImage, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(image.height, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(image.width, Math.ceil(x1)); x++) {
      if (image.pixels[y * image.width + x]! < 128) ink += 1;
    }
  }
  return ink;
}

/**
 * The render step of a test file: each rendered PDF written out for the poppler tools,
 * and all of them removed after the file's tests. Call it at the top level of the file.
 */
export function pdfRenderer(): (bytes: Promise<Uint8Array>) => Promise<PdfFile> {
  const pdfs: PdfFile[] = [];
  after(async () => {
    await Promise.all(pdfs.map((pdf) => pdf.remove()));
  });
  return async (bytes) => {
    const pdf = await PdfFile.write(await bytes);
    pdfs.push(pdf);
    return pdf;
  };
}

/**
 * The document's one font is Noto Sans JP regular, embedded as a subset with a six-letter
 * tag and a Unicode map (bold is drawn with it: assertSynthesizedBold).
 */
export async function assertNotoSansJpSubsets(pdf: PdfFile): Promise<void> {
  const fonts = await pdf.fonts();
  assert.deepEqual(
    fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, "")),
    ["NotoSansJP-Regular"],
  );
  for (const font of fonts) {
    assert.match(font.name, /^[A-Z]{6}\+NotoSansJP-Regular$/);
    assert.equal(font.type, "CID TrueType");
    assert.ok(font.embedded && font.subset && font.unicode, `${font.name}: emb/sub/uni`);
  }
}

/**
 * Bold text on page 1 is the font's glyphs filled and stroked (2 Tr) in the text's own
 * colour, with a line `em` of the size wide: `count` times at least, never a stroke in
 * another colour or of another width, and regular text after it filled only.
 */
export async function assertSynthesizedBold(pdf: PdfFile, em: number, count: number): Promise<void> {
  const content = await pageContent(pdf.bytes, 0);
  const bold = /q\n2 Tr\n([\d.]+) w\n([\d. ]+) RG\nq\nBT\n([\d. ]+) rg\n\/\S+ ([\d.]+) Tf\n[^]*?ET\nQ\nQ\n/g;
  const runs = [...content.matchAll(bold)];
  assert.ok(runs.length >= count, `${runs.length} bold runs on page 1`);
  for (const [, width, stroke, fill, size] of runs) {
    assert.equal(stroke, fill, "stroked in the fill colour");
    assert.ok(Math.abs(Number(width) - em * Number(size)) < 0.001, `line ${width} at ${size} pt`);
  }
  // Every 2 Tr is inside one of these runs, which end with Q: nothing else is stroked.
  assert.equal(content.split("2 Tr").length - 1, runs.length, "every 2 Tr in a bold run");
}

/** The decoded content stream(s) of a page (0-based), concatenated. */
async function pageContent(bytes: Uint8Array, index: number): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  const contents = pdf.getPage(index).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return streams.map((ref) => Buffer.from(streamBytes(ref, pdf)).toString("latin1")).join("\n");
}

/**
 * Every glyph used for a visible character has an outline in the embedded subset, which
 * has at least `atLeast` such glyphs (so that the check checks something).
 */
export async function assertVisibleGlyphsInked(pdf: PdfFile, atLeast: number): Promise<EmbeddedFont[]> {
  const fonts = await embeddedFonts(pdf.bytes);
  assert.equal(fonts.length, 1);
  for (const font of fonts) {
    const visible = font.glyphs.filter((g) => !/^\s+$/u.test(g.text));
    assert.ok(visible.length >= atLeast, `${font.baseFont}: only ${visible.length} glyphs checked`);
    const blank = visible.filter((g) => !g.inked).map((g) => g.text);
    assert.deepEqual(blank, [], `${font.baseFont}: glyphs without ink: ${blank.join("")}`);
  }
  return fonts;
}

/**
 * The largest box of the word `text` on a page: a title rather than the running header
 * that repeats it in small type.
 */
export async function largestWord(pdf: PdfFile, page: number, text: string): Promise<WordBox | undefined> {
  return (await pdf.words(page))
    .filter((w) => w.text === text)
    .sort((a, b) => b.yMax - b.yMin - (a.yMax - a.yMin))[0];
}

/**
 * The rendered title on page 1, glyph by glyph: each full-width cell of its box (from
 * pdftotext -bbox) must carry ink. A check of the title's whole area would pass with one
 * good glyph; a broken subset blanks most glyphs but rarely all.
 */
export async function assertTitleInked(pdf: PdfFile, title: string): Promise<void> {
  const box = await largestWord(pdf, 1, title);
  assert.ok(box, `title ${title} on page 1`);
  assert.ok(box.yMax - box.yMin > 15, "the large title, not the header");
  const page = await pdf.render(1, 72);
  const glyphs = Array.from(title);
  const cell = (box.xMax - box.xMin) / glyphs.length;
  glyphs.forEach((glyph, i) => {
    const ink = inkIn(page, box.xMin + i * cell, box.yMin, box.xMin + (i + 1) * cell, box.yMax);
    // At 72 dpi a bold 19 pt kanji has 140-200 dark pixels, a bracket about 40, the
    // long-vowel bar about 20; a blank glyph none.
    assert.ok(ink >= 12, `title glyph ${glyph} has ${ink} dark pixels`);
  });
}

/**
 * At least `minPages` pages, each ending with its "n / N" footer (pdftotext drops the
 * narrow spaces of "1 / 3") and carrying each of `onEveryPage` (the running header, the
 * document number in the footer ...).
 */
export async function assertEveryPageFramed(
  pdf: PdfFile,
  onEveryPage: string[],
  minPages: number,
): Promise<void> {
  const pages = await pdf.pageCount();
  assert.ok(pages >= minPages, `${pages} page(s)`);
  for (let page = 1; page <= pages; page++) {
    const pageText = await pdf.text(page);
    assert.ok(squeeze(pageText).endsWith(`${page}/${pages}`), `footer of page ${page}`);
    for (const expected of onEveryPage) assert.ok(pageText.includes(expected), `${expected} on page ${page}`);
  }
}

/**
 * Asserts that `after` follows `before` on the same line of page 1 (e.g. 殿 after a
 * name): their boxes overlap vertically, as a seal mark or a smaller word sits a little
 * lower; with `aligned`, their tops are also within 1 pt of each other.
 */
export async function assertSameLineAfter(
  pdf: PdfFile,
  before: string,
  after: string,
  { aligned = false }: { aligned?: boolean } = {},
): Promise<void> {
  const words = await pdf.words(1);
  const first = words.find((w) => w.text === before);
  assert.ok(first, `${before} on page 1`);
  assert.ok(
    words.some(
      (w) =>
        w.text === after &&
        w.yMin < first.yMax &&
        w.yMax > first.yMin &&
        (!aligned || Math.abs(w.yMin - first.yMin) < 1) &&
        w.xMin > first.xMax,
    ),
    `${after} after ${before} on the same line`,
  );
}

function parsePgm(data: Buffer): GrayImage {
  // P5 <width> <height> <maxval>, single white-space characters between, then the raster.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[i]!))) i++;
    const start = i;
    while (!/\s/.test(String.fromCharCode(data[i]!))) i++;
    fields.push(data.toString("latin1", start, i));
  }
  if (fields[0] !== "P5" || fields[3] !== "255") throw new Error(`not an 8-bit PGM: ${fields.join(" ")}`);
  const width = Number(fields[1]);
  const height = Number(fields[2]);
  return { width, height, pixels: data.subarray(i + 1, i + 1 + width * height) };
}

export interface EmbeddedGlyph {
  /** the glyph id in the embedded subset (the CID, with CIDToGIDMap /Identity) */
  id: number;
  /** what the ToUnicode map says the glyph shows */
  text: string;
  /** its outline has drawing commands; false also when the glyph cannot be read at all */
  inked: boolean;
}

export interface EmbeddedFont {
  baseFont: string;
  glyphs: EmbeddedGlyph[];
}

/**
 * Every Type0 font of the PDF: its embedded TrueType program (FontFile2) parsed again
 * with fontkit, and each glyph its ToUnicode map names checked for an outline.
 */
export async function embeddedFonts(bytes: Uint8Array): Promise<EmbeddedFont[]> {
  const pdf = await PDFDocument.load(bytes);
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Subtype")) !== PDFName.of("Type0")) continue;
    const baseFont = String(object.get(PDFName.of("BaseFont"))).replace(/^\//, "");
    const cidFont = object.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
    const descriptor = cidFont.lookup(PDFName.of("FontDescriptor"), PDFDict);
    const program = fontkit.create(Buffer.from(streamBytes(descriptor.get(PDFName.of("FontFile2")), pdf)));
    const toUnicode = Buffer.from(streamBytes(object.get(PDFName.of("ToUnicode")), pdf)).toString("latin1");
    const glyphs = [...toUnicodeEntries(toUnicode)].map(([id, text]) => {
      let inked: boolean;
      try {
        inked = program.getGlyph(id).path.toSVG() !== "";
      } catch {
        inked = false; // a glyph record fontkit cannot even decode
      }
      return { id, text, inked };
    });
    fonts.push({ baseFont, glyphs });
  }
  return fonts;
}

function streamBytes(ref: PDFObject | undefined, pdf: PDFDocument): Uint8Array {
  const stream = pdf.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new Error(`not a stream: ${String(ref)}`);
  return decodePDFRawStream(stream).decode();
}

/** The bfchar pairs of a ToUnicode CMap: glyph id -> text (UTF-16BE, surrogate pairs included). */
function toUnicodeEntries(cmap: string): Map<number, string> {
  const entries = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, id, utf16] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const units = utf16!.match(/.{4}/g)!.map((unit) => parseInt(unit, 16));
      entries.set(parseInt(id!, 16), String.fromCharCode(...units));
    }
  }
  return entries;
}

/**
 * The left label column of the form, page after page, top to bottom: the words
 * starting one cell padding right of the margin (the heading above starts at the
 * margin itself). pdftotext's reading order mixes the form's columns; this does not.
 */
export async function labelColumn(pdf: PdfFile): Promise<string> {
  const LABEL_X = 42 + 4;
  let column = "";
  for (let page = 1; page <= (await pdf.pageCount()); page++) {
    const words = (await pdf.words(page)).filter((w) => Math.abs(w.xMin - LABEL_X) < 0.5);
    column += words
      .sort((a, b) => a.yMin - b.yMin)
      .map((w) => w.text)
      .join("");
  }
  return column;
}
