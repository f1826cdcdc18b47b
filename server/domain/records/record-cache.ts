import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { env } from "../../env";
import { DomainError, msg } from "../../errors";
import { Deadline, failureOf } from "./fhir-fetch";
import { log } from "../../log";

/**
 * The on-disk cache of large shared-record items (images, documents) fetched
 * from the facilities. One upstream fetch per cold item, however many ask for it
 * at once: the fetch writes the body to a temporary file as it arrives and every
 * requester streams from that file as it grows (so a slow browser never holds up
 * the facility, and the body is never held in memory). An item is one file: a
 * small header (its type, size and time of fetching) then the body; the header
 * is written once the body is complete and the file is renamed into place in one
 * step, while a failed or oversized one is deleted, so a partial file is never
 * served. Within the TTL an item is served from disk.
 *
 * One file rather than a body and a metadata file beside it: for a cold CT frame
 * (128 KB) the second file (created, written, closed, renamed), the metadata
 * looked up before and the folder made again were about a dozen round trips
 * through libuv's threadpool, each waking a thread that takes the CPU from the
 * event loop on a busy machine; 300 frames read 6 at a time took 830 ms of wall
 * and 556 ms of CPU that way against 595 ms and 440 ms in one file (Orthanc
 * directly: 407 ms and 191 ms; medians of 15 interleaved rounds, issue 19).
 */

export interface RecordCacheOptions {
  dir: string;
  ttlMs: number;
  /** largest item; counted while streaming, the fetch is abandoned past it */
  maxBytes: number;
  /** time to the response headers, and the longest pause between two chunks */
  timeoutMs: number;
  now?: () => number;
  /**
   * Test seam for forcing interleavings: awaited by a download right after its
   * body was renamed into place (before it is marked done), and by a follower
   * that found no file yet and is about to wait for one.
   */
  onStage?: (stage: CacheStage, key: string) => void | Promise<void>;
}

export type CacheStage = "renamed" | "follower-waiting";

/** How an item is asked for upstream (DICOMweb wants its own Accept) and which type it is served as. */
export interface UpstreamRequest {
  accept?: string;
  contentType?: (upstream: string | null) => string;
}

export interface CachedItem {
  body: ReadableStream<Uint8Array>;
  /** bytes, when known (from disk always; from upstream when it said) */
  size: number | null;
  contentType: string;
  source: "disk" | "upstream";
}

interface Meta {
  contentType: string;
  size: number;
  fetchedAt: number;
  /** where the body starts in the file, after the header */
  bodyOffset: number;
}

/**
 * The header of a cached item's file: "OKRC0001", the time it was fetched and the
 * body's size (float64 LE each), the content type's length (uint16 LE) and the
 * content type (UTF-8, at most MAX_TYPE_BYTES); the body follows. A file that
 * does not start so (a cache of an older version) is a miss, and swept.
 */
const MAGIC = Buffer.from("OKRC0001", "latin1");
const FIXED_HEADER = MAGIC.length + 8 + 8 + 2;
const MAX_TYPE_BYTES = 1024;

function headerOf(contentType: string): { bytes: Buffer; bodyOffset: number } {
  let type = Buffer.from(contentType, "utf8");
  if (type.byteLength > MAX_TYPE_BYTES) type = Buffer.from("application/octet-stream", "utf8");
  const bytes = Buffer.alloc(FIXED_HEADER + type.byteLength);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt16LE(type.byteLength, FIXED_HEADER - 2);
  type.copy(bytes, FIXED_HEADER);
  return { bytes, bodyOffset: bytes.byteLength };
}

/** The header of an item's open file, checked against the file's length; null when it is not a whole item. */
async function readHeader(fh: FileHandle): Promise<Meta | null> {
  const buffer = Buffer.alloc(FIXED_HEADER + MAX_TYPE_BYTES);
  const [{ bytesRead }, info] = await Promise.all([fh.read(buffer, 0, buffer.byteLength, 0), fh.stat()]);
  if (bytesRead < FIXED_HEADER || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const fetchedAt = buffer.readDoubleLE(MAGIC.length);
  const size = buffer.readDoubleLE(MAGIC.length + 8);
  const typeBytes = buffer.readUInt16LE(FIXED_HEADER - 2);
  const bodyOffset = FIXED_HEADER + typeBytes;
  if (typeBytes > MAX_TYPE_BYTES || bytesRead < bodyOffset || !Number.isSafeInteger(size) || size < 0) {
    return null;
  }
  if (info.size !== bodyOffset + size) return null;
  return {
    contentType: buffer.toString("utf8", FIXED_HEADER, bodyOffset),
    size,
    fetchedAt,
    bodyOffset,
  };
}

const READ_CHUNK = 256 * 1024;
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Served from our origin, a facility's file must not become a page of ours: only
 * types a browser shows inertly pass; anything else is a plain download.
 */
const SAFE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "application/dicom",
  "text/plain",
]);
export function safeContentType(value: string | null): string {
  const type = (value ?? "").split(";")[0]!.trim().toLowerCase();
  return SAFE_TYPES.has(type) ? type : "application/octet-stream";
}

