// Rendering referral letters and replies to PDF (the sample letter: 3 A4 pages with a
// long course of treatment; the reply: 1 page). The first render pays for reading and
// padding the Noto Sans JP file and parsing it, once per process; it is shown
// apart. Then RUNS renders of each after 5 warm-up, interleaved with the raw floor
// (pdf-lib alone drawing the same, bench/pdf-floor.ts): p50 / p95 / p99 ms per document, the
// median size and the ratios, and where the bytes go (font program, ToUnicode, page
// content, rest). Asserts nothing.  Run: npx tsx bench/pdf-referral.ts
import { japaneseFontBytes } from "../server/documents/pdf/japanese-font";
import { drawReferralLetterPdf, renderReferralLetterPdf } from "../server/documents/pdf/referral-letter-pdf";
import { drawReferralReplyPdf, renderReferralReplyPdf } from "../server/documents/pdf/referral-reply-pdf";
import { sampleReferralLetter, sampleReferralReply } from "../tests/helpers/referral-documents";
import { timed } from "./helpers";
import { benchAgainstFloor } from "./pdf-floor";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

const letter = sampleReferralLetter();
const reply = sampleReferralReply();

console.log(
  `referral PDFs: ${RUNS} renders per document and side after 5 warm-up, ours and floor interleaved`,
);
const [, fontMs] = await timed(() => japaneseFontBytes());
console.log(`  first call: read and pad the font ${fontMs.toFixed(0)} ms`);
const [, firstMs] = await timed(() => renderReferralLetterPdf(letter));
console.log(`  first call: first letter (parses the font) ${firstMs.toFixed(0)} ms`);

await benchAgainstFloor(
  [
    ["letter (3 pages)", () => renderReferralLetterPdf(letter), () => drawReferralLetterPdf(letter)],
    ["reply (1 page)", () => renderReferralReplyPdf(reply), () => drawReferralReplyPdf(reply)],
  ],
  RUNS,
);
