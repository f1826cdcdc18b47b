import { createHash, randomBytes } from "node:crypto";
import { statSync } from "node:fs";
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
 * the facility, and a large body is never held in memory). A small item (up to
 * packItemMaxBytes) is held in memory instead, read from there by its
 * requesters, and appended whole to a pack (see PACK_ITEM_MAX_BYTES); one that
 * turns out larger moves to a file. An item in a file of its own is: a
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
  /**
   * items up to this size are kept in a pack (many items in one file) rather
   * than a file each; 0: every item in its own file. Default PACK_ITEM_MAX_BYTES.
   */
  packItemMaxBytes?: number;
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
 * Small items (a CT frame is 128 KB) are appended to a pack rather than given a
 * file each: creating a file cost about 0.7 ms of kernel CPU per item here (ext4;
 * rewriting or appending to an existing file costs almost nothing), twice what
 * fetching the frame from the PACS costs the process. A pack is written by one
 * process, append only, for at most a quarter of the TTL or PACK_MAX_BYTES, and
 * deleted whole once its last item has expired. Each item in it is a record:
 * "OKRP0001", the time it was fetched and the body's size (float64 LE each), the
 * key (32 bytes, the sha256 of keyOf), the content type's length (uint16 LE) and
 * the content type, then the body. The process keeps the index in memory and
 * reads every pack's headers again when it starts; a record cut short (a crash
 * mid-write) ends its pack's reading, and what the index does not hold is a miss
 * (so is an item another process sharing the folder packed after this one
 * started: fetched again, never wrong).
 */
export const PACK_ITEM_MAX_BYTES = 1024 * 1024;
const PACK_MAX_BYTES = 64 * 1024 * 1024;
const PACK_IDLE_MS = 2000;
const PACK_MAGIC = Buffer.from("OKRP0001", "latin1");
const PACK_FIXED = PACK_MAGIC.length + 8 + 8 + 32 + 2;
const PACKABLE_KEY = /^[0-9a-f]{64}$/;

interface PackRecord {
  key: string;
  fetchedAt: number;
  size: number;
  contentType: string;
  /** header bytes before the body */
  headerBytes: number;
}

function packHeaderOf(key: string, contentType: string, fetchedAt: number, size: number): Buffer {
  let type = Buffer.from(contentType, "utf8");
  if (type.byteLength > MAX_TYPE_BYTES) type = Buffer.from("application/octet-stream", "utf8");
  const bytes = Buffer.alloc(PACK_FIXED + type.byteLength);
  PACK_MAGIC.copy(bytes, 0);
  bytes.writeDoubleLE(fetchedAt, PACK_MAGIC.length);
  bytes.writeDoubleLE(size, PACK_MAGIC.length + 8);
  Buffer.from(key, "hex").copy(bytes, PACK_MAGIC.length + 16);
  bytes.writeUInt16LE(type.byteLength, PACK_FIXED - 2);
  type.copy(bytes, PACK_FIXED);
  return bytes;
}

/** A pack record's header at the start of `bytes`; null when it is not one. */
function readPackHeader(bytes: Buffer): PackRecord | null {
  if (bytes.byteLength < PACK_FIXED || !bytes.subarray(0, PACK_MAGIC.length).equals(PACK_MAGIC)) return null;
  const fetchedAt = bytes.readDoubleLE(PACK_MAGIC.length);
  const size = bytes.readDoubleLE(PACK_MAGIC.length + 8);
  const typeBytes = bytes.readUInt16LE(PACK_FIXED - 2);
  const headerBytes = PACK_FIXED + typeBytes;
  if (typeBytes > MAX_TYPE_BYTES || bytes.byteLength < headerBytes) return null;
  if (!Number.isSafeInteger(size) || size < 0 || !Number.isFinite(fetchedAt)) return null;
  return {
    key: bytes.toString("hex", PACK_MAGIC.length + 16, PACK_MAGIC.length + 48),
    fetchedAt,
    size,
    contentType: bytes.toString("utf8", PACK_FIXED, headerBytes),
    headerBytes,
  };
}

/** Where an item lies in a pack. */
interface PackEntry {
  file: string;
  /** the record's start in the pack, and its length (header and body) */
  offset: number;
  length: number;
  headerBytes: number;
  size: number;
  contentType: string;
  fetchedAt: number;
}