class Download {
  written = 0;
  /** in place on disk */
  done = false;
  failed: Error | null = null;
  readonly finished: Promise<void>;
  #settle!: { resolve: () => void; reject: (e: Error) => void };
  #waiters = new Set<() => void>();

  constructor(
    readonly key: string,
    readonly tempPath: string,
    readonly finalPath: string,
    readonly contentType: string,
    readonly size: number | null,
    readonly bodyOffset: number,
  ) {
    this.finished = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.finished.catch(() => undefined);
  }

  /** Resolves at the next write, the end or a failure. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.add(resolve));
  }

  progress(bytes: number) {
    this.written += bytes;
    this.#wake();
  }

  complete() {
    this.done = true;
    this.#wake();
    this.#settle.resolve();
  }

  fail(error: Error) {
    this.failed = error;
    this.#wake();
    this.#settle.reject(error);
  }

  #wake() {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }
}

const tooLarge = (maxBytes: number) =>
  new DomainError(
    "PAYLOAD_TOO_LARGE",
    msg("records.fileLargerThanMB", { round: Math.round(maxBytes / 1024 / 1024) }),
  );
const upstreamFailed = (detail: string) =>
  new DomainError("UPSTREAM_FAILED", msg("records.facilitysSystemDidNotDeliver", { detail }));
const upstreamTimeout = () => new DomainError("UPSTREAM_TIMEOUT", msg("records.facilitysSystemDidNotAnswer"));

export class RecordCache {
  readonly #o: Required<RecordCacheOptions>;
  readonly #inflight = new Map<string, Promise<Download>>();
  #dirMade: Promise<unknown> | null = null;
  #sweptAt = 0;

  constructor(options: RecordCacheOptions) {
    this.#o = { now: () => Date.now(), onStage: () => undefined, ...options };
  }

  get dir() {
    return this.#o.dir;
  }

  /** One cache entry per facility and address (the address alone could repeat across facilities). */
  keyOf(facilityId: string, url: string): string {
    return createHash("sha256").update(`${facilityId}\n${url}`).digest("hex");
  }

