// Rendering discharge summaries to PDF (the sample stroke admission: 3 A4 pages with a
// long hospital course; its amended version 2; a minimal one-page stay) and building
// the FHIR document of the sample. The first render pays for reading, padding and
// parsing the Noto Sans JP file, once per process; it is shown apart. Then RUNS
// of each after 5 warm-up, the PDFs interleaved with the raw floor (pdf-lib alone
// drawing the same, bench/pdf-floor.ts): p50 / p95 / p99 ms per document, the median size and
// the ratios, and where the bytes go (font program, ToUnicode, page content, rest).
// Asserts nothing.  Run: npx tsx bench/pdf-discharge-summary.ts
import { dischargeSummaryBundle } from "../server/documents/fhir/discharge-summary-bundle";
import {
  drawDischargeSummaryPdf,
  renderDischargeSummaryPdf,
} from "../server/documents/pdf/discharge-summary-pdf";
import {
  sampleAmendedDischargeSummary,
  sampleDischargeSummary,
  sampleMinimalDischargeSummary,
} from "../tests/helpers/discharge-summary-documents";
import { benchDocuments, timed } from "./helpers";
import { benchAgainstFloor } from "./pdf-floor";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

const summary = sampleDischargeSummary();
const amended = sampleAmendedDischargeSummary();
const minimal = sampleMinimalDischargeSummary();

console.log(`discharge summaries: ${RUNS} runs per document after 5 warm-up`);
const [, firstMs] = await timed(() => renderDischargeSummaryPdf(summary));
console.log(`  first call: first summary (reads, pads and parses the font) ${firstMs.toFixed(0)} ms`);

await benchAgainstFloor(
  [
    [
      "PDF summary (3 pages)",
      () => renderDischargeSummaryPdf(summary),
      () => drawDischargeSummaryPdf(summary),
    ],
    [
      "PDF version 2 (3 pages)",
      () => renderDischargeSummaryPdf(amended),
      () => drawDischargeSummaryPdf(amended),
    ],
    [
      "PDF minimal (1 page)",
      () => renderDischargeSummaryPdf(minimal),
      () => drawDischargeSummaryPdf(minimal),
    ],
  ],
  RUNS,
);
await benchDocuments(
  [["FHIR Bundle (JSON)", () => new TextEncoder().encode(JSON.stringify(dischargeSummaryBundle(summary)))]],
  RUNS,
);
