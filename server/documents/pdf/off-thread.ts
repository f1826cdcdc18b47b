import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type {
  CareDocumentDocument,
  DischargeSummaryDocument,
  NursingInstructionDocument,
  ReferralLetterDocument,
  ReadingReportDocument,
  ReferralReplyDocument,
} from "../../model/documents";
import type { MeetingMinutesDocument } from "../../model/pathway-meetings";
import type { PathwaySheetDocument } from "../../model/pathway-sheet";
import { resolvePackageFile } from "./japanese-font";

/**
 * PDFs are drawn on worker threads, so that a document (tens of milliseconds of layout,
 * font subsetting and compression, about half a second for the first one, which reads
 * and parses the font) never holds up the other requests and socket events of the
 * process. A small pool: at most one thread per core but one (two on bigger machines),
 * started on the first PDF and stopped after some idle minutes; jobs queue for a free
 * thread. Each thread keeps its own parsed font and glyph caches.
 *
 * The worker (pdf-worker.ts) is TypeScript, loaded by Node from the source tree through
 * the tsx loader the server runs under (`tsx server/index.ts`, in development and in
 * production; the test runner's `--import tsx` likewise): workers inherit the process's
 * loader flags. Where a worker cannot start (no such file, no loader), documents are drawn
 * in the calling thread as before, with one warning in the log.
 */

export interface PdfJobs {
  referralLetter: ReferralLetterDocument;
  referralReply: ReferralReplyDocument;
  dischargeSummary: DischargeSummaryDocument;
  meetingMinutes: MeetingMinutesDocument;
  pathwaySheet: PathwaySheetDocument;
  nursingInstruction: NursingInstructionDocument;
  readingReport: ReadingReportDocument;
  careDocument: CareDocumentDocument;
}
export type PdfKind = keyof PdfJobs;

export interface PdfJob {
  id: number;
  kind: PdfKind;
  doc: unknown;
}
export type PdfResult =
  | { id: number; bytes: Uint8Array }
  | { id: number; error: { name: string; message: string; stack?: string } };

const THREADS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
const IDLE_MS = 5 * 60_000;

interface Thread {
  worker: Worker;
  busy: boolean;
}
interface Waiting {
  job: PdfJob;
  /** the same document drawn in this thread */
  here: () => Promise<Uint8Array>;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

const threads: Thread[] = [];
const queue: Waiting[] = [];
const running = new Map<number, { thread: Thread; waiting: Waiting }>();
let nextId = 1;
let idleTimer: NodeJS.Timeout | undefined;
/** Set when a worker could not start: documents are then drawn here. */
let unavailable: Error | undefined;
const counts = { offThread: 0, here: 0 };

/** How many documents were drawn on a worker thread and how many in the calling thread (tests, operators). */
export function pdfRenderCounts(): { offThread: number; here: number } {
  return { ...counts };
}

/**
 * The worker file: next to this module in the source tree (tsx), or under the project
 * root, where Next's server build runs (its bundle's import.meta.url is the source file's
 * URL at build time; a build moved elsewhere resolves from its working directory).
 */
function workerFile(): string | undefined {
  const candidates: string[] = [];
  try {
    // path.join, not `new URL("./…", import.meta.url)`: bundlers take that for an asset to copy
    candidates.push(path.join(path.dirname(fileURLToPath(import.meta.url)), "pdf-worker.ts"));
  } catch {
    // not a file: URL in this bundle
  }
  candidates.push(path.join(process.cwd(), "server", "documents", "pdf", "pdf-worker.ts"));
  return candidates.find((file) => existsSync(/* turbopackIgnore: true */ file));
}

/** tsx's ESM API (its `import` export: require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const manifest = resolvePackageFile("tsx/package.json", [
    import.meta.url,
    pathToFileURL(path.join(process.cwd(), "package.json")).href,
  ]);
  const { exports } = JSON.parse(readFileSync(/* turbopackIgnore: true */ manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return path.join(path.dirname(manifest), exports["./esm/api"]!.import.default);
}

