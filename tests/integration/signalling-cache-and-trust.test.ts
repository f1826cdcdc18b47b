import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import type { Db } from "../../server/db/client";
import { queryRows } from "../../server/db/client";
import { signInPolicy } from "../../server/auth/policy";
import { resolveSessionWithLimits } from "../../server/domain/auth/sessions";
import { createConference } from "../../server/domain/conferences/create-conference";
import { publishNotification } from "../../server/domain/notifications/notification-bus";
import { updatePractitioner } from "../../server/domain/practitioners/manage-practitioners";
import { REVALIDATE_MS, SocketState } from "../../server/signalling/socket-state";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { TEST_TOTP_SECRET, ask, nextEvent, startSignalling } from "../helpers/signalling";

/** Counts the statements the app starts on the database (each builder or raw call is one query or transaction). */
function countingDb(db: Db) {
  const counter = { queries: 0 };
  const counted = new Set([
    "select",
    "selectDistinct",
    "insert",
    "update",
    "delete",
    "execute",
    "transaction",
  ]);
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop === "string" && counted.has(prop) && typeof value === "function") {
        return (...args: unknown[]) => {
          counter.queries += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
  return { db: proxy, counter };
}

/** Everything of one name a socket receives from now on. */
function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

describe("signalling: what a socket knows is cached and dropped in time; events act only on their room and people (postgres)", () => {
  let t: TestDatabase;
  let n: Network;
  let counted: ReturnType<typeof countingDb>;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;
  let conferenceId: string;
  let host: Socket;
  let gp: Socket;
  let pharmacist: Socket;
  const id = (loginId: string) => actor(n, loginId).practitionerId;

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    counted = countingDb(t.db);
    signalling = await startSignalling({ ...t, db: counted.db });
    ({ conferenceId } = await createConference(t.db, actor(n, "hosp.doctor"), {
      title: "退院前カンファランス",
      kind: "case_conference",
      invitees: [{ practitionerId: id("clinic.gp") }, { practitionerId: id("pharm.pharmacist") }],
      agenda: [],
    }));
    host = await signalling.clientFor("hosp.doctor");
    gp = await signalling.clientFor("clinic.gp");
    pharmacist = await signalling.clientFor("pharm.pharmacist");
    assert.equal((await ask(host, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "waiting");
    await ask(host, "lobby:decide", { conferenceId, practitionerId: id("clinic.gp"), decision: "admit" });
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "admitted");
  });
  after(async () => {
    await signalling.close();
    await t.close();
  });

  it("knows the membership that entering committed: the first event after it reads nothing", async () => {
    const tab = await signalling.clientFor("clinic.gp");
    assert.equal((await ask(tab, "conference:join", { conferenceId })).data?.admission, "admitted");
    const before = counted.counter.queries;
    assert.equal((await ask(tab, "hand:raise", { conferenceId, raised: false })).ok, true);
    assert.equal(counted.counter.queries, before, "no membership read after entering");
    // one still waiting is remembered as nothing: refused, from the database
    const waiting = await signalling.clientFor("pharm.pharmacist");
    assert.equal((await ask(waiting, "conference:join", { conferenceId })).data?.admission, "waiting");
    assert.equal((await ask(waiting, "hand:raise", { conferenceId, raised: true })).error?.code, "FORBIDDEN");
    tab.close();
    waiting.close();
  });

  it("answers events that change nothing without asking the database", async () => {
    assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: true })).ok, true);
    const before = counted.counter.queries;
    for (let i = 0; i < 20; i++) {
      assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: i % 2 === 0 })).ok, true);
      assert.equal((await ask(gp, "session:whoami", {})).ok, true);
    }
    assert.equal(counted.counter.queries, before, "no query for 40 events of a known session and member");
    // a chat message changes data: it is stored, and only that
    assert.equal((await ask(gp, "chat:send", { conferenceId, body: "こんにちは" })).ok, true);
    assert.equal(counted.counter.queries, before + 1, "one insert, no session or membership read");
  });

  it("a member still in the lobby who leaves tells the room nothing", async () => {
    assert.equal((await ask(pharmacist, "conference:join", { conferenceId })).data?.admission, "waiting");
    const left = collect<{ practitionerId: string }>(host, "participant:left");
    assert.equal((await ask(pharmacist, "conference:leave", { conferenceId })).ok, true);
    // the host's next event from the room comes after anything the leave could have sent
    const hand = nextEvent(host, "hand:changed");
    await ask(gp, "hand:raise", { conferenceId, raised: false });
    await hand;
    assert.deepEqual(left, [], "no participant:left for someone who was never in the room");

    // an admitted member who leaves is announced
    const gpTab = await signalling.clientFor("clinic.gp");
    assert.equal((await ask(gpTab, "conference:join", { conferenceId })).data?.admission, "admitted");
    // listened for once the tab is in: its sign-in (password, second factor) is not in the event's wait
    const announced = nextEvent<{ practitionerId: string }>(host, "participant:left");
    assert.equal((await ask(gpTab, "conference:leave", { conferenceId })).ok, true);
    assert.equal((await announced).practitionerId, id("clinic.gp"));
    gpTab.close();
  });

  it("a moderator mutes only someone in this conference's room, and only their sockets in it hear it", async () => {
    const { conferenceId: elsewhere } = await createConference(t.db, actor(n, "hosp.admin"), {
      title: "別の会議",
      kind: "consultation",
      invitees: [{ practitionerId: id("clinic.gp") }],
      agenda: [],
    });
    // a practitioner of another conference, the one waiting in this lobby, an unknown id: refused
    for (const target of [id("hosp.admin"), id("pharm.pharmacist"), "00000000-0000-4000-8000-000000000000"]) {
      const reply = await ask(host, "moderation:mute", { conferenceId, practitionerId: target });
      assert.equal(reply.error?.code, "NOT_FOUND", target);
    }
    // the GP's other tab, in another conference: not told about a mute in this one
    const otherTab = await signalling.clientFor("clinic.gp");
    const mutedElsewhere = collect(otherTab, "moderation:muted");
    const mutedHere = nextEvent<{ conferenceId: string }>(gp, "moderation:muted");
    assert.equal(
      (await ask(host, "moderation:mute", { conferenceId, practitionerId: id("clinic.gp") })).ok,
      true,
    );
    assert.equal((await mutedHere).conferenceId, conferenceId);
    // a later push to every tab of the GP arrives after anything the mute sent them
    const notified = nextEvent(otherTab, "notification");
    publishNotification({
      recipientIds: [id("clinic.gp")],
      kind: "test",
      event: "test",
      referralId: null,
      adviceRequestId: null,
      dischargeSummaryId: null,
      pathwayEnrolmentId: null,
      pathwayMeetingId: null,
      conferenceId: null,
      urgent: false,
    });
    await notified;
    assert.deepEqual(mutedElsewhere, [], "the other tab heard nothing");
    assert.ok(elsewhere);
    otherTab.close();
  });

  it("forgets a removed member at once, and everyone's membership when the conference ends", async () => {
    const pharmacistId = id("pharm.pharmacist");
    await ask(host, "lobby:decide", { conferenceId, practitionerId: pharmacistId, decision: "admit" });
    assert.equal((await ask(pharmacist, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await ask(pharmacist, "hand:raise", { conferenceId, raised: true })).ok, true);
    assert.equal((await ask(pharmacist, "hand:raise", { conferenceId, raised: false })).ok, true);
    const removed = nextEvent<{ admission: string }>(pharmacist, "lobby:decided");
    await ask(host, "lobby:decide", { conferenceId, practitionerId: pharmacistId, decision: "remove" });
    assert.equal((await removed).admission, "removed");
    assert.equal(
      (await ask(pharmacist, "hand:raise", { conferenceId, raised: true })).error?.code,
      "FORBIDDEN",
    );
    assert.equal(
      (await ask(pharmacist, "chat:send", { conferenceId, body: "まだ" })).error?.code,
      "FORBIDDEN",
    );

    assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: true })).ok, true);
    const ended = nextEvent(gp, "conference:ended");
    assert.equal((await ask(host, "conference:end", { conferenceId })).ok, true);
    await ended;
    assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: true })).error?.code, "CONFLICT");
    assert.equal((await ask(gp, "chat:send", { conferenceId, body: "終わり？" })).error?.code, "CONFLICT");
  });

  it("drops the sockets of an account an administrator disables, at once", async () => {
    const clerk = await signalling.clientFor("hosp.clerk");
    assert.equal((await ask(clerk, "session:whoami", {})).ok, true);
    const ended = nextEvent<{ reason: string }>(clerk, "session:ended");
    const dropped = nextEvent<string>(clerk, "disconnect");
    await updatePractitioner(t.db, actor(n, "hosp.admin"), {
      practitionerId: id("hosp.clerk"),
      disabled: true,
    });
    assert.ok((await ended).reason);
    assert.equal(await dropped, "io server disconnect");
    await updatePractitioner(t.db, actor(n, "hosp.admin"), {
      practitionerId: id("hosp.clerk"),
      disabled: false,
    });
  });

  it("honours the session's idle and absolute limits from what it knows, and reads the database once a minute", async () => {
    const policy = signInPolicy();
    const open = async () => {
      const { sessionId } = await signalling.sessionCookie("hosp.clerk");
      const live = (await resolveSessionWithLimits(t.db, sessionId, policy))!;
      const probe = countingDb(t.db);
      return { sessionId, live, probe, state: new SocketState(sessionId, live, policy, "127.0.0.1") };
    };
    // within a minute: from memory, even a session revoked behind the socket's back
    const revoked = await open();
    // the socket's clock starts at its handshake: times are taken after it, however slow it was
    const at = Date.now();
    await t.db.execute(sql`update auth_sessions set revoked_at = now() where id = ${revoked.sessionId}`);
    assert.ok(await revoked.state.practitioner(revoked.probe.db, at + 1000));
    assert.equal(revoked.probe.counter.queries, 0);
    // past the revalidation: read again, and ended
    assert.equal(await revoked.state.practitioner(revoked.probe.db, at + REVALIDATE_MS + 1000), null);
    revoked.state.close();

    // the absolute limit, known from the handshake: past it, the database is asked, which ends and audits it
    const absolute = await open();
    await t.db.execute(
      sql`update auth_sessions set expires_at = now() - interval '1 minute' where id = ${absolute.sessionId}`,
    );
    assert.equal(
      await absolute.state.practitioner(absolute.probe.db, absolute.live.expiresAt.getTime() + 1),
      null,
    );
    assert.ok(absolute.probe.counter.queries > 0);
    const [audited] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'auth.session_expired' and details->>'sessionId' = ${absolute.sessionId}`,
    );
    assert.equal(audited?.n, 1);
    absolute.state.close();

    // the idle limit: a socket silent for longer asks the database, which ends it
    const idle = await open();
    const idleAt = Date.now();
    await t.db.execute(
      sql`update auth_sessions set last_seen_at = now() - make_interval(mins => ${policy.idleTimeoutMinutes + 1}) where id = ${idle.sessionId}`,
    );
    assert.ok(
      await idle.state.practitioner(idle.probe.db, idleAt + 1000),
      "busy a second later: from memory",
    );
    assert.equal(
      await idle.state.practitioner(idle.probe.db, idleAt + 1000 + policy.idleTimeoutMinutes * 60_000 + 1000),
      null,
    );
    idle.state.close();
  });
});
