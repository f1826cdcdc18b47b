// The raw floor of the PDF benchmarks (issue 16): pdf-lib alone, with the same Noto Sans
// JP file (padded, parsed once per process by fontkit as pdf-lib uses it), drawing the
// same text, rectangles, lines and circles at the same places as one of our renders
// recorded them, with pdf-lib's defaults (fontkit's full layout, pako, the font given to
// every drawText). Bold text is drawn plain: our fill-and-stroke operators around it are
// not replayed. What is left above it is ours: layout, line breaking, measuring.
import fontkit from "@pdf-lib/fontkit";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFPage, PDFRawStream, PDFRef } from "pdf-lib";
import { japaneseFontBytes } from "../server/documents/pdf/japanese-font";
import { quantile, timed } from "./helpers";

type Method = "drawText" | "drawRectangle" | "drawLine" | "drawCircle";
interface Drawn {
  page: number;
  method: Method;
  text?: string;
  options: Record<string, unknown>;
}
interface Recording {
  pageCount: number;
  drawn: Drawn[];
  title: string;
}

const METHODS: Method[] = ["drawText", "drawRectangle", "drawLine", "drawCircle"];

/** Renders once through `render`, noting every drawing call pdf-lib receives. */
export async function recordDrawing(render: () => Promise<Uint8Array>): Promise<Recording> {
  const drawn: Drawn[] = [];
  const prototype = PDFPage.prototype as unknown as Record<Method, unknown>;
  const originals = new Map(METHODS.map((m) => [m, prototype[m]] as const));
  let pdf: PDFDocument | undefined;
  for (const method of METHODS) {
    const original = originals.get(method)! as (this: PDFPage, ...args: unknown[]) => void;
    (PDFPage.prototype as unknown as Record<string, unknown>)[method] = function (
      this: PDFPage,
      ...args: unknown[]
    ) {
      pdf = this.doc;
      const page = this.doc.getPages().indexOf(this);
      if (method === "drawText") {
        const options = { ...(args[1] as Record<string, unknown>) };
        delete options.font;
        drawn.push({ page, method, text: args[0] as string, options });
      } else {
        drawn.push({ page, method, options: { ...(args[0] as Record<string, unknown>) } });
      }
      return original.apply(this, args);
    };
  }
  try {
    await render();
  } finally {
    for (const [method, original] of originals) {
      (PDFPage.prototype as unknown as Record<string, unknown>)[method] = original;
    }
  }
  return { pageCount: pdf?.getPageCount() ?? 0, drawn, title: pdf?.getTitle() ?? "" };
}

const parsedOnce = new Map<Uint8Array, ReturnType<typeof fontkit.create>>();
const fontkitParsingOnce = {
  create(bytes: Uint8Array, postscriptName?: string) {
    let font = parsedOnce.get(bytes);
    if (!font) {
      font = fontkit.create(bytes, postscriptName);
      parsedOnce.set(bytes, font);
    }
    return font;
  },
};

/** The recorded drawing, replayed with pdf-lib alone. */
export async function replayWithPdfLib(recording: Recording): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkitParsingOnce);
  pdf.setTitle(recording.title);
  const font = await pdf.embedFont(await japaneseFontBytes(), { subset: true });
  const pages = Array.from({ length: recording.pageCount }, () => pdf.addPage([595.28, 841.89]));
  for (const { page, method, text, options } of recording.drawn) {
    const target = pages[page]!;
    if (method === "drawText") target.drawText(text!, { ...options, font });
    else (target[method] as (options: Record<string, unknown>) => void)(options);
  }
  return pdf.save();
}

/**
 * Ours (through the worker pool, as the routes render) and the floor (in this thread), interleaved (ours, floor, ours, floor ...) after 5 warm-up of each,
 * so that load on the machine hits both: p50 / p95 / p99 ms and the median size, with ratios.
 */
