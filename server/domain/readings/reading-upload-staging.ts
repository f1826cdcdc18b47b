import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { env } from "../../env";
import { DomainError, msg } from "../../errors";

/**
 * Where an uploaded disc waits between its upload, its check and its
 * confirmation: one folder per upload (its owner, patient and deadline in
 * `upload.json`, the files numbered in `files/`, their names beside them).
 * The total is bounded by the declared size, each file's Content-Length and
 * the bytes counted while they stream; an upload past its deadline is removed
 * the next time any upload is started or opened. Nothing is held in memory.
 */
export interface UploadManifest {
  uploadId: string;
  practitionerId: string;
  patientId: string;
  declaredBytes: number;
  fileCount: number;
  expiresAt: string;
}

export interface StagedFile {
  index: number;
  name: string;
  path: string;
  bytes: number;
}

export interface StagingSettings {
  dir: string;
  maxBytes: number;
  ttlMs: number;
}

export function stagingSettings(): StagingSettings {
  const e = env();
  return {
    dir: e.READING_UPLOAD_DIR ?? path.join(e.DATA_DIR, "reading-uploads"),
    maxBytes: e.READING_UPLOAD_MAX_BYTES,
    ttlMs: e.READING_UPLOAD_TTL_MINUTES * 60_000,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const tooLarge = (max: number) =>
  new DomainError("PAYLOAD_TOO_LARGE", msg("readings.discTooLarge", { max: Math.floor(max / 1024 / 1024) }));

export class UploadStaging {
  /**
   * Bytes promised to the files still streaming in this process, per upload and file index (so
   * parallel files cannot pass the limit together). A streaming file's `.part` counts by its
   * promise alone: counted by its size on disk too, a file half-written when the next one
   * arrived was counted twice, and a disc of exactly its declared size was refused.
   */
  readonly #inFlight = new Map<string, Map<number, number>>();

  constructor(readonly settings: StagingSettings) {}

  #folder(uploadId: string) {
    if (!UUID.test(uploadId)) throw new DomainError("NOT_FOUND", msg("readings.uploadNotFound"));
    return path.join(this.settings.dir, uploadId);
  }

  /** Refuses a declared total past the limit before a byte is sent. */
  async create(
    owner: { practitionerId: string; patientId: string },
    declaredBytes: number,
    fileCount: number,
  ) {
    if (declaredBytes > this.settings.maxBytes) throw tooLarge(this.settings.maxBytes);
    await this.sweep();
    const uploadId = randomUUID();
    const folder = this.#folder(uploadId);
    await mkdir(path.join(folder, "files"), { recursive: true });
    const manifest: UploadManifest = {
      uploadId,
      ...owner,
      declaredBytes,
      fileCount,
      expiresAt: new Date(Date.now() + this.settings.ttlMs).toISOString(),
    };
    await writeFile(path.join(folder, "upload.json"), JSON.stringify(manifest));
    return manifest;
  }

  /** The upload if it exists, is the practitioner's own and has not expired (an expired one is removed). */
  async open(uploadId: string, practitionerId: string): Promise<UploadManifest> {
    const folder = this.#folder(uploadId);
    let manifest: UploadManifest;
    try {
      manifest = JSON.parse(await readFile(path.join(folder, "upload.json"), "utf8")) as UploadManifest;
    } catch {
      throw new DomainError("NOT_FOUND", msg("readings.uploadNotFound"));
    }
    if (Date.parse(manifest.expiresAt) <= Date.now()) {
      await this.remove(uploadId);
      throw new DomainError("NOT_FOUND", msg("readings.uploadNotFound"));
    }
    if (manifest.practitionerId !== practitionerId) {
      throw new DomainError("NOT_FOUND", msg("readings.uploadNotFound"));
    }
    return manifest;
  }

  /**
   * Streams one file into the upload: refused by its Content-Length when it would
   * pass the declared total or the limit, and cut off (the whole upload removed)
   * when it sends more than it declared.
   */
  async addFile(
    manifest: UploadManifest,
    file: { index: number; name: string; contentLength: number },
    body: ReadableStream<Uint8Array>,
  ): Promise<StagedFile> {
    const folder = this.#folder(manifest.uploadId);
    if (!Number.isInteger(file.index) || file.index < 0 || file.index >= manifest.fileCount) {
      throw new DomainError("VALIDATION", msg("readings.invalidUploadFile"));
    }
    let streaming = this.#inFlight.get(manifest.uploadId);
    if (streaming?.has(file.index)) throw new DomainError("VALIDATION", msg("readings.invalidUploadFile"));
    if (!streaming) this.#inFlight.set(manifest.uploadId, (streaming = new Map<number, number>()));
    // promised before anything is awaited: files arriving together each see the others' promises
    streaming.set(file.index, file.contentLength);
    const target = path.join(folder, "files", String(file.index));
    const partial = `${target}.part`;
    let received = 0;
    const max = this.settings.maxBytes;
    try {
      const stored = await this.#storedBytes(folder, streaming);
      let promised = 0;
      for (const bytes of streaming.values()) promised += bytes;
      if (stored + promised > Math.min(manifest.declaredBytes, max)) throw tooLarge(max);
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          if (received > file.contentLength) controller.error(tooLarge(max));
          else controller.enqueue(chunk);
        },
      });
      await pipeline(
        Readable.fromWeb(body.pipeThrough(counter) as NodeReadableStream<Uint8Array>),
        createWriteStream(partial),
      );
      if (received !== file.contentLength) {
        throw new DomainError("VALIDATION", msg("readings.invalidUploadFile"));
      }
      await writeFile(`${target}.name`, file.name);
      await rename(partial, target);
    } catch (e) {
      await rm(partial, { force: true });
      if (e instanceof DomainError && e.code === "PAYLOAD_TOO_LARGE") await this.remove(manifest.uploadId);
      throw e;
    } finally {
      streaming.delete(file.index);
      if (streaming.size === 0) this.#inFlight.delete(manifest.uploadId);
    }
    return { index: file.index, name: file.name, path: target, bytes: received };
  }

  /** The bytes on disk: every file received, and every `.part` not streaming here (another process's). */
  async #storedBytes(folder: string, streaming: ReadonlyMap<number, number>): Promise<number> {
    let total = 0;
    for (const f of await readdir(path.join(folder, "files")).catch(() => [] as string[])) {
      const m = /^(\d+)(\.part)?$/.exec(f);
      if (!m || (m[2] && streaming.has(Number(m[1])))) continue;
      total += (await stat(path.join(folder, "files", f)).catch(() => null))?.size ?? 0;
    }
    return total;
  }

  /** The files received, in upload order. */
  async files(manifest: UploadManifest): Promise<StagedFile[]> {
    const dir = path.join(this.#folder(manifest.uploadId), "files");
    const names = (await readdir(dir)).filter((f) => /^\d+$/.test(f)).map(Number);
    names.sort((a, b) => a - b);
    return Promise.all(
      names.map(async (index) => {
        const p = path.join(dir, String(index));
        return {
          index,
          name: (await readFile(`${p}.name`, "utf8").catch(() => String(index))).slice(0, 300),
          path: p,
          bytes: (await stat(p)).size,
        };
      }),
    );
  }

  async remove(uploadId: string): Promise<void> {
    await rm(this.#folder(uploadId), { recursive: true, force: true });
  }

  /** Removes every upload past its deadline. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const id of await readdir(this.settings.dir).catch(() => [] as string[])) {
      if (!UUID.test(id)) continue;
      const raw = await readFile(path.join(this.settings.dir, id, "upload.json"), "utf8").catch(() => null);
      const expiresAt = raw ? Date.parse((JSON.parse(raw) as UploadManifest).expiresAt) : 0;
      // a folder without its manifest is a creation cut short: removed too once it is old
      const old = raw
        ? expiresAt <= now
        : ((await stat(path.join(this.settings.dir, id)).catch(() => null))?.mtimeMs ?? 0) +
            this.settings.ttlMs <=
          now;
      if (old) {
        await this.remove(id);
        removed++;
      }
    }
    return removed;
  }
}

const KEY = Symbol.for("okinet.readingUploadStaging");

/** The process's staging (one for all bundles, as the record cache). */
export function uploadStaging(): UploadStaging {
  const holder = globalThis as { [KEY]?: UploadStaging };
  holder[KEY] ??= new UploadStaging(stagingSettings());
  return holder[KEY];
}
