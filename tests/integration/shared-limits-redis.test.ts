import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createClient } from "redis";
import { SignInLimiter } from "../../server/auth/sign-in-limiter";
import {
  CARE_TEAM_LIMITS,
  postingLimiters,
  spendPostingBudget,
} from "../../server/domain/care-team/care-team-limits";
import type { Actor } from "../../server/model/permissions";
import { expectDomainError } from "../helpers/errors";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Two app nodes, one real Redis: an address's budget and a login ID's delay hold across both. */
describe("sign-in limits shared by several nodes through Redis", () => {
  const prefix = `okinet-test-${randomBytes(4).toString("hex")}`;
  const clients = [createClient({ url: REDIS_URL }), createClient({ url: REDIS_URL })];
  let nodeA: SignInLimiter;
  let nodeB: SignInLimiter;
  const limits = { perAddressPerMinute: 4, freeFailures: 2, longestDelayMinutes: 15 };

  before(async () => {
    await Promise.all(clients.map((c) => c.connect()));
    nodeA = new SignInLimiter(limits, { kind: "redis", client: clients[0], prefix });
    nodeB = new SignInLimiter(limits, { kind: "redis", client: clients[1], prefix });
  });
  after(async () => {
    const keys = await clients[0]!.keys(`${prefix}:*`);
    if (keys.length) await clients[0]!.del(keys);
    await Promise.all(clients.map((c) => c.close()));
  });

  it("an address's budget spent on one node is spent on the other", async () => {
    const attempt = { loginId: "someone", ip: "198.51.100.30" };
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push((await (i % 2 ? nodeA : nodeB).admit(attempt)).admitted);
    assert.deepEqual(verdicts, [true, true, true, true, false, false]);
  });

  it("failures counted on one node delay the next attempt on the other; a success clears it", async () => {
    const attempt = { loginId: "hosp.doctor", ip: "198.51.100.31" };
    await nodeA.failed(attempt);
    assert.equal((await nodeB.admit(attempt)).admitted, true, "a failure below the limit does not delay");
    // failures on both nodes; the delay has doubled to 32 s, so a slow machine cannot outlast it
    for (let i = 0; i < 6; i++) await (i % 2 ? nodeA : nodeB).failed(attempt);
    const delayed = await nodeB.admit(attempt);
    assert.equal(delayed.admitted, false);
    if (!delayed.admitted) assert.ok(delayed.retryAfterSeconds > 16, String(delayed.retryAfterSeconds));
    // another address, or the user's trusted browser, is not delayed
    assert.equal((await nodeB.admit({ ...attempt, ip: "198.51.100.32" })).admitted, true);
    assert.equal((await nodeB.admit({ ...attempt, trustedDevice: "dev-1" })).admitted, true);
    await nodeA.succeeded(attempt);
    assert.equal((await nodeB.admit(attempt)).admitted, true);
  });
});

/** The care team's posting budget, spent through two nodes on one Redis: a script cannot double it. */
describe("the care team's posting budget shared by several nodes through Redis", () => {
  const prefix = `okinet-test-${randomBytes(4).toString("hex")}`;
  const clients = [createClient({ url: REDIS_URL }), createClient({ url: REDIS_URL })];
  before(() => Promise.all(clients.map((c) => c.connect())));
  after(async () => {
    const keys = await clients[0]!.keys(`${prefix}:*`);
    if (keys.length) await clients[0]!.del(keys);
    await Promise.all(clients.map((c) => c.close()));
  });

  it("refuses past one budget in all, whichever node each post reaches", async () => {
    const [nodeA, nodeB] = clients.map((client) => postingLimiters({ kind: "redis", client, prefix }));
    const nurse = { practitionerId: randomUUID() } as Actor;
    for (let i = 0; i < CARE_TEAM_LIMITS.posts.points; i++)
      await spendPostingBudget(nurse, 0, i % 2 ? nodeA : nodeB);
    await assert.rejects(spendPostingBudget(nurse, 0, nodeA), expectDomainError("RATE_LIMITED"));
    await assert.rejects(spendPostingBudget(nurse, 0, nodeB), expectDomainError("RATE_LIMITED"));
    // another person's budget is untouched
    await spendPostingBudget({ practitionerId: randomUUID() } as Actor, 0, nodeB);
    // Redis holds the count, not the node's memory
    const keys = await clients[0]!.keys(`${prefix}:care-team:posts*`);
    assert.equal(keys.length, 2);
  });
});
