import { parentPort } from "node:worker_threads";
import { drawCareDocumentPdf } from "./care-document-pdf";
import { drawDischargeSummaryPdf } from "./discharge-summary-pdf";
import { drawMeetingMinutesPdf } from "./meeting-minutes-pdf";
import { drawNursingInstructionPdf } from "./nursing-instruction-pdf";
import type { PdfJob, PdfJobs, PdfKind, PdfResult } from "./off-thread";
import { drawPathwaySheetPdf } from "./pathway-sheet-pdf";
import { drawReadingReportPdf } from "./reading-report-pdf";
import { drawReferralLetterPdf } from "./referral-letter-pdf";
import { drawReferralReplyPdf } from "./referral-reply-pdf";

/** A PDF worker thread (off-thread.ts): draws the documents it is sent, one at a time, and sends the bytes back. */

const draw: { [K in PdfKind]: (doc: PdfJobs[K]) => Promise<Uint8Array> } = {
  referralLetter: drawReferralLetterPdf,
  referralReply: drawReferralReplyPdf,
  dischargeSummary: drawDischargeSummaryPdf,
  meetingMinutes: drawMeetingMinutesPdf,
  pathwaySheet: drawPathwaySheetPdf,
  nursingInstruction: drawNursingInstructionPdf,
  readingReport: drawReadingReportPdf,
  careDocument: drawCareDocumentPdf,
};

const port = parentPort;
if (!port) throw new Error("pdf-worker.ts runs as a worker thread (off-thread.ts starts it)");
port.on("message", (job: PdfJob) => {
  (draw[job.kind] as (doc: unknown) => Promise<Uint8Array>)(job.doc).then(
    (bytes) => {
      const result: PdfResult = { id: job.id, bytes };
      port.postMessage(result, [bytes.buffer as ArrayBuffer]);
    },
    (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      const result: PdfResult = {
        id: job.id,
        error: { name: error.name, message: error.message, stack: error.stack },
      };
      port.postMessage(result);
    },
  );
});
