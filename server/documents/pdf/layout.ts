import { constants, deflateSync } from "node:zlib";
import {
  PDFArray,
  PDFContentStream,
  PDFDocument,
  PDFRef,
  TextRenderingMode,
  degrees,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setLineWidth,
  setStrokingColor,
  setTextRenderingMode,
  type Color,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  type RGB,
  type Rotation,
} from "pdf-lib";
import { embedJapaneseFont } from "./japanese-font";
import { breakLines } from "./line-breaking";

/**
 * A small layout engine over pdf-lib for clinical documents (referral letters, replies,
 * discharge summaries): A4 portrait, Japanese line breaking, automatic page breaks with
 * a running header and footer ("n / N"), and the boxed label/value rows of paper forms.
 *
 * Content is given as blocks (text, tables, columns ...). Each block is cut into strips,
 * horizontal pieces of known height; pages break only between strips, so a line of text
 * or a table row is never split.
 */

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 42;
const CONTENT_TOP = PAGE_HEIGHT - 50;
const CONTENT_BOTTOM = 46;
const HEADER_BASELINE = PAGE_HEIGHT - 30;
const FOOTER_BASELINE = 24;

/** Width of the label column of form rows. */
const LABEL_WIDTH = 82;
/** Padding inside form and table cells. */
const CELL_PADDING = 4;
const RULE_WIDTH = 0.6;

/** Where the em box of Noto Sans JP sits above its baseline, as a fraction of the size. */
const EM_ASCENT = 0.88;

export const colors = {
  ink: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.4, 0.4, 0.4),
  rule: rgb(0.45, 0.45, 0.45),
  labelFill: rgb(0.92, 0.93, 0.95),
  alert: rgb(0.78, 0.1, 0.1),
} satisfies Record<string, Color>;

export interface TextStyle {
  /** points; 9.5 unless given */
  size?: number;
  bold?: boolean;
  color?: Color;
  align?: "left" | "center" | "right";
  /** line height as a multiple of the size; 1.5 unless given */
  lineHeight?: number;
}

export interface TableColumn {
  header: string;
  /** share of the table's width; 1 unless given */
  weight?: number;
  align?: "left" | "center" | "right";
}

export type Block =
  /** A paragraph; "\n" breaks the line. */
  | { kind: "text"; text: string; style?: TextStyle }
  /** A ruled table with a shaded header row, repeated when the table breaks across pages. */
  | { kind: "table"; columns: TableColumn[]; rows: string[][] }
  /** The document's title, centred; a badge (至急) boxed in the alert colour at its left. */
  | { kind: "title"; text: string; subtitle?: string; badge?: string }
  /** Blocks side by side (addressee and sender); kept on one page. */
  | { kind: "columns"; columns: Array<{ weight?: number; blocks: Block[] }>; gap?: number }
  /** A signer's name followed by the seal placeholder (印 in a circle). */
  | { kind: "signature"; text: string; style?: TextStyle }
  | { kind: "space"; height: number }
  /** A picture (embedded with embedImage), scaled to fit, its aspect kept, centred; kept on one page. */
  | { kind: "image"; image: PDFImage; maxHeight: number };

/** What a form row shows right of its label: a paragraph or blocks. */
export type FieldContent = string | Block[];

export interface FieldCell {
  label: string;
  content: FieldContent;
  /** share of the row's width; 1 unless given */
  weight?: number;
}

export interface LayoutOptions {
  /** the running header's left side: the document's title */
  title: string;
  /** the running header's right side: whom the document is about */
  subject: string;
  /** the footer's left side (document number ...) */
  footer: string;
  /** marks every page 下書き (not for sending) */
  draft: boolean;
  /** marks every page 取消 (a document withdrawn after it was sent) */
  cancelled?: boolean;
  metadata: {
    title: string;
    author: string;
    subject?: string;
    keywords?: string[];
    createdAt: Date;
  };
}

interface Strip {
  height: number;
  /** draws the strip with its top-left corner at (x, top) */
  draw(page: PDFPage, x: number, top: number): void;
  /** drawn again above this strip when it opens a continued part (a table's header row) */
  header?: Strip;
}

