import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runAction } from "../../app/lib/run-action";
import { createConference } from "../../server/domain/conferences/create-conference";
import { registerPatient } from "../../server/domain/patients/register-patient";
import { captureLogs, log, routeConsoleToLogger } from "../../server/log";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import { TEST_TOTP_SECRET, ask, startSignalling } from "../helpers/signalling";

/**
 * Issue 14.5: a failed query logged its parameters (a patient's kana name) and a
 * failed chat event its body. Both failures are provoked for real against
 * Postgres; the captured log lines must say that something failed, and carry
 * neither the name, the chat text, nor drizzle's query text.
 */
const KANA = "ツキシマ";
const CHAT = "ひみつの申し送り事項";

function parsed(lines: string[]) {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("no patient data, chat text or query parameters in log lines (postgres)", () => {
  let t: TestDatabase;
  let n: Network;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;
  const realConsole = { ...console };

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
    // as server/index.ts does: Next.js prints errors thrown by pages and actions through console
    routeConsoleToLogger();
  });
  after(async () => {
    Object.assign(console, realConsole);
    await signalling.close();
    await t.close();
  });

  it("a failed insert of a patient logs the failure without the kana name or the query", async () => {
    // every new patient row now fails in Postgres itself, after validation passed
    await t.db.execute("alter table patients add constraint log_test_refuse check (false) not valid");
    const captured = captureLogs();
    try {
      const form = {
        familyName: "月島",
        givenName: "花子",
        familyNameKana: KANA,
        givenNameKana: "ハナコ",
        birthDate: "1941-03-02",
        sex: "female",
        postalCode: "992-0012",
        address: "山形県米沢市金池1-1",
        localId: "H-LOG-1",
        obtainedOn: "2025-06-01",
        facilityIds: [n.facilities.clinic],
        document: { fileName: "c.pdf", bytes: tinyPdf() },
      };
      let thrown: unknown;
      try {
        await registerPatient(t.db, actor(n, "hosp.clerk"), form);
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown instanceof Error, "the insert failed");
      // the failure carries the name in its own text: the point is that no log line does
      assert.match(
        `${thrown.message} ${String((thrown as { cause?: { detail?: string } }).cause?.detail)}`,
        /ツキシマ/,
      );

      // the three ways such an error reaches a log: a server action's wrapper, Next.js
      // printing a thrown error through console, and code that logs it itself
      const result = await runAction(() => registerPatient(t.db, actor(n, "hosp.clerk"), form));
      assert.equal(result.ok, false);
      console.error(" ⨯", thrown);
      console.error(`[page] ${thrown.message}`);
      log.error({ err: thrown }, "[patients] registration failed");
    } finally {
      captured.stop();
      await t.db.execute("alter table patients drop constraint log_test_refuse");
    }
    const text = captured.lines.join("");
    assert.equal(captured.lines.length, 4, text);
    for (const line of parsed(captured.lines)) assert.equal(line.level, "error");
    assert.doesNotMatch(text, /ツキシマ|月島|花子|ハナコ/);
    assert.doesNotMatch(text, /params:|insert into/i);
    assert.match(text, /DrizzleQueryError/, "the kind of failure is still said");
    assert.match(text, /23514/, "and the SQLSTATE (check violation)");
  });

  it("a failed chat event logs the event and the failure, not the message body", async () => {
    const { conferenceId } = await createConference(t.db, actor(n, "hosp.doctor"), {
      title: "ログ確認",
      kind: "consultation",
      invitees: [],
      agenda: [],
    });
    const host = await signalling.clientFor("hosp.doctor");
    assert.equal((await ask(host, "conference:join", { conferenceId })).data?.admission, "admitted");
    await t.db.execute(
      "alter table conference_chat_messages add constraint log_test_refuse check (false) not valid",
    );
    const captured = captureLogs();
    let reply;
    try {
      reply = await ask(host, "chat:send", { conferenceId, body: CHAT });
    } finally {
      captured.stop();
      await t.db.execute("alter table conference_chat_messages drop constraint log_test_refuse");
    }
    assert.equal(reply.error?.code, "INTERNAL");
    const text = captured.lines.join("");
    const failures = parsed(captured.lines).filter((l) => l.event === "chat:send");
    assert.equal(failures.length, 1, text);
    assert.equal(failures[0]!.level, "error");
    assert.equal(typeof failures[0]!.reqId, "string", "the socket event has a request id");
    assert.doesNotMatch(text, /ひみつ|申し送り/);
    assert.doesNotMatch(text, /params:|insert into/i);
  });
});
