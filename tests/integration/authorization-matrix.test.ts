import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { departments } from "../../server/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actionSurfaces, routeSurfaces, socketEventSurfaces } from "../helpers/surfaces";
import {
  MATRIX_ACTORS,
  MATRIX_CALLERS,
  MATRIX_ROWS,
  type MatrixCaller,
} from "../helpers/authorization-matrix";
import { buildWorld, rowCounter, type Caller, type World } from "../helpers/matrix-world";

/**
 * The authorization matrix as data (tests/helpers/authorization-matrix.ts),
 * walked cell by cell against the real glue: each server action and route
 * handler is called in-process in a Next.js request scope with the caller's
 * session cookie, each socket event is emitted on the real signalling server
 * by the caller's signed-in socket, all on one seeded database. Any outcome
 * the table does not give fails (an unexpected allow above all), and a
 * refused cell must leave every table's row count as it was.
 */
/** The surfaces that take no id and are not walked (each row says why); anything else is walked. */
const TAKE_NO_ID = new Set([
  "GET /api/auth/[...nextauth]",
  "POST /api/auth/[...nextauth]",
  "app/signin/actions.ts#passwordStepAction",
  "app/signin/actions.ts#secondFactorAction",
  "app/ui/sign-out.ts#signOutAction",
  "app/ui/sign-out.ts#signOutEverywhereAction",
  "app/ui/language-switch.tsx#setLocale",
  "app/(app)/account/actions.ts#changePasswordAction",
]);

describe("authorization matrix as data", () => {
  it("has a row for every route, server action and socket event, and walks each one that takes an id", () => {
    const rowsOf = new Map<string, number>();
    for (const row of MATRIX_ROWS) for (const s of row.surfaces) rowsOf.set(s, (rowsOf.get(s) ?? 0) + 1);
    const all = [
      ...routeSurfaces().map((r) => r.key),
      ...actionSurfaces().map((a) => a.key),
      ...socketEventSurfaces().map((e) => `socket ${e}`),
    ];
    const missing = all.filter((key) => !rowsOf.has(key));
    assert.deepEqual(
      missing,
      [],
      `add rows for these to tests/helpers/authorization-matrix.ts:\n${missing.join("\n")}`,
    );
    const stale = [...rowsOf.keys()].filter((key) => !all.includes(key));
    assert.deepEqual(stale, [], `rows for surfaces that no longer exist:\n${stale.join("\n")}`);
    for (const row of MATRIX_ROWS) {
      assert.equal(
        row.coveredBy,
        undefined,
        `${row.name}: walk it here (action(…), route(…) or socket(…) with its cells), not in ${row.coveredBy}`,
      );
      if (!row.call) {
        assert.ok(row.notWalked, `${row.name}: walked, or says why not`);
        const withId = row.surfaces.filter((s) => /\[(?!\.\.\.)/.test(s)); // [id], not a catch-all
        assert.deepEqual(withId, [], `${row.name}: a route that takes an id is walked`);
        const unexplained = row.surfaces.filter((s) => !TAKE_NO_ID.has(s));
        assert.deepEqual(unexplained, [], `${row.name}: only surfaces that take no id go unwalked`);
        continue;
      }
      assert.equal(row.notWalked, undefined, `${row.name}: walked and not walked`);
      const callers = Object.keys(row.expect).sort();
      const want = row.surfaces.length === 0 ? [...MATRIX_ACTORS].sort() : [...MATRIX_CALLERS].sort();
      assert.deepEqual(callers, want, `${row.name}: a cell for every caller`);
    }
  });

  describe("walked against the real app", () => {
    let t: TestDatabase;
    let w: World;
    let callers: Map<string, Caller>;
    let close: () => Promise<void>;

    before(async () => {
      // one in-memory database for the whole walk; MATRIX_DB=postgres walks it on the real PostgreSQL
      t = await createTestDatabase(process.env.MATRIX_DB === "postgres" ? "postgres" : "pglite");
      ({ world: w, callers, close } = await buildWorld(t, MATRIX_ACTORS));
    });
    after(async () => {
      await close?.();
      await t?.close();
    });

    it("gives every cell the outcome the table expects, and a refusal writes nothing", async () => {
      const started = performance.now(); // reported, never asserted
      const counter = await rowCounter(w.db);
      const unexpected: string[] = [];
      const tally = { cells: 0, allowed: 0, refused: 0 };
      for (const row of MATRIX_ROWS) {
        if (!row.call) continue;
        for (const [who, want] of Object.entries(row.expect) as [MatrixCaller, string][]) {
          const before = want === "deny" ? await counter.count() : null;
          const got = await row.call(w, callers.get(who)!);
          tally.cells += 1;
          if (got.cell === "allow") tally.allowed += 1;
          if (got.cell === "deny") tally.refused += 1;
          if (got.cell !== want) {
            unexpected.push(`${row.name} × ${who}: expected ${want}, got ${got.cell} (${got.code})`);
            continue;
          }
          if (who === "anonymous" && got.cell === "deny" && got.code !== "UNAUTHENTICATED")
            unexpected.push(`${row.name} × anonymous: refused as ${got.code}, not UNAUTHENTICATED`);
          if (before) {
            const now = await counter.count();
            const changed = Object.keys(now).filter((table) => now[table] !== before[table]);
            if (changed.length > 0)
              unexpected.push(
                `${row.name} × ${who}: refused (${got.code}) but wrote to ${changed.join(", ")}`,
              );
          }
        }
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `authorization matrix: ${tally.cells} cells walked (${tally.allowed} allowed, ${tally.refused} refused) in ${seconds} s`,
      );
      assert.deepEqual(unexpected, [], unexpected.join("\n"));
      // the write check can fail: a row written is seen
      const before = await counter.count();
      await w.db.insert(departments).values({ facilityId: w.n.facilities.outsider, name: "書込確認" });
      const now = await counter.count();
      assert.equal(now.departments, before.departments! + 1);
      assert.ok(tally.allowed > 0 && tally.refused > 0);
    });
  });
});
