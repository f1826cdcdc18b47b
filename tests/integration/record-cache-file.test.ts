import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RecordCache } from "../../server/domain/records/record-cache";
import { startBinaryServer } from "../helpers/record-servers";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value));
  return Buffer.concat(chunks);
}

/**
 * Issue 19, the proxy's cold path: an item larger than a pack's limit is one
 * file on disk (a header, then the body), renamed into place whole. What is on disk and not a whole item of
 * this version is a miss, never served: a file cut short, and the body and
 * metadata pair an older version of the cache left.
 */
describe("record cache: one file per item", () => {
  let dir: string;
  let files: Awaited<ReturnType<typeof startBinaryServer>>;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-cache-file-"));
    files = await startBinaryServer({ a: { size: 200 * 1024 }, b: { size: 70 * 1024 }, c: { size: 1 } });
  });
  after(async () => {
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // every item in its own file, as items larger than a pack's limit are kept (record-cache-pack.test.ts: the packs)
  const cacheIn = (folder: string) =>
    new RecordCache({
      dir: folder,
      ttlMs: 60_000,
      maxBytes: 10 * 1024 * 1024,
      timeoutMs: 5000,
      packItemMaxBytes: 0,
    });
  const fetchesOf = (name: string) => files.requests.filter((p) => p.endsWith(`/Binary/${name}`)).length;

  it("keeps the body, its type and size in one file, and serves exactly the body from it", async () => {
    const cache = cacheIn(path.join(dir, "one"));
    const url = `${files.fhirBase}/Binary/a`;
    const key = cache.keyOf("f", url);
    const cold = await cache.open(key, url);
    const body = await readAll(cold.body);
    assert.equal(body.length, 200 * 1024);
    assert.deepEqual(readdirSync(path.join(dir, "one")), [`${key}.bin`]);
    const warm = await cache.open(key, url);
    assert.equal(warm.source, "disk");
    assert.equal(warm.size, 200 * 1024);
    assert.equal(warm.contentType, "application/dicom");
    assert.ok((await readAll(warm.body)).equals(body));
    assert.equal(await cache.sizeOf(key), 200 * 1024);
    assert.equal(fetchesOf("a"), 1);
  });

  it("takes a file cut short for a miss and fetches the item again", async () => {
    const cache = cacheIn(path.join(dir, "one"));
    const url = `${files.fhirBase}/Binary/a`;
    const key = cache.keyOf("f", url);
    const file = path.join(dir, "one", `${key}.bin`);
    truncateSync(file, 150 * 1024);
    assert.equal(await cache.has(key), false);
    const again = await cache.open(key, url);
    assert.equal(again.source, "upstream");
    assert.equal((await readAll(again.body)).length, 200 * 1024);
    assert.equal(fetchesOf("a"), 2);
    assert.equal((await cache.open(key, url)).source, "disk");
  });

  it("never serves an older version's body and metadata pair, and sweeps them", async () => {
    const folder = path.join(dir, "older");
    const cache = cacheIn(folder);
    const url = `${files.fhirBase}/Binary/b`;
    const key = cache.keyOf("f", url);
    // what the cache wrote before items were one file: the raw body, its metadata beside it
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${key}.bin`), Buffer.alloc(70 * 1024, 0x11));
    writeFileSync(
      path.join(folder, `${key}.json`),
      JSON.stringify({ contentType: "application/dicom", size: 70 * 1024, fetchedAt: Date.now() }),
    );
    const opened = await cache.open(key, url);
    assert.equal(opened.source, "upstream");
    const body = await readAll(opened.body);
    assert.equal(body.length, 70 * 1024);
    assert.ok(
      body.every((byte) => byte === 0x5a),
      "the facility's bytes, not the old file's",
    );
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(path.join(folder, `${key}.json`), old, old);
    assert.equal(await cache.sweep(), 1);
    assert.deepEqual(readdirSync(folder), [`${key}.bin`], "the old metadata swept, the new item kept");
  });

  it("makes its folder again when it was removed while running", async () => {
    const folder = path.join(dir, "removed");
    const cache = cacheIn(folder);
    const first = `${files.fhirBase}/Binary/c`;
    await readAll((await cache.open(cache.keyOf("f", first), first)).body);
    rmSync(folder, { recursive: true, force: true });
    const url = `${files.fhirBase}/Binary/b`;
    const key = cache.keyOf("f", url);
    assert.equal((await readAll((await cache.open(key, url)).body)).length, 70 * 1024);
    assert.ok(existsSync(path.join(folder, `${key}.bin`)));
    assert.equal((await cache.open(key, url)).source, "disk");
  });
});