export async function benchAgainstFloor(
  documents: readonly (readonly [
    name: string,
    render: () => Promise<Uint8Array>,
    drawHere: () => Promise<Uint8Array>,
  ])[],
  runs: number,
): Promise<void> {
  const width = Math.max(...documents.map(([name]) => name.length), 8);
  const column = (s: string, w = 9) => s.padStart(w);
  console.log(
    `  ${"document".padEnd(width)} ${"side".padEnd(6)}${column("p50 ms")}${column("p95 ms")}${column("p99 ms")}${column("bytes", 8)}`,
  );
  for (const [name, ours, drawHere] of documents) {
    // recorded in this thread (`ours` draws on a worker thread, as the server does)
    const recording = await recordDrawing(drawHere);
    const floor = () => replayWithPdfLib(recording);
    for (let i = 0; i < 5; i++) {
      await ours();
      await floor();
    }
    const last: Record<"ours" | "floor", Uint8Array> = { ours: new Uint8Array(), floor: new Uint8Array() };
    const sides = {
      ours: { times: [] as number[], sizes: [] as number[] },
      floor: { times: [] as number[], sizes: [] as number[] },
    };
    for (let i = 0; i < runs; i++) {
      for (const [side, render] of [
        ["ours", ours],
        ["floor", floor],
      ] as const) {
        const [bytes, ms] = await timed(render);
        sides[side].times.push(ms);
        sides[side].sizes.push(bytes.length);
        last[side] = bytes;
      }
    }
    const figures = Object.fromEntries(
      Object.entries(sides).map(([side, { times, sizes }]) => {
        times.sort((a, b) => a - b);
        sizes.sort((a, b) => a - b);
        return [
          side,
          {
            p50: quantile(times, 0.5),
            p95: quantile(times, 0.95),
            p99: quantile(times, 0.99),
            bytes: quantile(sizes, 0.5),
          },
        ];
      }),
    ) as Record<"ours" | "floor", { p50: number; p95: number; p99: number; bytes: number }>;
    for (const side of ["ours", "floor"] as const) {
      const f = figures[side];
      console.log(
        `  ${(side === "ours" ? name : "").padEnd(width)} ${side.padEnd(6)}${column(f.p50.toFixed(1))}${column(f.p95.toFixed(1))}${column(f.p99.toFixed(1))}${column(String(f.bytes), 8)}`,
      );
    }
    const { ours: o, floor: fl } = figures;
    console.log(
      `  ${"".padEnd(width)} ${"ratio".padEnd(6)}${column(`${(o.p50 / fl.p50).toFixed(2)}x`)}${column(`${(o.p95 / fl.p95).toFixed(2)}x`)}${column(`${(o.p99 / fl.p99).toFixed(2)}x`)}${column(`${(o.bytes / fl.bytes).toFixed(2)}x`, 8)}`,
    );
    for (const side of ["ours", "floor"] as const) {
      const parts = await pdfParts(last[side]);
      console.log(
        `  ${"".padEnd(width)} ${side.padEnd(6)} bytes by part: ${Object.entries(parts)
          .map(([part, bytes]) => `${part} ${bytes}`)
          .join(", ")}`,
      );
    }
  }
}

/**
 * Where a PDF's bytes go: its font programs (FontFile, FontFile2, FontFile3 streams),
 * ToUnicode maps and page content streams as stored (deflated), and the rest of the file
 * (dictionaries in object streams, cross-reference stream, images, header and trailer).
 */
export async function pdfParts(
  bytes: Uint8Array,
): Promise<{ fontProgram: number; toUnicode: number; pageContent: number; rest: number }> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const roles = new Map<string, "fontProgram" | "toUnicode" | "pageContent">();
  const refsOf = (value: unknown): PDFRef[] =>
    value instanceof PDFRef ? [value] : value instanceof PDFArray ? value.asArray().flatMap(refsOf) : [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of ["FontFile", "FontFile2", "FontFile3"]) {
      for (const ref of refsOf(object.get(PDFName.of(key)))) roles.set(ref.toString(), "fontProgram");
    }
    for (const ref of refsOf(object.get(PDFName.of("ToUnicode")))) roles.set(ref.toString(), "toUnicode");
    if (object.get(PDFName.of("Type")) === PDFName.of("Page")) {
      for (const ref of refsOf(object.get(PDFName.of("Contents")))) roles.set(ref.toString(), "pageContent");
    }
  }
  const parts = { fontProgram: 0, toUnicode: 0, pageContent: 0, rest: bytes.length };
  for (const [ref, object] of pdf.context.enumerateIndirectObjects()) {
    const role = roles.get(ref.toString());
    if (!role || !(object instanceof PDFRawStream)) continue;
    parts[role] += object.contents.length;
    parts.rest -= object.contents.length;
  }
  return parts;
}