/** The pack this process appends to now. */
interface ActivePack {
  file: string;
  fh: Promise<FileHandle>;
  /** where the next record goes (taken before its write, so writes never overlap) */
  end: number;
  openedAt: number;
  writing: number;
  retired: boolean;
  /** retires the pack once nothing was appended for PACK_IDLE_MS, so no file stays open idle */
  idle: NodeJS.Timeout;
  /** records waiting for the write under way to end */
  queue: { buffers: Uint8Array[]; resolve: () => void; reject: (e: unknown) => void }[];
  flushing: boolean;
  /** the end of what is written */
  flushedTo: number;
}

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
  /** bytes followers may read: from memory up to memoryBytes, from the file beyond */
  written = 0;
  /** the body's first bytes as they arrived, kept while it may go into a pack */
  readonly chunks: Uint8Array[] = [];
  memoryBytes = 0;
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

  /** A chunk kept in memory, readable by followers at once (before any file exists). */
  remember(chunk: Uint8Array) {
    this.chunks.push(chunk);
    this.memoryBytes += chunk.byteLength;
    this.progress(chunk.byteLength);
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
  readonly #packed = new Map<string, PackEntry>();
  #packsRead: Promise<void> | null = null;
  #pack: ActivePack | null = null;
  #dirMade: Promise<unknown> | null = null;
  #sweptAt = 0;

  constructor(options: RecordCacheOptions) {
    this.#o = {
      now: () => Date.now(),
      onStage: () => undefined,
      packItemMaxBytes: PACK_ITEM_MAX_BYTES,
      ...options,
    };
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
    await this.#readPacks();
    // a download under way is joined without looking on disk first
    if (!this.#inflight.has(key)) {
      const hit = (await this.#fromPack(key)) ?? (await this.#fromDisk(key));
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
    await this.#readPacks();
    return (await this.#fromPack(key)) ?? (await this.#fromDisk(key));
  }

  #pathOf(key: string) {
    return path.join(this.#o.dir, `${key}.bin`);
  }

  /** The item's open file and its header, when a whole item within the TTL is on disk. */
  async #openFresh(key: string): Promise<{ fh: FileHandle; meta: Meta } | null> {
    const file = this.#pathOf(key);
    // most lookups of a cold item find nothing: asked of the directory cache at once, rather
    // than a failed open through the threadpool and the Error it throws (0.1 ms of CPU each)
    if (!statSync(file, { throwIfNoEntry: false })) return null;
    let fh: FileHandle;
    try {
      fh = await open(file, "r");
    } catch {
      return null;
    }
    const meta = await readHeader(fh).catch(() => null);
    if (meta && this.#o.now() - meta.fetchedAt < this.#o.ttlMs) return { fh, meta };
    await fh.close().catch(() => undefined);
    return null;
  }

  /** A fresh copy's size, in a pack or in its own file. */
  async #freshMeta(key: string): Promise<{ size: number } | null> {
    await this.#readPacks();
    return this.#freshPacked(key) ?? (await this.#freshFileMeta(key));
  }

  async #freshFileMeta(key: string): Promise<Meta | null> {
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

  /** The packs on disk read once per process: their records' headers into the index. */
  #readPacks(): Promise<void> {
    return (this.#packsRead ??= this.#indexPacks().catch((e: unknown) => {
      log.error({ err: e }, "[records] reading the cache's packs failed");
    }));
  }

  async #indexPacks() {
    let names: string[];
    try {
      names = await readdir(this.#o.dir);
    } catch {
      return;
    }
    const now = this.#o.now();
    const head = Buffer.alloc(PACK_FIXED + MAX_TYPE_BYTES);
    // oldest first (names start with their creation time): a later copy of an item wins
    for (const name of names.filter((n) => n.endsWith(".pack")).sort()) {
      const file = path.join(this.#o.dir, name);
      let fh: FileHandle;
      try {
        fh = await open(file, "r");
      } catch {
        continue;
      }
      try {
        const { size: fileSize } = await fh.stat();
        for (let offset = 0; offset + PACK_FIXED <= fileSize;) {
          const { bytesRead } = await fh.read(head, 0, head.byteLength, offset);
          const record = readPackHeader(head.subarray(0, bytesRead));
          const length = record ? record.headerBytes + record.size : 0;
          if (!record || offset + length > fileSize) break;
          if (now - record.fetchedAt < this.#o.ttlMs) {
            this.#packed.set(record.key, { file, offset, length, ...record });
          }
          offset += length;
        }
      } catch {
        // an unreadable pack: what it holds is fetched again
      } finally {
        await fh.close().catch(() => undefined);
      }
    }
  }

  #freshPacked(key: string): PackEntry | null {
    const entry = this.#packed.get(key);
    if (!entry) return null;
    if (this.#o.now() - entry.fetchedAt < this.#o.ttlMs) return entry;
    this.#packed.delete(key);
    return null;
  }

  /** A packed item, read whole (it is small) and checked against its record's header. */
  async #fromPack(key: string): Promise<CachedItem | null> {
    const entry = this.#freshPacked(key);
    if (!entry) return null;
    const record = Buffer.allocUnsafe(entry.length);
    let fh: FileHandle | undefined;
    let whole = false;
    try {
      fh = await open(entry.file, "r");
      const { bytesRead } = await fh.read(record, 0, entry.length, entry.offset);
      const header = bytesRead === entry.length ? readPackHeader(record) : null;
      whole =
        header !== null &&
        header.key === key &&
        header.size === entry.size &&
        header.fetchedAt === entry.fetchedAt;
    } catch {
      // gone (swept, the folder removed): a miss
    } finally {
      await fh?.close().catch(() => undefined);
    }
    if (!whole) {
      if (this.#packed.get(key) === entry) this.#packed.delete(key);
      // the pack being appended to is gone or damaged: the next item starts a new one
      if (this.#pack?.file === entry.file) this.#retire(this.#pack);
      return null;
    }
    const body = record.subarray(entry.headerBytes);
    return {
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          if (body.byteLength > 0) controller.enqueue(body);
          controller.close();
        },
      }),
      size: entry.size,
      contentType: entry.contentType,
      source: "disk",
    };
  }

  /** The whole body, held in memory, appended to this process's pack; then in the index. */
  async #appendToPack(download: Download) {
    const fetchedAt = this.#o.now();
    const header = packHeaderOf(download.key, download.contentType, fetchedAt, download.written);
    const length = header.byteLength + download.written;
    const pack = this.#packFor(length);
    const offset = pack.end;
    pack.end += length;
    pack.writing++;
    try {
      await this.#write(pack, [header, ...download.chunks]);
    } catch (e) {
      this.#retire(pack);
      throw e;
    } finally {
      pack.writing--;
      if (pack.retired && pack.writing === 0) void pack.fh.then((fh) => fh.close()).catch(() => undefined);
    }
    this.#packed.set(download.key, {
      file: pack.file,
      offset,
      length,
      headerBytes: header.byteLength,
      size: download.written,
      contentType: download.contentType,
      fetchedAt,
    });
  }

  /**
   * A record to the pack's end. Records reserved while a write is under way go
   * out together in the next one (one writev, one trip through the threadpool);
   * they were reserved in the order they are queued, so they lie end to end.
   */
  #write(pack: ActivePack, buffers: Uint8Array[]): Promise<void> {
    return new Promise((resolve, reject) => {
      pack.queue.push({ buffers, resolve, reject });
      if (!pack.flushing) void this.#flush(pack);
    });
  }

  async #flush(pack: ActivePack) {
    pack.flushing = true;
    while (pack.queue.length > 0) {
      const batch = pack.queue.splice(0);
      const buffers = batch.flatMap((w) => w.buffers);
      const bytes = buffers.reduce((sum, b) => sum + b.byteLength, 0);
      try {
        await writevAll(await pack.fh, buffers, pack.flushedTo);
        pack.flushedTo += bytes;
        for (const w of batch) w.resolve();
      } catch (e) {
        // the records after these would leave a gap: none is written to this pack any more
        for (const w of [...batch, ...pack.queue.splice(0)]) w.reject(e);
      }
    }
    pack.flushing = false;
  }

  /** The pack to append to: a new one when there is none, it is full, or a quarter of the TTL old. */
  #packFor(length: number): ActivePack {
    const now = this.#o.now();
    const current = this.#pack;
    if (
      current &&
      ((current.end > 0 && current.end + length > PACK_MAX_BYTES) ||
        now - current.openedAt >= this.#o.ttlMs / 4)
    ) {
      this.#retire(current);
    }
    if (this.#pack) {
      this.#pack.idle.refresh();
      return this.#pack;
    }
    const name = `${String(Date.now()).padStart(15, "0")}-${randomBytes(6).toString("hex")}.pack`;
    const file = path.join(this.#o.dir, name);
    const fh = this.#create(file);
    fh.catch(() => undefined);
    const pack: ActivePack = {
      file,
      fh,
      end: 0,
      openedAt: now,
      writing: 0,
      retired: false,
      queue: [],
      flushing: false,
      flushedTo: 0,
      idle: setTimeout(() => this.#retire(pack), PACK_IDLE_MS).unref(),
    };
    this.#pack = pack;
    return pack;
  }

  /** No more appends to this pack; its file closed once its writes are done. */
  #retire(pack: ActivePack) {
    if (pack.retired) return;
    pack.retired = true;
    clearTimeout(pack.idle);
    if (this.#pack === pack) this.#pack = null;
    if (pack.writing === 0) void pack.fh.then((fh) => fh.close()).catch(() => undefined);
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
    // a body that may go into a pack is kept in memory until it is whole (or too large for one)
    const packLimit = PACKABLE_KEY.test(key) ? this.#o.packItemMaxBytes : 0;
    const mayPack = packLimit > 0 && (declared ?? 0) <= packLimit;
    let fh: FileHandle | null = null;
    if (!mayPack) {
      try {
        fh = await this.#create(tempPath);
      } catch (e) {
        await refuse(upstreamFailed("cache"));
        throw e;
      }
    }
    const contentType = (request.contentType ?? safeContentType)(res.headers.get("content-type"));
    const header = headerOf(contentType);
    const download = new Download(key, tempPath, this.#pathOf(key), contentType, declared, header.bodyOffset);
    void this.#pump(download, fh, mayPack ? packLimit : 0, header.bytes, res.body, controller, stall).finally(
      () => clearTimeout(timer),
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
   * Upstream into memory while the body may still go into a pack (packLimit
   * bytes; 0: never), otherwise to the temporary file after room for its header,
   * one chunk at a time (the disk paces the reads). A body that outgrows the pack
   * limit moves to the file. Once the body is whole: into a pack, or the file's
   * header, then the file into place.
   */
  async #pump(
    download: Download,
    opened: FileHandle | null,
    packLimit: number,
    header: Buffer,
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    stall: () => void,
  ) {
    const { maxBytes } = this.#o;
    let fh = opened;
    let writing = fh !== null;
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
        if (!fh) {
          if (download.written + value.byteLength <= packLimit) {
            download.remember(value);
            continue;
          }
          // too large for a pack: the file from here on, with what came so far
          fh = await this.#create(download.tempPath);
          writing = true;
          await writeAll(fh, Buffer.concat(download.chunks), download.bodyOffset);
        }
        await writeAll(fh, value, download.bodyOffset + download.written);
        download.progress(value.byteLength);
      }
      if (download.size !== null && download.written !== download.size) {
        throw upstreamFailed("truncated");
      }
      if (!fh) {
        await this.#appendToPack(download);
        download.complete();
        return;
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
      if (writing) await fh?.close().catch(() => undefined);
      if (fh) await rm(download.tempPath, { force: true }).catch(() => undefined);
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
    const { dir, timeoutMs, ttlMs } = this.#o;
    await this.#readPacks();
    const now = this.#o.now();
    for (const key of [...this.#packed.keys()]) this.#freshPacked(key);
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
        if (!(await this.#freshFileMeta(key)) && now - info.mtimeMs > 60_000) await remove(name);
      } else if (name.endsWith(".pack")) {
        // last written more than a TTL ago: every item in it has expired
        if (this.#pack?.file !== full && now - info.mtimeMs > ttlMs) {
          await remove(name);
          for (const [key, entry] of this.#packed) if (entry.file === full) this.#packed.delete(key);
        }
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

async function writevAll(fh: FileHandle, buffers: Uint8Array[], position: number) {
  const { bytesWritten } = await fh.writev(buffers, position);
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  if (bytesWritten < total) {
    await writeAll(fh, Buffer.concat(buffers).subarray(bytesWritten), position + bytesWritten);
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
 * A download followed as it grows: its first bytes from memory (all of a body
 * that may go into a pack), the rest from the file it is written to; errors if
 * the download fails. The file is opened when the first byte beyond memory is
 * wanted. The follower may come when there is no file at the temporary path
 * (renamed into place but not yet marked done): it waits for the download's next
 * change and looks again, rather than failing a reader of a good download.
 */
function follow(
  download: Download,
  onStage: NonNullable<RecordCacheOptions["onStage"]>,
): ReadableStream<Uint8Array> {
  let fh: FileHandle | undefined;
  let closed = false;
  let offset = 0;
  /** the next chunk in memory and where it starts in the body */
  let chunkIndex = 0;
  let chunkStart = 0;
  const close = async () => {
    closed = true;
    const h = fh;
    fh = undefined;
    await h?.close().catch(() => undefined);
  };
  const openFile = async (): Promise<FileHandle> => {
    for (;;) {
      try {
        return await open(download.tempPath, "r");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      if (download.done) return open(download.finalPath, "r");
      if (download.failed) throw download.failed;
      // no await between the checks above and registering: a change cannot slip past
      const changed = download.changed();
      await onStage("follower-waiting", download.key);
      await changed;
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (closed) return;
          const available = download.written - offset;
          if (available > 0 && offset < download.memoryBytes) {
            const chunk = download.chunks[chunkIndex]!;
            const part = offset === chunkStart ? chunk : chunk.subarray(offset - chunkStart);
            chunkIndex++;
            chunkStart += chunk.byteLength;
            offset = chunkStart;
            controller.enqueue(part);
            return;
          }
          if (available > 0) {
            if (!fh) {
              const opened = await openFile();
              if (closed) {
                await opened.close().catch(() => undefined);
                return;
              }
              fh = opened;
            }
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
