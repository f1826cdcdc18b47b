import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

/**
 * Drizzle's migrator runs a migration only when its journal time (`when`) is later than
 * the last one the database applied. A migration whose time is earlier than one before it
 * is skipped, silently and for good, by every database already migrated past that one.
 */
const root = path.resolve(import.meta.dirname, "../..");
const journal = JSON.parse(readFileSync(path.join(root, "drizzle/meta/_journal.json"), "utf8")) as {
  entries: { idx: number; tag: string; when: number }[];
};

/**
 * Shipped with times earlier than 0019's (made on a clock behind the one that set 0018 and
 * 0019). A database that applied them keeps their times, so they stay as they are: moving
 * them later would run them again there.
 */
const SHIPPED_OUT_OF_ORDER = new Set(["0020_nursing_instructions", "0021_reading_requests"]);

describe("the migration journal", () => {
  it("lists each migration once, in order, with its file", () => {
    const tags = journal.entries.map((e) => e.tag);
    assert.equal(new Set(tags).size, tags.length);
    for (const e of journal.entries) {
      assert.match(e.tag, /^\d{4}_[a-z0-9_]+$/);
      assert.equal(Number(e.tag.slice(0, 4)), e.idx, `${e.tag}: its number is its place`);
      assert.ok(existsSync(path.join(root, "drizzle", `${e.tag}.sql`)), `${e.tag}.sql exists`);
    }
    assert.deepEqual(
      journal.entries.map((e) => e.idx),
      [...journal.entries.map((e) => e.idx)].sort((a, b) => a - b),
    );
  });

  it("gives every new migration a time later than every migration before it", () => {
    let latest = 0;
    for (const e of journal.entries) {
      if (!SHIPPED_OUT_OF_ORDER.has(e.tag)) {
        assert.ok(
          e.when > latest,
          `${e.tag}: its time (${e.when}) is not after ${latest}; databases would skip it`,
        );
      }
      latest = Math.max(latest, e.when);
    }
  });
});
