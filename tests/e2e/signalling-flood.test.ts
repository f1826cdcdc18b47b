import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { conferenceChatMessages } from "../../server/db/schema";
import { DEFAULT_LIMITS } from "../../server/signalling/budget";
import { demoActor } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import {
  conferenceWithGuest,
  flood,
  floodPayloads,
  startAppWithSessions,
  unreadCount,
} from "../helpers/flood";

/**
 * One signed-in socket floods every event kind at the real app (production
 * build, Postgres, SFU): it is refused past its budget and dropped once it
 * goes on regardless, every event is answered until then, and another user's
 * pages keep being answered meanwhile. Speed
 * figures are in bench/flood.ts; this asserts outcomes only.
 */
describe("a one-socket flood of every signalling event (real app, postgres)", () => {
  let env: Awaited<ReturnType<typeof startAppWithSessions>>;

  before(async () => {
    env = await startAppWithSessions();
  });
  after(async () => {
    await env?.stop();
  });

  it("refuses the flood past its budget, then drops the socket, and keeps serving another user", async (ctx) => {
    const room = await conferenceWithGuest(env);
    const other = await env.cookieFor((await demoActor(env.app, "liaison.suzuki")).practitionerId);
    assert.equal((await unreadCount(env.app, other)).status, 200, "the other user's read answers when quiet");

    const started = Date.now();
    const flooding = flood(room.guest, floodPayloads(room.conferenceId, room.hostActor.practitionerId), 150);
    // the other user's reads, issued while the flood is being answered
    const reads: number[] = [];
    let done = false;
    void flooding.finally(() => (done = true));
    while (!done || reads.length < 5) reads.push((await unreadCount(env.app, other)).status);
    const codes = await flooding;
    const seconds = (Date.now() - started) / 1000;
    ctx.diagnostic(
      `answers: ${JSON.stringify(Object.fromEntries(codes))}; ${reads.length} reads by another user`,
    );

    assert.ok(
      reads.every((status) => status === 200),
      `the other user's reads: ${reads.join(",")}`,
    );
    assert.ok((codes.get("RATE_LIMITED") ?? 0) > 0, `refusals: ${JSON.stringify([...codes])}`);
    assert.equal(codes.get("TIMEOUT") ?? 0, 0, "every event was answered, until the socket was dropped");
    assert.ok((codes.get("DISCONNECTED") ?? 0) > 0, "the flooder was dropped");
    assert.equal(codes.get("INTERNAL") ?? 0, 0, "no event failed");

    // what reached the database is bounded by the chat budget, not by the flood
    const [stored] = await env.app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(conferenceChatMessages)
      .where(
        and(
          eq(conferenceChatMessages.conferenceId, room.conferenceId),
          eq(conferenceChatMessages.practitionerId, room.guestActor.practitionerId),
        ),
      );
    const bound = DEFAULT_LIMITS.chat.capacity + Math.ceil(DEFAULT_LIMITS.chat.perSecond * seconds) + 1;
    assert.ok(stored!.n <= bound, `${stored!.n} chat messages stored, at most ${bound}`);

    // the same person, connecting again, is served once the budget has refilled
    const again = await env.socketFor(room.guestCookie);
    await eventually("the flooder's next connection is served", async () => {
      const reply = await room.ask(again, "session:whoami", {});
      assert.ok(reply.ok || reply.error?.code === "RATE_LIMITED", JSON.stringify(reply));
      return reply.ok;
    });
    assert.equal((await room.ask(room.host, "session:whoami", {})).ok, true, "and the host all along");
  });
});
