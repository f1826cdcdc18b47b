import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RecordCache, type RecordCacheOptions } from "../../server/domain/records/record-cache";
import { readAll, sha, startBinaryServer } from "../helpers/record-servers";

const KB = 1024;
const MANY = Array.from({ length: 24 }, (_, i) => `many-${i}`);

/**
 * Issue 19, the proxy's cold path: small items (a CT frame) are appended to a
 * pack, many items in one file, instead of a file created per item. What the
 * cache promised for one file per item holds for packs: one fetch per item
 * however many read it, a copy cut short is a miss, the TTL, the sweep, and a
 * process started again finds what the last one kept.
 */
describe("record cache: small items in packs", () => {
  let dir: string;
  let files: Awaited<ReturnType<typeof startBinaryServer>>;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-cache-pack-"));
    files = await startBinaryServer({
      a: { size: 200 * KB },
      b: { size: 70 * KB },
      c: { size: 1 },
      empty: { size: 0 },
      slow: { size: 640 * KB, pauseMs: 30 },
      grows: { size: 3 * 1024 * KB, chunked: true, pauseMs: 5 },
      ...Object.fromEntries(MANY.map((name, i) => [name, { size: 1 + i * 37 * KB }])),
    });
  });
  after(async () => {
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cacheIn = (folder: string, more: Partial<RecordCacheOptions> = {}) =>
    new RecordCache({
      dir: path.join(dir, folder),
      ttlMs: 60_000,
      maxBytes: 10 * 1024 * KB,
      timeoutMs: 5000,
      ...more,
    });
  const fetchesOf = (name: string) => files.requests.filter((p) => p.endsWith(`/Binary/${name}`)).length;
  const urlOf = (name: string) => `${files.fhirBase}/Binary/${name}`;
  const listed = (folder: string) => readdirSync(path.join(dir, folder));

  it("appends small items to one pack and serves each exactly from it", async () => {
    const cache = cacheIn("one");
    const bodies = new Map<string, Buffer>();
    for (const name of ["a", "b", "c", "empty"]) {
      const cold = await cache.open(cache.keyOf("f", urlOf(name)), urlOf(name));
      assert.equal(cold.source, "upstream");
      bodies.set(name, await readAll(cold.body));
    }
    assert.deepEqual(
      [...bodies.values()].map((b) => b.length),
      [200 * KB, 70 * KB, 1, 0],
    );
    const names = listed("one");
    assert.equal(names.length, 1, names.join(", "));
    assert.match(names[0]!, /\.pack$/);
    for (const [name, body] of bodies) {
      const key = cache.keyOf("f", urlOf(name));
      const warm = await cache.open(key, urlOf(name));
      assert.equal(warm.source, "disk", name);
      assert.equal(warm.size, body.length);
      assert.equal(warm.contentType, "application/dicom");
      assert.ok((await readAll(warm.body)).equals(body), name);
      assert.equal(await cache.sizeOf(key), body.length);
      assert.equal(await cache.fill(key, urlOf(name)), "cached");
      assert.equal(fetchesOf(name), 1, name);
    }
  });

  it("is read again by a process started anew: the packed items are served without the facility", async () => {
    const again = cacheIn("one");
    for (const [name, size] of [
      ["a", 200 * KB],
      ["c", 1],
    ] as const) {
      const item = await again.open(again.keyOf("f", urlOf(name)), urlOf(name));
      assert.equal(item.source, "disk", name);
      assert.equal((await readAll(item.body)).length, size);
      assert.equal(fetchesOf(name), 1, name);
    }
  });

  it("writes items finished at the same moment together, each whole where the index says", async () => {
    const cache = cacheIn("many");
    const cold = await Promise.all(
      MANY.map(async (name) => readAll((await cache.open(cache.keyOf("f", urlOf(name)), urlOf(name))).body)),
    );
    assert.deepEqual(
      cold.map((b) => b.length),
      MANY.map((_, i) => 1 + i * 37 * KB),
    );
    assert.ok(listed("many").every((f) => f.endsWith(".pack")));
    for (const reader of [cache, cacheIn("many")]) {
      for (const [i, name] of MANY.entries()) {
        const warm = await reader.open(reader.keyOf("f", urlOf(name)), urlOf(name));
        assert.equal(warm.source, "disk", name);
        assert.equal(sha(await readAll(warm.body)), sha(cold[i]!), name);
      }
    }
    assert.ok(MANY.every((name) => fetchesOf(name) === 1));
  });

  it("takes an item whose record was cut short for a miss, in this process and in a new one", async () => {
    const cache = cacheIn("cut");
    for (const name of ["a", "b"])
      await readAll((await cache.open(cache.keyOf("f", urlOf(name)), urlOf(name))).body);
    const [pack] = listed("cut");
    const file = path.join(dir, "cut", pack!);
    // into the last record (b's body): a, written before it, stays whole
    truncateSync(file, statSync(file).size - 10 * KB);
    const before = { a: fetchesOf("a"), b: fetchesOf("b") };

    const restarted = cacheIn("cut");
    assert.equal(await restarted.has(restarted.keyOf("f", urlOf("b"))), false);
    const a = await restarted.open(restarted.keyOf("f", urlOf("a")), urlOf("a"));
    assert.equal(a.source, "disk");
    assert.equal((await readAll(a.body)).length, 200 * KB);

    const b = await cache.open(cache.keyOf("f", urlOf("b")), urlOf("b"));
    assert.equal(b.source, "upstream", "the running process finds the record short and asks again");
    assert.equal((await readAll(b.body)).length, 70 * KB);
    assert.equal(fetchesOf("b"), before.b + 1);
    assert.equal(fetchesOf("a"), before.a);
    assert.equal((await cache.open(cache.keyOf("f", urlOf("b")), urlOf("b"))).source, "disk");
  });

  it("lets readers join a download held in memory, each at its own pace, one leaving early", async () => {
    const cache = cacheIn("joined");
    const url = urlOf("slow");
    const key = cache.keyOf("f", url);
    const [a, b, c] = await Promise.all([cache.open(key, url), cache.open(key, url), cache.open(key, url)]);
    assert.deepEqual([a.source, b.source, c.source], ["upstream", "upstream", "upstream"]);
    const leaving = c.body.getReader();
    await leaving.read();
    await leaving.cancel();
    const [bodyA, bodyB] = await Promise.all([readAll(a.body), readAll(b.body)]);
    assert.equal(bodyA.length, 640 * KB);
    assert.equal(sha(bodyA), sha(bodyB));
    assert.equal(fetchesOf("slow"), 1);
    assert.ok(listed("joined").every((f) => f.endsWith(".pack")));
    const late = await cache.open(key, url);
    assert.equal(late.source, "disk");
    assert.equal(sha(await readAll(late.body)), sha(bodyA));
  });

  it("moves a body of no declared length to its own file once it outgrows a pack, readers joined on either side", async () => {
    const cache = cacheIn("grows");
    const url = urlOf("grows");
    const key = cache.keyOf("f", url);
    const first = await cache.open(key, url);
    const firstReader = first.body.getReader();
    const head = await firstReader.read();
    assert.ok(!head.done && head.value.byteLength > 0);
    // this reader joins while the body is still in memory; it reads on into the file
    const second = await cache.open(key, url);
    const rest: Buffer[] = [Buffer.from(head.value)];
    for (let r = await firstReader.read(); !r.done; r = await firstReader.read())
      rest.push(Buffer.from(r.value));
    const whole = Buffer.concat(rest);
    const joined = await readAll(second.body);
    assert.equal(whole.length, 3 * 1024 * KB);
    assert.equal(sha(joined), sha(whole));
    assert.equal(fetchesOf("grows"), 1);
    assert.deepEqual(listed("grows"), [`${key}.bin`], "its own file, no pack, no temporary file left");
    const warm = await cache.open(key, url);
    assert.equal(warm.source, "disk");
    assert.equal(sha(await readAll(warm.body)), sha(whole));
  });

  it("fetches again once the TTL has passed, and sweeps a pack whose items have all expired", async () => {
    let clock = Date.now();
    const cache = cacheIn("ttl", { now: () => clock });
    const url = urlOf("b");
    const key = cache.keyOf("f", url);
    const fetched = fetchesOf("b");
    await readAll((await cache.open(key, url)).body);
    const [oldPack] = listed("ttl");
    clock += 61_000;
    assert.equal(await cache.has(key), false);
    const again = await cache.open(key, url);
    assert.equal(again.source, "upstream");
    await readAll(again.body);
    assert.equal(fetchesOf("b"), fetched + 2);
    assert.equal(listed("ttl").length, 2, "the new copy in a new pack (the old one is a TTL old)");
    const past = new Date(Date.now() - 61_000);
    utimesSync(path.join(dir, "ttl", oldPack!), past, past);
    assert.equal(await cache.sweep(), 1);
    assert.equal(listed("ttl").includes(oldPack!), false);
    assert.equal((await cache.open(key, url)).source, "disk", "the new copy stays");
  });

  it("makes its folder again when it was removed while running: an item is fetched once more at most", async () => {
    const cache = cacheIn("removed");
    await readAll((await cache.open(cache.keyOf("f", urlOf("c")), urlOf("c"))).body);
    rmSync(path.join(dir, "removed"), { recursive: true, force: true });
    const url = urlOf("a");
    const key = cache.keyOf("f", url);
    const fetched = fetchesOf("a");
    assert.equal((await readAll((await cache.open(key, url)).body)).length, 200 * KB);
    // the pack being written went with the folder; that is found on the next read
    await readAll((await cache.open(key, url)).body);
    const third = await cache.open(key, url);
    assert.equal(third.source, "disk");
    assert.equal((await readAll(third.body)).length, 200 * KB);
    assert.ok(fetchesOf("a") <= fetched + 2);
    assert.ok(existsSync(path.join(dir, "removed")));
  });
});
