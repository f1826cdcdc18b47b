import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pdfRenderCounts } from "../../server/documents/pdf/off-thread";
import {
  drawDischargeSummaryPdf,
  renderDischargeSummaryPdf,
} from "../../server/documents/pdf/discharge-summary-pdf";
import {
  drawReferralLetterPdf,
  renderReferralLetterPdf,
} from "../../server/documents/pdf/referral-letter-pdf";
import { sampleDischargeSummary } from "../helpers/discharge-summary-documents";
import { assertNotoSansJpSubsets, pdfRenderer } from "../helpers/pdf";
import { sampleReferralLetter } from "../helpers/referral-documents";

// PDFs are drawn on worker threads (issue 16): the same document as drawn in the
// calling thread, page for page and word for word, with the font embedded.
const render = pdfRenderer();

describe("PDFs drawn off the request's thread", () => {
  it("draws letters and summaries on a worker, side by side, the same as in this thread", async () => {
    const before = pdfRenderCounts();
    const letter = sampleReferralLetter();
    const summary = sampleDischargeSummary();
    // At once: more jobs than threads, so some queue.
    const [offLetter, offSummary, offLetterAgain] = await Promise.all([
      render(renderReferralLetterPdf(letter)),
      render(renderDischargeSummaryPdf(summary)),
      render(renderReferralLetterPdf(letter)),
    ]);
    const after = pdfRenderCounts();
    assert.equal(after.offThread - before.offThread, 3, "all three drawn on a worker thread");
    assert.equal(after.here, before.here, "none drawn in this thread");

    const hereLetter = await render(drawReferralLetterPdf(letter));
    const hereSummary = await render(drawDischargeSummaryPdf(summary));
    assert.equal((await offLetter.info()).Pages, (await hereLetter.info()).Pages);
    assert.equal(await offLetter.text(), await hereLetter.text());
    assert.equal(await offLetterAgain.text(), await hereLetter.text());
    assert.equal(await offSummary.text(), await hereSummary.text());
    assert.ok((await offLetter.text()).includes("診療情報提供書"));
    await assertNotoSansJpSubsets(offLetter);
    await assertNotoSansJpSubsets(offSummary);
  });

  it("passes a renderer's refusal back to the caller", async () => {
    const broken = { ...sampleReferralLetter(), patient: undefined } as unknown as ReturnType<
      typeof sampleReferralLetter
    >;
    const here = await drawReferralLetterPdf(broken).then(
      () => assert.fail("drawn without a patient"),
      (e: Error) => e,
    );
    await assert.rejects(renderReferralLetterPdf(broken), { name: here.name, message: here.message });
  });
});