/**
 * Text widths at size 1, shared by all documents: every document embeds the same font,
 * and bold text keeps the regular advances. Mostly single characters and short words, so
 * bounded by the vocabulary; the bound only guards against unusual input.
 */
const widthsAtSize1 = new Map<string, number>();
const MAX_CACHED_WIDTHS = 50_000;

export const DRAFT_MARK = "下書き";
export const CANCELLED_MARK = "取消";
const CONTINUED = "（続き）";

export class DocumentLayout {
  readonly #pdf: PDFDocument;
  readonly #font: PDFFont;
  readonly #options: LayoutOptions;
  readonly #pages: PDFPage[] = [];
  #page: PDFPage;
  #cursor = CONTENT_TOP;

  private constructor(pdf: PDFDocument, font: PDFFont, options: LayoutOptions) {
    this.#pdf = pdf;
    this.#font = font;
    this.#options = options;
    this.#page = this.#newPage();
  }

  static async create(options: LayoutOptions): Promise<DocumentLayout> {
    const pdf = await PDFDocument.create();
    nativeDeflate(pdf);
    const { metadata } = options;
    pdf.setTitle(metadata.title, { showInWindowTitleBar: true });
    pdf.setAuthor(metadata.author);
    if (metadata.subject) pdf.setSubject(metadata.subject);
    if (metadata.keywords) pdf.setKeywords(metadata.keywords);
    pdf.setCreator("okinet-collab");
    pdf.setLanguage("ja");
    pdf.setCreationDate(metadata.createdAt);
    pdf.setModificationDate(metadata.createdAt);
    return new DocumentLayout(pdf, await embedJapaneseFont(pdf), options);
  }

  /**
   * Embeds a picture once for image blocks; null when the bytes are not the
   * JPEG or PNG they claim to be (the document then says the picture is missing).
   */
  async embedImage(picture: { type: "jpeg" | "png"; bytes: Uint8Array }): Promise<PDFImage | null> {
    try {
      return picture.type === "jpeg"
        ? await this.#pdf.embedJpg(picture.bytes)
        : await this.#pdf.embedPng(picture.bytes);
    } catch {
      return null;
    }
  }

  /** The width between the margins, in points. */
  get contentWidth(): number {
    return PAGE_WIDTH - 2 * MARGIN_X;
  }

