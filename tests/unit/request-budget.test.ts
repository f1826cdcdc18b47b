import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedBuckets } from "../../server/http/token-bucket";

describe("a session's request budget (keyed token buckets)", () => {
  it("allows a burst, then one request per refill, per session", () => {
    const budget = new KeyedBuckets(5, 2);
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) assert.equal(budget.take("a", t0), true, `request ${i + 1}`);
    assert.equal(budget.take("a", t0), false, "the sixth at once is refused");
    assert.equal(budget.take("b", t0), true, "another session has its own budget");
    assert.equal(budget.take("a", t0 + 499), false, "less than one refill later");
    assert.equal(budget.take("a", t0 + 500), true, "half a second later: one more (2 a second)");
    assert.equal(budget.take("a", t0 + 500), false);
  });

  it("a refused request spends nothing", () => {
    const budget = new KeyedBuckets(1, 1);
    assert.equal(budget.take("a", 0), true);
    for (let i = 0; i < 10; i++) assert.equal(budget.take("a", 0), false);
    assert.equal(budget.take("a", 1_000), true, "one second later the one refilled token is there");
  });

  it("forgets full buckets of idle sessions, and never keeps more than it may", () => {
    const budget = new KeyedBuckets(3, 1, 100);
    for (let i = 0; i < 100; i++) budget.take(`s${i}`, 0);
    assert.equal(budget.size, 100);
    // ten seconds later every bucket is full again: a new session makes room by forgetting them
    budget.take("new", 10_000);
    assert.equal(budget.size, 1);
    // all busy at once: the oldest are forgotten rather than growing past the limit
    for (let i = 0; i < 250; i++) budget.take(`busy${i}`, 10_000);
    const kept: number = budget.size;
    assert.ok(kept <= 100, `kept ${kept}`);
  });
});