/**
 * Draws `doc` as a PDF of `kind` on a worker thread; `here` draws it in this thread,
 * where workers cannot run.
 */
export function renderOffThread<K extends PdfKind>(
  kind: K,
  doc: PdfJobs[K],
  here: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  if (unavailable) {
    counts.here += 1;
    return here();
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    queue.push({ job: { id: nextId++, kind, doc }, here, resolve, reject });
    dispatch();
  });
}

function dispatch(): void {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  while (queue.length > 0) {
    let thread = threads.find((t) => !t.busy);
    if (!thread && threads.length < THREADS) thread = startThread();
    if (!thread) return;
    if (unavailable) {
      // no worker could start: everything waiting is drawn here
      for (const waiting of queue.splice(0)) drawInstead(waiting);
      return;
    }
    const waiting = queue.shift()!;
    thread.busy = true;
    // A thread holds the process open while it draws, not while it waits for work.
    thread.worker.ref();
    running.set(waiting.job.id, { thread, waiting });
    thread.worker.postMessage(waiting.job);
  }
  if (running.size === 0 && threads.length > 0) {
    idleTimer = setTimeout(stopAll, IDLE_MS);
    idleTimer.unref();
  }
}

function drawInstead(waiting: Waiting): void {
  counts.here += 1;
  waiting.here().then(waiting.resolve, waiting.reject);
}

function startThread(): Thread | undefined {
  const file = workerFile();
  if (!file) {
    giveUp(new Error("pdf-worker.ts not found next to the renderers or under the working directory"));
    return undefined;
  }
  let worker: Worker;
  try {
    // The worker registers tsx's loader for its own thread, then loads the TypeScript
    // worker. (Loader hooks of the parent do not reach a worker thread on every Node
    // version.) Resolved here, at run time, out of the bundler's sight.
    const tsx = pathToFileURL(tsxEsmApi()).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
    worker = new Worker(bootstrap, { eval: true, execArgv: [] });
  } catch (e) {
    giveUp(e instanceof Error ? e : new Error(String(e)));
    return undefined;
  }
  const thread: Thread = { worker, busy: false };
  let served = false;
  worker.on("message", (result: PdfResult) => {
    served = true;
    const entry = running.get(result.id);
    if (!entry) return;
    running.delete(result.id);
    thread.busy = false;
    thread.worker.unref();
    counts.offThread += 1;
    if ("bytes" in result) entry.waiting.resolve(result.bytes);
    else entry.waiting.reject(Object.assign(new Error(result.error.message), result.error));
    dispatch();
  });
  const lost = (error: Error) => {
    const index = threads.indexOf(thread);
    if (index < 0) return;
    threads.splice(index, 1);
    // A worker that never answered could not load (no loader for .ts, a missing module):
    // draw here from now on. One that served before died with its job: that job fails,
    // the next job starts a new thread.
    if (!served) giveUp(error);
    for (const [id, entry] of running) {
      if (entry.thread !== thread) continue;
      running.delete(id);
      if (served) entry.waiting.reject(error);
      else drawInstead(entry.waiting);
    }
    dispatch();
  };
  worker.on("error", lost);
  worker.on("exit", (code) => lost(new Error(`PDF worker stopped (exit code ${code})`)));
  // An idle pool does not keep the process alive (after the listeners: they ref it).
  worker.unref();
  threads.push(thread);
  return thread;
}

function giveUp(error: Error): void {
  if (unavailable) return;
  unavailable = error;
  // Loaded lazily: the logger is not needed where workers run (and not in the worker).
  void import("../../log").then(({ log }) =>
    log.warn({ err: error }, "[pdf] worker threads unavailable: PDFs are drawn in the request's thread"),
  );
}

function stopAll(): void {
  idleTimer = undefined;
  if (running.size > 0 || queue.length > 0) return;
  for (const thread of threads.splice(0)) void thread.worker.terminate();
}
