import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signInPolicy } from "../../server/auth/policy";
import { resolveSession, signOut, signOutEverywhere } from "../../server/domain/auth/sessions";
import { sessionCookieName } from "../../server/auth/policy";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNetwork } from "../helpers/fixtures";
import { TEST_TOTP_SECRET, nextEvent, startSignalling } from "../helpers/signalling";

/** A real socket.io server on a free port, authenticated from the same session cookie as the pages. */
describe("socket.io authentication (postgres)", () => {
  let t: TestDatabase;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;

  before(async () => {
    t = await createTestDatabase("postgres");
    await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
  });
  after(async () => {
    await signalling.close();
    await t.close();
  });

  it("refuses a socket without a session, or with a forged cookie", async () => {
    await assert.rejects(signalling.open(), /UNAUTHENTICATED/);
    await assert.rejects(signalling.open(`${sessionCookieName()}=forged.token.value`), /UNAUTHENTICATED/);
  });

  it("accepts a live session and answers who it is", async () => {
    const s = await signalling.clientFor("clinic.gp");
    const reply = (await s.emitWithAck("session:whoami", {})) as {
      ok: boolean;
      data?: { practitionerId: string };
    };
    assert.equal(reply.ok, true);
    assert.match(reply.data!.practitionerId, /^[0-9a-f-]{36}$/);
  });

  // the domain publishes the ending after commit; signalling follows it (no call from the page)
  it("drops the sockets of a practitioner who signs out everywhere", async () => {
    const { cookie, sessionId } = await signalling.sessionCookie("hosp.doctor");
    const s = await signalling.open(cookie);
    const ended = nextEvent<{ reason: string }>(s, "session:ended");
    const me = (await resolveSession(t.db, sessionId, signInPolicy()))!;
    await signOutEverywhere(t.db, me);
    assert.equal((await ended).reason, "signed_out");
    await assert.rejects(signalling.open(cookie), /UNAUTHENTICATED/);
  });

  it("signing out one session drops that session's sockets only", async () => {
    const first = await signalling.sessionCookie("pharm.pharmacist");
    const second = await signalling.sessionCookie("pharm.pharmacist");
    const leaving = await signalling.open(first.cookie);
    const staying = await signalling.open(second.cookie);
    const ended = nextEvent<{ reason: string }>(leaving, "session:ended");
    const me = (await resolveSession(t.db, first.sessionId, signInPolicy()))!;
    await signOut(t.db, me);
    assert.equal((await ended).reason, "signed_out");
    // the other session's socket still answers (a round trip after the ending was broadcast)
    const reply = (await staying.emitWithAck("session:whoami", {})) as { ok: boolean };
    assert.equal(reply.ok, true);
    assert.equal(staying.connected, true);
  });
});