  /**
   * The item as a stream: from disk within the TTL, otherwise from the facility
   * (joining a fetch already under way). Refusals before any byte is sent
   * (not found, too large by its declared size, no answer) are DomainErrors;
   * a failure later errors the stream.
   */
  async open(key: string, url: string, request: UpstreamRequest = {}): Promise<CachedItem> {
    this.#maybeSweep();
    // a download under way is joined without looking on disk first
    if (!this.#inflight.has(key)) {
      const hit = await this.#fromDisk(key);
      if (hit) return hit;
    }
    const download = await this.#download(key, url, request);
    return {
      body: follow(download, this.#o.onStage),
      size: download.size,
      contentType: download.contentType,
      source: "upstream",
    };
  }

  /** Makes sure the item is on disk (prefetch); "cached" when it already was. */
  async fill(key: string, url: string, request: UpstreamRequest = {}): Promise<"cached" | "fetched"> {
    if (await this.#freshMeta(key)) return "cached";
    const download = await this.#download(key, url, request);
    await download.finished;
    return "fetched";
  }

  /** Whether a fresh copy is on disk. */
  async has(key: string): Promise<boolean> {
    return (await this.#freshMeta(key)) !== null;
  }

  /** The bytes of the fresh copy on disk, or null when there is none. */
  async sizeOf(key: string): Promise<number | null> {
    return (await this.#freshMeta(key))?.size ?? null;
  }

  /** The fresh copy on disk, never the facility: null when there is none. */
  async openCached(key: string): Promise<CachedItem | null> {
    return this.#fromDisk(key);
  }

  #pathOf(key: string) {
    return path.join(this.#o.dir, `${key}.bin`);
  }

  /** The item's open file and its header, when a whole item within the TTL is on disk. */
  async #openFresh(key: string): Promise<{ fh: FileHandle; meta: Meta } | null> {
    let fh: FileHandle;
    try {
      fh = await open(this.#pathOf(key), "r");
    } catch {
      return null;
    }
    const meta = await readHeader(fh).catch(() => null);
    if (meta && this.#o.now() - meta.fetchedAt < this.#o.ttlMs) return { fh, meta };
    await fh.close().catch(() => undefined);
    return null;
  }

  async #freshMeta(key: string): Promise<Meta | null> {
    const fresh = await this.#openFresh(key);
    if (!fresh) return null;
    await fresh.fh.close().catch(() => undefined);
    return fresh.meta;
  }

  async #fromDisk(key: string): Promise<CachedItem | null> {
    const fresh = await this.#openFresh(key);
    if (!fresh) return null;
    const { fh, meta } = fresh;
    return {
      body: fileStream(fh, meta.bodyOffset, meta.size),
      size: meta.size,
      contentType: meta.contentType,
      source: "disk",
    };
  }

  #download(key: string, url: string, request: UpstreamRequest): Promise<Download> {
    const running = this.#inflight.get(key);
    if (running) return running;
    const started = this.#start(key, url, request);
    this.#inflight.set(key, started);
    const forget = () => {
      if (this.#inflight.get(key) === started) this.#inflight.delete(key);
    };
    void started.then((d) => d.finished.then(forget, forget), forget);
    return started;
  }

  async #start(key: string, url: string, request: UpstreamRequest): Promise<Download> {
    const { dir, maxBytes, timeoutMs } = this.#o;
    await this.#makeDir();
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(new Deadline("headers")), timeoutMs);
    const stall = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Deadline("stalled")), timeoutMs);
    };
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { Accept: request.accept ?? "*/*" },
        redirect: "manual",
        signal: controller.signal,
        cache: "no-store",
      });
    } catch (e) {
      clearTimeout(timer);
      const failure = failureOf(e, controller.signal);
      throw failure.reason === "timeout" ? upstreamTimeout() : upstreamFailed(failure.message);
    }
    const refuse = async (error: DomainError) => {
      clearTimeout(timer);
      await res.body?.cancel().catch(() => undefined);
      return error;
    };
    if (res.status === 404 || res.status === 410) {
      throw await refuse(new DomainError("NOT_FOUND", msg("records.facilityNoLongerFile")));
    }
    if (res.status !== 200 || !res.body) throw await refuse(upstreamFailed(`HTTP ${res.status}`));
    const declaredHeader = res.headers.get("content-length");
    // a compressed answer (a PACS's gzip) declares its compressed size, and fetch hands over the
    // decoded body: its length is only known once read (still capped while it streams)
    const encoded = !["", "identity"].includes(
      (res.headers.get("content-encoding") ?? "").trim().toLowerCase(),
    );
    const declared =
      !encoded && declaredHeader !== null && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : null;
    if (declared !== null && declared > maxBytes) throw await refuse(tooLarge(maxBytes));

    const tempPath = path.join(dir, `${key}.${randomBytes(6).toString("hex")}.part`);
    let fh: FileHandle;
    try {
      fh = await this.#create(tempPath);
    } catch (e) {
      await refuse(upstreamFailed("cache"));
      throw e;
    }
    const contentType = (request.contentType ?? safeContentType)(res.headers.get("content-type"));
    const header = headerOf(contentType);
    const download = new Download(key, tempPath, this.#pathOf(key), contentType, declared, header.bodyOffset);
    void this.#pump(download, fh, header.bytes, res.body, controller, stall).finally(() =>
      clearTimeout(timer),
    );
    return download;
  }

  /** The folder, made once per cache rather than once per item. */
  async #makeDir() {
    const made = (this.#dirMade ??= mkdir(this.#o.dir, { recursive: true }));
    try {
      await made;
    } catch (e) {
      if (this.#dirMade === made) this.#dirMade = null;
      throw e;
    }
  }

  /** A new temporary file; the folder made again if it was removed since (a test, an operator). */
  async #create(tempPath: string): Promise<FileHandle> {
    try {
      return await open(tempPath, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      this.#dirMade = null;
      await this.#makeDir();
      return open(tempPath, "wx");
    }
  }

  /**
   * Upstream to the temporary file after room for its header, one chunk at a
   * time (the disk paces the reads); once the body is whole, the header, then into place.
   */
  async #pump(
    download: Download,
    fh: FileHandle,
    header: Buffer,
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    stall: () => void,
  ) {
    const { maxBytes } = this.#o;
    let writing = true;
    try {
      const reader = body.getReader();
      for (;;) {
        stall();
        const { done, value } = await reader.read();
        if (done) break;
        if (download.written + value.byteLength > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(maxBytes);
        }
        await writeAll(fh, value, download.bodyOffset + download.written);
        download.progress(value.byteLength);
      }
      if (download.size !== null && download.written !== download.size) {
        throw upstreamFailed("truncated");
      }
      header.writeDoubleLE(this.#o.now(), MAGIC.length);
      header.writeDoubleLE(download.written, MAGIC.length + 8);
      await writeAll(fh, header, 0);
      await fh.close();
      writing = false;
      await rename(download.tempPath, download.finalPath);
      await this.#o.onStage("renamed", download.key);
      download.complete();
    } catch (e) {
      const error =
        e instanceof DomainError
          ? e
          : failureOf(e, controller.signal).reason === "timeout"
            ? upstreamTimeout()
            : upstreamFailed("interrupted");
      controller.abort(new Deadline("abandoned"));
      if (writing) await fh.close().catch(() => undefined);
      await rm(download.tempPath, { force: true }).catch(() => undefined);
      download.fail(error);
    }
  }

  #maybeSweep() {
    const now = this.#o.now();
    if (now - this.#sweptAt < SWEEP_EVERY_MS) return;
    this.#sweptAt = now;
    this.sweep().catch((e: unknown) => log.error({ err: e }, "[records] cache sweep failed"));
  }

  /**
   * Deletes expired items, files that are not whole items (or of an older
   * version of the cache), and temporary files left by a process that died
   * mid-fetch (untouched for far longer than a stall).
   */
  async sweep(): Promise<number> {
    const { dir, timeoutMs } = this.#o;
    const now = this.#o.now();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    const remove = async (name: string) => {
      await rm(path.join(dir, name), { force: true });
      removed++;
    };
    for (const name of names) {
      const full = path.join(dir, name);
      const info = await stat(full).catch(() => null);
      if (!info) continue;
      if (name.includes(".part")) {
        if (now - info.mtimeMs > Math.max(10 * 60_000, 10 * timeoutMs)) await remove(name);
      } else if (name.endsWith(".bin")) {
        const key = name.slice(0, -".bin".length);
        if (!(await this.#freshMeta(key)) && now - info.mtimeMs > 60_000) await remove(name);
      } else if (name.endsWith(".json") && now - info.mtimeMs > 60_000) {
        // the metadata beside a body, as an older version of the cache kept it
        await remove(name);
      }
    }
    return removed;
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array, position: number) {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.byteLength - offset, position + offset);
    offset += bytesWritten;
  }
}