  /** Full-width blocks, breaking pages between lines and table rows. */
  flow(blocks: Block[]): void {
    const strips = blocks.flatMap((block) => this.#strips(block, this.contentWidth));
    strips.forEach((strip, i) => {
      // A table's header row stays with its first row.
      const next = strips[i + 1];
      const needed = strip.height + (next?.header === strip ? next.height : 0);
      if (this.#cursor - needed < CONTENT_BOTTOM && this.#cursor < CONTENT_TOP) {
        this.#breakPage();
        if (strip.header) this.#place([strip.header]);
      }
      this.#place([strip]);
    });
  }

  /**
   * Rows of the paper form: each cell a shaded label and its content, boxed, rows touching.
   * A row that does not fit breaks across pages between lines (at least two lines stay
   * together at the start); its label is repeated with （続き）.
   */
  fields(rows: FieldCell[][]): void {
    for (const row of rows) this.#fieldRow(row);
  }

  /** One labelled section: a form row of a single cell. */
  section(label: string, content: FieldContent): void {
    this.#fieldRow([{ label, content }]);
  }

  space(height: number): void {
    this.#cursor = Math.max(CONTENT_BOTTOM, this.#cursor - height);
  }

  /** Draws the running header and footer on every page and returns the PDF file. */
  async finish(): Promise<Uint8Array> {
    const total = this.#pages.length;
    this.#pages.forEach((page, index) => this.#decorate(page, index + 1, total));
    deflateContents(this.#pdf);
    return this.#pdf.save();
  }

  #newPage(): PDFPage {
    const page = this.#pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    // The page's one font resource: pdf-lib adds a resource under a new random name for
    // every drawText given a font (two, counting the switch back), hundreds per page,
    // which the page dictionaries and content streams carried (3 KB of a letter).
    page.setFont(this.#font);
    this.#pages.push(page);
    this.#cursor = CONTENT_TOP;
    // Under the content, so it never hides a word.
    if (this.#options.draft) this.#watermark(page, DRAFT_MARK);
    else if (this.#options.cancelled) this.#watermark(page, CANCELLED_MARK);
    return page;
  }

  #breakPage(): void {
    this.#page = this.#newPage();
  }

  #place(strips: Strip[]): void {
    for (const strip of strips) {
      strip.draw(this.#page, MARGIN_X, this.#cursor);
      this.#cursor -= strip.height;
    }
  }

  #fieldRow(row: FieldCell[]): void {
    const totalWeight = row.reduce((sum, cell) => sum + (cell.weight ?? 1), 0);
    const cells = row.map((cell) => {
      const width = (this.contentWidth * (cell.weight ?? 1)) / totalWeight;
      return {
        width,
        label: this.#labelStrips(cell.label),
        continuedLabel: this.#labelStrips(cell.label + CONTINUED),
        content: this.#contentStrips(cell.content, width - LABEL_WIDTH - 2 * CELL_PADDING),
        next: 0,
      };
    });

    let first = true;
    for (;;) {
      const available = this.#cursor - CONTENT_BOTTOM - 2 * CELL_PADDING;
      const fresh = this.#cursor === CONTENT_TOP;
      const parts = cells.map((cell) => {
        const label = first ? cell.label : cell.continuedLabel;
        const taken: Strip[] = [];
        let height = 0;
        let next = cell.next;
        const opening = cell.content[next];
        if (!first && opening?.header) {
          taken.push(opening.header);
          height += opening.header.height;
        }
        while (next < cell.content.length) {
          const strip = cell.content[next]!;
          // On a fresh page at least one strip goes in, even one taller than the page.
          if (height + strip.height > available && !(fresh && next === cell.next)) break;
          taken.push(strip);
          height += strip.height;
          next += 1;
        }
        // A table's header row does not end a part: it goes over with its first row.
        const last = taken[taken.length - 1];
        if (last && taken.length > 1 && cell.content[next]?.header === last) {
          taken.pop();
          height -= last.height;
          next -= 1;
        }
        const wanted = Math.min(2, cell.content.length - cell.next);
        const enough = next - cell.next >= wanted && sum(label) <= available;
        return { cell, label, taken, next, enough, height: Math.max(height, sum(label)) };
      });
      if (!fresh && parts.some((part) => !part.enough)) {
        this.#breakPage();
        continue;
      }
      const height = Math.max(...parts.map((part) => part.height)) + 2 * CELL_PADDING;
      let x = MARGIN_X;
      for (const part of parts) {
        this.#drawFieldCell(x, this.#cursor, part.cell.width, height, part.label, part.taken);
        part.cell.next = part.next;
        x += part.cell.width;
      }
      this.#cursor -= height;
      if (cells.every((cell) => cell.next >= cell.content.length)) return;
      this.#breakPage();
      first = false;
    }
  }

  /** A form label; one too long for the column breaks after its 「・」 first (既往歴・／家族歴). */
  #labelStrips(label: string): Strip[] {
    const style: TextStyle = { size: 9, bold: true };
    const width = LABEL_WIDTH - 2 * CELL_PADDING;
    const text = this.#measure(label, style) > width ? label.replaceAll("・", "・\n") : label;
    return this.#textStrips(text, style, width);
  }

  #drawFieldCell(x: number, top: number, width: number, height: number, label: Strip[], content: Strip[]) {
    const page = this.#page;
    const border = { borderColor: colors.rule, borderWidth: RULE_WIDTH };
    page.drawRectangle({
      x,
      y: top - height,
      width: LABEL_WIDTH,
      height,
      color: colors.labelFill,
      ...border,
    });
    page.drawRectangle({
      x: x + LABEL_WIDTH,
      y: top - height,
      width: width - LABEL_WIDTH,
      height,
      ...border,
    });
    let y = top - CELL_PADDING;
    for (const strip of label) {
      strip.draw(page, x + CELL_PADDING, y);
      y -= strip.height;
    }
    y = top - CELL_PADDING;
    for (const strip of content) {
      strip.draw(page, x + LABEL_WIDTH + CELL_PADDING, y);
      y -= strip.height;
    }
  }

  #contentStrips(content: FieldContent, width: number): Strip[] {
    const blocks: Block[] = typeof content === "string" ? [{ kind: "text", text: content }] : content;
    return blocks.flatMap((block) => this.#strips(block, width));
  }

