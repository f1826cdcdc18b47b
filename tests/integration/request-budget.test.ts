import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setDatabase } from "../../server/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { eventually } from "../helpers/eventually";
import { inRequest } from "../helpers/in-request";
import { sessionCookie } from "../helpers/matrix-world";
import { TEST_TOTP_SECRET } from "../helpers/signalling";

/**
 * One signed-in session looping on a route meets its request budget (429,
 * RATE_LIMITED); another session of the same person does not, and the looping
 * one gets requests again as its budget refills. Through the real route
 * handler and session lookup, in the request scope Next gives them.
 */
const BURST = 60;

describe("a session's request budget, through a route (postgres)", () => {
  let t: TestDatabase;
  let n: Network;

  before(async () => {
    process.env.DATA_DIR ??= `/tmp/okinet-test-${process.pid}`;
    // a budget of this file's own (its process reads the settings once): a burst this loop meets
    // soon, whatever the machine's speed
    process.env.SESSION_REQUEST_BURST = String(BURST);
    process.env.SESSION_REQUESTS_PER_SECOND = "5";
    t = await createTestDatabase("postgres");
    setDatabase(Promise.resolve(t));
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
  });
  after(async () => {
    await t.close();
  });

  async function unread(cookie: string) {
    const { GET } = await import("../../app/api/notifications/unread/route");
    const res = await inRequest({ cookie, pathname: "/api/notifications/unread" }, () => GET());
    return { status: res.status, body: (await res.json()) as { unread?: number; error?: { code: string } } };
  }

  it("refuses a looping session with 429 and spares the person's other session", async () => {
    const gp = actor(n, "clinic.gp").practitionerId;
    const looping = await sessionCookie(t.db, gp);
    const other = await sessionCookie(t.db, gp);
    const first = await unread(looping);
    assert.equal(first.status, 200);
    assert.equal(first.body.unread, 0);

    // BURST at once, 5 a second; bounded well past it
    let refused: Awaited<ReturnType<typeof unread>> | null = null;
    let served = 1;
    for (let i = 0; i < 3_000 && !refused; i++) {
      const answer = await unread(looping);
      if (answer.status === 200) served += 1;
      else refused = answer;
    }
    assert.ok(refused, `never refused after ${served} requests`);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, "RATE_LIMITED");
    assert.ok(served >= BURST, `served ${served} before the refusal: the whole burst`);

    assert.equal((await unread(other)).status, 200, "the person's other session is not held back");
    await eventually(
      "the looping session's budget refills",
      async () => (await unread(looping)).status === 200,
    );
  });
});
