import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { RecordCache, type CacheStage, type CachedItem } from "../../server/domain/records/record-cache";
import { readAll, sha, startBinaryServer } from "../helpers/record-servers";

function signal<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Issue 14, finding 10: a second reader of a cold item joined the download in
 * the moment its temporary file had been renamed into place but the download
 * was not yet marked done, found no file, and failed. The interleaving is forced
 * here through the cache's stage hook, not left to the scheduler.
 */
describe("record cache: a reader joining a download at the worst moment", () => {
  let dir: string;
  let files: Awaited<ReturnType<typeof startBinaryServer>>;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-cache-race-"));
    files = await startBinaryServer({ small: { size: 100 * 1024 }, other: { size: 300 * 1024 } });
  });
  after(async () => {
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ["small", "other"] as const) {
    it(`a follower that finds no temporary file (${name}: renamed, not yet done) waits and reads it whole`, async () => {
      const url = `${files.fhirBase}/Binary/${name}`;
      const requestsBefore = files.requests.length;
      const followerWaiting = signal();
      const holder: { cache?: RecordCache } = {};
      let key = "";
      let follower: Promise<{ item: CachedItem; body: Promise<Buffer> }> | undefined;
      let partGoneWhenFollowed: boolean | undefined;
      const onStage = async (stage: CacheStage) => {
        if (stage === "follower-waiting") followerWaiting.resolve();
        if (stage !== "renamed" || follower) return;
        // the download has renamed its file and not yet said so: a second reader comes now
        partGoneWhenFollowed = readdirSync(dir).every((f) => !f.includes(".part"));
        follower = holder.cache!.open(key, url).then((item) => ({ item, body: readAll(item.body) }));
        const joined = await follower;
        // hold the download here until the follower has looked for the file and is
        // waiting, or has failed (the old behaviour) — whichever comes first
        await Promise.race([
          followerWaiting.promise,
          joined.body.then(
            () => undefined,
            () => undefined,
          ),
        ]);
      };
      const cache = (holder.cache = new RecordCache({
        dir,
        ttlMs: 60_000,
        maxBytes: 10 * 1024 * 1024,
        timeoutMs: 5000,
        onStage,
        // the item in its own file, whose rename the follower may meet (a packed item is followed in memory)
        packItemMaxBytes: 0,
      }));
      key = cache.keyOf(`facility-${name}`, url);

      const first = await cache.open(key, url);
      const firstBody = await readAll(first.body);
      assert.ok(follower, "the second reader joined during the download");
      const joined = await follower;
      assert.equal(partGoneWhenFollowed, true, "the temporary file was gone when the follower came");
      assert.equal(joined.item.source, "upstream", "the follower joined the running download");
      const followerBody = await joined.body;
      assert.equal(firstBody.length, name === "small" ? 100 * 1024 : 300 * 1024);
      assert.equal(sha(followerBody), sha(firstBody));
      assert.equal(files.requests.length, requestsBefore + 1, "one upstream fetch for both");
      assert.ok(existsSync(path.join(dir, `${key}.bin`)));
    });
  }

  it("a follower waiting for the file still fails with the download when it fails", async () => {
    const cut = await startBinaryServer({ cut: { size: 512 * 1024, cutAfter: 128 * 1024 } });
    try {
      const url = `${cut.fhirBase}/Binary/cut`;
      const cache = new RecordCache({ dir, ttlMs: 60_000, maxBytes: 10 * 1024 * 1024, timeoutMs: 5000 });
      const key = cache.keyOf("facility-cut", url);
      const [a, b] = await Promise.all([cache.open(key, url), cache.open(key, url)]);
      await assert.rejects(readAll(a.body));
      await assert.rejects(readAll(b.body));
      assert.equal(existsSync(path.join(dir, `${key}.bin`)), false, "no partial file served later");
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".pack")),
        [],
        "nor a pack holding part of it",
      );
      assert.equal(await cache.has(key), false);
    } finally {
      await cut.close();
    }
  });
});