  #strips(block: Block, width: number): Strip[] {
    switch (block.kind) {
      case "text":
        return this.#textStrips(block.text, block.style ?? {}, width);
      case "table":
        return this.#tableStrips(block.columns, block.rows, width);
      case "title":
        return this.#titleStrips(block, width);
      case "columns":
        return [this.#columnsStrip(block.columns, block.gap ?? 16, width)];
      case "signature":
        return [this.#signatureStrip(block.text, block.style ?? {})];
      case "space":
        return [{ height: block.height, draw: () => undefined }];
      case "image":
        return [imageStrip(block.image, width, block.maxHeight)];
    }
  }

  /** Text width in points. */
  #measure(text: string, style: TextStyle): number {
    let width = widthsAtSize1.get(text);
    if (width === undefined) {
      if (widthsAtSize1.size >= MAX_CACHED_WIDTHS) widthsAtSize1.clear();
      width = this.#font.widthOfTextAtSize(text, 1);
      widthsAtSize1.set(text, width);
    }
    return width * (style.size ?? 9.5);
  }

  #textStrips(text: string, style: TextStyle, width: number): Strip[] {
    const size = style.size ?? 9.5;
    const height = size * (style.lineHeight ?? 1.5);
    const color = style.color ?? colors.ink;
    return breakLines(text, width, (piece) => this.#measure(piece, style)).map((line) => ({
      height,
      draw: (page, x, top) => {
        if (line === "") return;
        const offset =
          style.align === "center" || style.align === "right"
            ? (width - this.#measure(line, style)) / (style.align === "center" ? 2 : 1)
            : 0;
        drawText(page, line, {
          x: x + offset,
          y: baseline(top, height, size),
          size,
          color,
          bold: style.bold,
        });
      },
    }));
  }

  #tableStrips(columns: TableColumn[], rows: string[][], width: number): Strip[] {
    const totalWeight = columns.reduce((s, c) => s + (c.weight ?? 1), 0);
    const widths = columns.map((c) => (width * (c.weight ?? 1)) / totalWeight);
    const rowStrip = (cells: string[], style: TextStyle, fill?: Color): Strip => {
      const laidOut = widths.map((w, i) =>
        this.#textStrips(cells[i] ?? "", { ...style, align: columns[i]?.align }, w - 2 * CELL_PADDING),
      );
      const height = Math.max(...laidOut.map(sum)) + 2 * CELL_PADDING;
      return {
        height,
        draw: (page, x, top) => {
          let left = x;
          laidOut.forEach((lines, i) => {
            const w = widths[i]!;
            page.drawRectangle({
              x: left,
              y: top - height,
              width: w,
              height,
              color: fill,
              borderColor: colors.rule,
              borderWidth: RULE_WIDTH,
            });
            let y = top - CELL_PADDING;
            for (const line of lines) {
              line.draw(page, left + CELL_PADDING, y);
              y -= line.height;
            }
            left += w;
          });
        },
      };
    };
    const header = rowStrip(
      columns.map((c) => c.header),
      { size: 8.5, bold: true },
      colors.labelFill,
    );
    return [header, ...rows.map((cells) => ({ ...rowStrip(cells, { size: 9 }), header }))];
  }

  #titleStrips(block: { text: string; subtitle?: string; badge?: string }, width: number): Strip[] {
    const size = 19;
    const height = 34;
    const title: Strip = {
      height,
      draw: (page, x, top) => {
        const style = { size, bold: true };
        const textWidth = this.#measure(block.text, style);
        drawText(page, block.text, {
          x: x + (width - textWidth) / 2,
          y: baseline(top, height, size),
          size,
          color: colors.ink,
          bold: true,
        });
        if (block.badge) this.#badge(page, block.badge, x, top - 5);
      },
    };
    const subtitle = block.subtitle
      ? this.#textStrips(block.subtitle, { size: 11, bold: true, align: "center" }, width)
      : [];
    return [title, ...subtitle];
  }

  #badge(page: PDFPage, text: string, x: number, top: number): void {
    const style = { size: 14, bold: true };
    const height = 24;
    const width = this.#measure(text, style) + 16;
    page.drawRectangle({
      x,
      y: top - height,
      width,
      height,
      borderColor: colors.alert,
      borderWidth: 1.6,
    });
    drawText(page, text, {
      x: x + 8,
      y: baseline(top, height, 14),
      size: 14,
      color: colors.alert,
      bold: true,
    });
  }

  #columnsStrip(columns: Array<{ weight?: number; blocks: Block[] }>, gap: number, width: number): Strip {
    const totalWeight = columns.reduce((s, c) => s + (c.weight ?? 1), 0);
    const usable = width - gap * (columns.length - 1);
    const laidOut = columns.map((column) => {
      const w = (usable * (column.weight ?? 1)) / totalWeight;
      return { width: w, strips: column.blocks.flatMap((block) => this.#strips(block, w)) };
    });
    return {
      height: Math.max(...laidOut.map((column) => sum(column.strips))),
      draw: (page, x, top) => {
        let left = x;
        for (const column of laidOut) {
          let y = top;
          for (const strip of column.strips) {
            strip.draw(page, left, y);
            y -= strip.height;
          }
          left += column.width + gap;
        }
      },
    };
  }

  #signatureStrip(text: string, style: TextStyle): Strip {
    const size = style.size ?? 10.5;
    const radius = 11;
    const height = Math.max(size * 1.6, 2 * radius + 6);
    return {
      height,
      draw: (page, x, top) => {
        drawText(page, text, {
          x,
          y: baseline(top, height, size),
          size,
          color: style.color ?? colors.ink,
          bold: style.bold,
        });
        const cx = x + this.#measure(text, { ...style, size }) + 12 + radius;
        const cy = top - height / 2;
        page.drawCircle({ x: cx, y: cy, size: radius, borderColor: colors.muted, borderWidth: 0.8 });
        drawText(page, "印", { x: cx - 4.5, y: cy - 3.3, size: 9, color: colors.muted });
      },
    };
  }

  #watermark(page: PDFPage, mark: string): void {
    const size = 120;
    const angle = 35;
    const width = this.#measure(mark, { size, bold: true });
    const rad = (angle * Math.PI) / 180;
    drawText(page, mark, {
      x: PAGE_WIDTH / 2 - (width / 2) * Math.cos(rad) + (size / 3) * Math.sin(rad),
      y: PAGE_HEIGHT / 2 - (width / 2) * Math.sin(rad) - (size / 3) * Math.cos(rad),
      size,
      // The alert colour at 10% on the white page, opaque: the mark is drawn first, under
      // everything, so it looks as a 10% opacity would, and the stroke of its bold does
      // not darken where it overlaps the fill, as two translucent paints would.
      color: onWhite(colors.alert, 0.1),
      bold: true,
      rotate: degrees(angle),
    });
  }

  #decorate(page: PDFPage, number: number, total: number): void {
    const small = { size: 8 };
    const write = (
      text: string,
      x: number,
      y: number,
      style: TextStyle,
      align: "left" | "right" | "center",
    ) => {
      const size = style.size ?? 8;
      const w = this.#measure(text, style);
      const left = align === "left" ? x : align === "right" ? x - w : x - w / 2;
      drawText(page, text, { x: left, y, size, color: style.color ?? colors.muted, bold: style.bold });
    };
    const { title, subject, footer, draft, cancelled } = this.#options;
    write(title, MARGIN_X, HEADER_BASELINE, { size: 8, bold: true }, "left");
    write(subject, PAGE_WIDTH - MARGIN_X, HEADER_BASELINE, small, "right");
    if (draft || cancelled) {
      write(
        draft ? `${DRAFT_MARK}（未送付）` : `${CANCELLED_MARK}済み`,
        PAGE_WIDTH / 2,
        HEADER_BASELINE,
        { size: 9, bold: true, color: colors.alert },
        "center",
      );
    }
    page.drawLine({
      start: { x: MARGIN_X, y: HEADER_BASELINE - 6 },
      end: { x: PAGE_WIDTH - MARGIN_X, y: HEADER_BASELINE - 6 },
      thickness: 0.5,
      color: colors.rule,
    });
    write(footer, MARGIN_X, FOOTER_BASELINE, small, "left");
    write(`${number} / ${total}`, PAGE_WIDTH - MARGIN_X, FOOTER_BASELINE, small, "right");
  }
}

