import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WarmFetchSlots } from "../../server/domain/images/warm-fetch-slots";

/** A piece of work that runs until the test ends it. */
function held() {
  let end!: (ok: boolean) => void;
  const done = new Promise<string>((resolve, reject) => {
    end = (ok) => (ok ? resolve("done") : reject(new Error("failed")));
  });
  return { done, end };
}

/** Lets every settled promise's continuations run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe("warm-up fetch slots: at most a few at a time, first come first served", () => {
  it("runs no more than its size at once, and the next in line when one ends or fails", async () => {
    const slots = new WarmFetchSlots(2);
    const works = Array.from({ length: 5 }, () => held());
    const started: number[] = [];
    const runs = works.map((w, i) =>
      slots.run(() => {
        started.push(i);
        return w.done;
      }),
    );
    for (const r of runs) r.catch(() => undefined);
    await settle();
    assert.deepEqual(started, [0, 1]);
    works[1]!.end(false);
    await assert.rejects(runs[1]!, /failed/);
    await settle();
    assert.deepEqual(started, [0, 1, 2], "a failed work frees its slot");
    works[0]!.end(true);
    assert.equal(await runs[0], "done");
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3]);
    works[2]!.end(true);
    works[3]!.end(true);
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    works[4]!.end(true);
    assert.deepEqual(await Promise.all(runs.filter((_, i) => i !== 1)), ["done", "done", "done", "done"]);
  });

  it("frees its slots once everything ended: a later burst starts at once", async () => {
    const slots = new WarmFetchSlots(2);
    await Promise.all([1, 2, 3].map((n) => slots.run(() => Promise.resolve(n))));
    const started: number[] = [];
    const works = [held(), held()];
    const runs = works.map((w, i) =>
      slots.run(() => {
        started.push(i);
        return w.done;
      }),
    );
    await settle();
    assert.deepEqual(started, [0, 1]);
    for (const w of works) w.end(true);
    await Promise.all(runs);
  });
});
