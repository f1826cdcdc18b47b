import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_LIMITS,
  EVENT_COST,
  EventBudget,
  WorkGate,
  type SignallingLimits,
} from "../../server/signalling/budget";
import { TokenBucket } from "../../server/http/token-bucket";

/** Limits of their own per test, so that the practitioners' shared buckets of one test do not leak into another. */
const fresh = (): SignallingLimits => structuredClone(DEFAULT_LIMITS);
let practitioner = 0;
const someone = () => `practitioner-${++practitioner}`;

describe("signalling budget", () => {
  it("a token bucket refills at its rate up to its capacity", () => {
    const bucket = new TokenBucket(10, 5, 0);
    assert.equal(bucket.has(10, 0), true);
    bucket.spend(10);
    assert.equal(bucket.has(1, 0), false);
    assert.equal(bucket.has(5, 1000), true, "5 a second");
    assert.equal(bucket.has(6, 1000), false);
    assert.equal(bucket.has(10, 60_000), true);
    assert.equal(bucket.has(11, 60_000), false, "never above capacity");
  });

  it("chat and moderation cost more than a layer change", () => {
    for (const dear of ["chat:send", "moderation:mute", "lobby:decide", "conference:end"] as const)
      assert.ok(EVENT_COST[dear] > EVENT_COST["media:consumer:layers"], dear);
  });

  it("a person never meets it: joining a 50-person room, then a busy hour of chat and hands", () => {
    const limits = fresh();
    const budget = new EventBudget(someone(), limits, 0);
    let now = 0;
    const take = (event: keyof typeof EVENT_COST) =>
      assert.equal(budget.take(event, now), true, `${event} at ${now}`);
    // everything of the join at one instant: the worst case of a client that pipelines it all
    take("conference:join");
    take("media:join");
    for (let i = 0; i < 2; i++) take("media:transport:create");
    for (let i = 0; i < 2; i++) take("media:transport:connect");
    for (let i = 0; i < 3; i++) take("media:produce");
    for (let i = 0; i < 100; i++) {
      take("media:consume");
      take("media:consumer:resume");
      take("media:consumer:layers");
    }
    // then an hour: a message every 3 s in bursts of 10, a hand now and then, layer changes on every resize
    for (let minute = 0; minute < 60; minute++) {
      now = (minute + 1) * 60_000;
      for (let i = 0; i < 10; i++) take("chat:send");
      take("hand:raise");
      for (let i = 0; i < 100; i++) take("media:consumer:layers");
      for (let i = 0; i < 10; i++) {
        now += 3000;
        take("chat:send");
      }
    }
    budget.release();
  });

  it("a batch spends its streams' cost: entering a 50-person room in three batched requests costs what it did one by one", () => {
    const limits = fresh();
    const one = new EventBudget(someone(), limits, 0);
    const batched = new EventBudget(someone(), limits, 0);
    for (let i = 0; i < 100; i++) {
      assert.ok(one.take("media:consume", 0));
      assert.ok(one.take("media:consumer:resume", 0));
    }
    assert.ok(batched.take("media:consume:batch", 0, 100));
    assert.ok(batched.take("media:consumers:resume", 0, 100));
    // both now have the same left: what one more full batch needs is refused to both alike
    const left = limits.socket.capacity - 200 * EVENT_COST["media:consume"];
    assert.equal(one.take("media:consume:batch", 0, left + 1), false);
    assert.equal(batched.take("media:consume:batch", 0, left + 1), false);
    assert.equal(batched.take("media:consume:batch", 0, left), true);
    one.release();
    batched.release();
  });

  it("a flood is refused: 10,000 chat messages in 9 s store about 30", () => {
    const budget = new EventBudget(someone(), fresh(), 0);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (budget.take("chat:send", (i * 9000) / 10_000)) accepted++;
    assert.ok(
      accepted <= DEFAULT_LIMITS.chat.capacity + 9 * DEFAULT_LIMITS.chat.perSecond + 1,
      `${accepted}`,
    );
    assert.ok(accepted >= DEFAULT_LIMITS.chat.capacity);
    budget.release();
  });

  it("a person's sockets share one budget, and a refused event spends nothing", () => {
    const limits = fresh();
    const who = someone();
    const tabs = [0, 1, 2, 3].map(() => new EventBudget(who, limits, 0));
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (tabs[i % 4]!.take("media:consumer:layers", 0)) accepted++;
    assert.equal(
      accepted,
      DEFAULT_LIMITS.practitioner.capacity,
      "four tabs together: the practitioner's burst",
    );
    // the others' budgets are untouched
    assert.equal(new EventBudget(someone(), limits, 0).take("conference:end", 0), true);
    for (const tab of tabs) tab.release();
  });

  it("drops a socket only past its refusals", () => {
    const budget = new EventBudget(someone(), fresh(), 0);
    let refusals = 0;
    while (budget.refused(0)) refusals++;
    assert.equal(refusals, DEFAULT_LIMITS.refusals.capacity);
    assert.equal(budget.refused(1000), true, "they come back at their rate");
    budget.release();
  });

  it("bounds the work in flight: a few run, a few wait in order, the rest are refused", async () => {
    const gate = new WorkGate(2, 3);
    const order: number[] = [];
    const entered: Promise<number>[] = [];
    for (let i = 0; i < 5; i++) {
      const slot = gate.enter();
      assert.ok(slot, `${i} runs or waits`);
      entered.push(slot.then(() => order.push(i)));
    }
    assert.equal(gate.enter(), null, "the sixth is refused");
    assert.equal(gate.tryEnter(), false, "no slot now either");
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(order, [0, 1]);
    gate.leave();
    gate.leave();
    gate.leave();
    await Promise.all(entered);
    assert.deepEqual(order, [0, 1, 2, 3, 4], "in the order they came");
    assert.notEqual(gate.enter(), null, "room again");
  });

  it("takes a free slot at once (tryEnter), and none past the running limit", () => {
    const gate = new WorkGate(2, 3);
    assert.equal(gate.tryEnter(), true);
    assert.equal(gate.tryEnter(), true);
    assert.equal(gate.tryEnter(), false, "both slots taken: enter() would queue it");
    gate.leave();
    assert.equal(gate.tryEnter(), true, "a slot left free is taken again");
  });
});