/**
 * The font programs and their ToUnicode maps (nine tenths of a letter's bytes before
 * compression) deflated by Node's zlib instead of pdf-lib's JavaScript port (pako): the
 * same format, in native code and off the JavaScript heap, at zlib's best level (pako's
 * default is 6): 16 bytes of a letter's 53 KB font, but no slower on this data (a
 * letter's 75 KB font program: level 9 7.7 ms, level 6 8.6 ms, pako 24.7 ms, measured
 * together on a loaded machine).
 */
function nativeDeflate(pdf: PDFDocument): void {
  const context = pdf.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateBest(typeof contents === "string" ? Buffer.from(contents, "latin1") : contents), {
      ...dict,
      Filter: "FlateDecode",
    });
}

function deflateBest(bytes: Uint8Array): Buffer {
  return deflateSync(bytes, { level: constants.Z_BEST_COMPRESSION });
}

/**
 * The pages' content streams deflated as the font is (nativeDeflate), when the drawing
 * is done: pdf-lib would deflate them with pako at level 6 as it writes the file; at
 * zlib's best level they take 3% less (190 bytes of a 3-page letter's 6,000).
 */
function deflateContents(pdf: PDFDocument): void {
  const context = pdf.context;
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      const stream = context.lookup(ref);
      if (!(ref instanceof PDFRef) || !(stream instanceof PDFContentStream)) continue;
      context.assign(ref, context.flateStream(stream.getUnencodedContents()));
    }
  }
}