/** A complete item's body as a pull stream: a chunk is read only when the consumer asks for one. */
function fileStream(fh: FileHandle, start: number, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await fh.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (offset >= size) {
          await close();
          controller.close();
          return;
        }
        const chunk = new Uint8Array(Math.min(READ_CHUNK, size - offset));
        const { bytesRead } = await fh.read(chunk, 0, chunk.byteLength, start + offset);
        if (bytesRead === 0) {
          await close();
          controller.error(new Error("cached file shorter than recorded"));
          return;
        }
        offset += bytesRead;
        controller.enqueue(chunk.subarray(0, bytesRead));
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/**
 * A file still being written by a download, followed as it grows; errors if the
 * download fails. The follower may come when there is no file at the temporary
 * path (renamed into place but not yet marked done): it waits for the download's
 * next change and looks again, rather than failing a reader of a good download.
 */
function follow(
  download: Download,
  onStage: NonNullable<RecordCacheOptions["onStage"]>,
): ReadableStream<Uint8Array> {
  let fh: FileHandle | undefined;
  let offset = 0;
  const close = async () => {
    const h = fh;
    fh = undefined;
    await h?.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async start() {
        for (;;) {
          try {
            fh = await open(download.tempPath, "r");
            return;
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
          }
          if (download.done) {
            fh = await open(download.finalPath, "r");
            return;
          }
          if (download.failed) throw download.failed;
          // no await between the checks above and registering: a change cannot slip past
          const changed = download.changed();
          await onStage("follower-waiting", download.key);
          await changed;
        }
      },
      async pull(controller) {
        for (;;) {
          if (!fh) return;
          const available = download.written - offset;
          if (available > 0) {
            const chunk = new Uint8Array(Math.min(READ_CHUNK, available));
            const { bytesRead } = await fh.read(chunk, 0, chunk.byteLength, download.bodyOffset + offset);
            if (bytesRead > 0) {
              offset += bytesRead;
              controller.enqueue(chunk.subarray(0, bytesRead));
              return;
            }
          }
          if (download.failed) {
            await close();
            controller.error(download.failed);
            return;
          }
          if (download.done) {
            await close();
            if (offset >= download.written) controller.close();
            else controller.error(new Error("cached file shorter than written"));
            return;
          }
          await download.changed();
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

const KEY = Symbol.for("okinet.recordCache");

/** The process's cache, under DATA_DIR, configured from the environment (one instance for all bundles). */
export function recordCache(): RecordCache {
  const holder = globalThis as { [KEY]?: RecordCache };
  if (!holder[KEY]) {
    const e = env();
    holder[KEY] = new RecordCache({
      dir: path.join(e.DATA_DIR, "record-cache"),
      ttlMs: e.RECORD_CACHE_TTL_MINUTES * 60_000,
      maxBytes: e.RECORD_ITEM_MAX_BYTES,
      timeoutMs: e.RECORD_FETCH_TIMEOUT_MS,
    });
  }
  return holder[KEY];
}