/**
 * Bold, synthesized: the glyphs filled and stroked (text rendering mode 2, PDF 32000-1
 * §9.3.6) with a line as wide as this share of the size, in the text's colour, which
 * every PDF viewer and printer renders. Against Noto Sans JP Bold at 300 dpi, 0.035 em
 * reads as bold in the 9 pt labels and the 19 pt title without closing the counters of
 * dense kanji (療, 書), which 0.045 began to; Latin letters and digits keep the regular
 * advances, so bold Latin sets a little tighter than the real weight did.
 */
export const BOLD_STROKE_EM = 0.035;

interface DrawTextOptions {
  x: number;
  y: number;
  size: number;
  color: Color;
  bold?: boolean;
  rotate?: Rotation;
}

/**
 * Text in the page's font (set by #newPage), at a position rounded to 0.01 pt: pdf-lib
 * writes a coordinate's every digit (769.5699999999999), which only costs bytes.
 */
function drawText(page: PDFPage, text: string, options: DrawTextOptions): void {
  const { bold, ...drawn } = options;
  drawn.x = Math.round(drawn.x * 100) / 100;
  drawn.y = Math.round(drawn.y * 100) / 100;
  if (!bold) {
    page.drawText(text, drawn);
    return;
  }
  // Text state is graphics state (§9.3.1): kept inside this q ... Q, like the stroke.
  page.pushOperators(
    pushGraphicsState(),
    setTextRenderingMode(TextRenderingMode.FillAndOutline),
    setLineWidth(Math.round(drawn.size * BOLD_STROKE_EM * 1000) / 1000),
    setStrokingColor(drawn.color),
  );
  page.drawText(text, drawn);
  page.pushOperators(popGraphicsState());
}

/** What `color` at `opacity` looks like over white, as an opaque colour. */
function onWhite(color: RGB, opacity: number): RGB {
  const mix = (channel: number) => 1 - opacity * (1 - channel);
  return rgb(mix(color.red), mix(color.green), mix(color.blue));
}

function sum(strips: Strip[]): number {
  return strips.reduce((total, strip) => total + strip.height, 0);
}

/** The baseline that centres a line's em box in a strip of `height` starting at `top`. */
function baseline(top: number, height: number, size: number): number {
  return top - (height - size) / 2 - EM_ASCENT * size;
}

/** A picture scaled down (never up) to the width and height given, centred in the width. */
function imageStrip(image: PDFImage, width: number, maxHeight: number): Strip {
  const scale = Math.min(1, width / image.width, maxHeight / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  return {
    height: h,
    draw: (page, x, top) =>
      page.drawImage(image, { x: x + (width - w) / 2, y: top - h, width: w, height: h }),
  };
}
