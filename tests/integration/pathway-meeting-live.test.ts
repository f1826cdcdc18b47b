import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { changeAgenda } from "../../server/domain/pathway-meetings/change-agenda";
import { joinMeeting } from "../../server/domain/pathway-meetings/join-meeting";
import { getMeetingAgenda } from "../../server/domain/pathway-meetings/meeting-agenda";
import { recordDecision } from "../../server/domain/pathway-meetings/record-decision";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { eventually } from "../helpers/eventually";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { tokyoAt } from "../helpers/tokyo";
import { TEST_TOTP_SECRET, ask, startSignalling } from "../helpers/signalling";

type AgendaChanged = { conferenceId: string; occurrenceId: string };

// The room of a pathway meeting follows its minutes live: a decision recorded or a case
// removed reaches everyone in the room at once, as ids only, over a real socket.io server.
describe("a pathway meeting's room is told when its agenda or minutes change (postgres, socket.io)", () => {
  let t: TestDatabase;
  let n: PathwayNetwork;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;
  const as = (loginId: string) => actor(n, loginId);
  let occurrenceId: string;
  let conferenceId: string;
  let enrolmentId: string;

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createPathwayNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
    ({ enrolmentId } = await enrolPatient(t.db, as("hosp.doctor"), {
      patientId: n.patients.shared,
      pathway: "stroke",
      admittedOn: "2026-11-01",
    }));
    const scheduled = await scheduleMeeting(t.db, as("hosp.liaison"), {
      title: "脳卒中地域連携パス会議",
      pathway: "stroke",
      startsAt: tokyoAt(1),
      invitees: [as("clinic.gp").practitionerId],
    });
    const occurrence = scheduled.occurrences[0]!;
    occurrenceId = occurrence.id;
    const duringTheMeeting = { now: new Date(occurrence.startsAt.getTime() + 5 * 60_000) };
    ({ conferenceId } = await joinMeeting(t.db, as("hosp.liaison"), { occurrenceId }, duringTheMeeting));
    await joinMeeting(t.db, as("clinic.gp"), { occurrenceId }, duringTheMeeting);
  });
  after(async () => {
    await signalling.close();
    await t.close();
  });

  it("pushes agenda:changed to those in the room, not to others, after each change commits", async () => {
    const coordinator = await signalling.clientFor("hosp.liaison");
    const gp = await signalling.clientFor("clinic.gp");
    const outside = await signalling.clientFor("rehab.liaison");
    const heard = {
      coordinator: [] as AgendaChanged[],
      gp: [] as AgendaChanged[],
      outside: [] as AgendaChanged[],
    };
    coordinator.on("agenda:changed", (p: AgendaChanged) => heard.coordinator.push(p));
    gp.on("agenda:changed", (p: AgendaChanged) => heard.gp.push(p));
    outside.on("agenda:changed", (p: AgendaChanged) => heard.outside.push(p));
    for (const socket of [coordinator, gp]) {
      const joined = await ask(socket, "conference:join", { conferenceId });
      assert.equal(joined.data?.admission, "admitted", JSON.stringify(joined));
    }
    assert.ok(
      (await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId })).cases.some(
        (c) => c.enrolmentId === enrolmentId,
      ),
      "her enrolment put her on the agenda",
    );

    await recordDecision(t.db, as("hosp.liaison"), {
      occurrenceId,
      enrolmentId,
      decision: "回復期リハビリテーション病院への転院を調整する",
      responsibleFacilityId: n.facilities.clinic,
    });
    await eventually(
      "both in the room hear of the decision",
      () => heard.gp.length === 1 && heard.coordinator.length === 1,
    );
    // ids only: nothing of the patient travels in the push; each reloads through its own consent
    assert.deepEqual(heard.gp, [{ conferenceId, occurrenceId }]);

    await changeAgenda(t.db, as("hosp.liaison"), { occurrenceId, enrolmentId, change: "remove" });
    await eventually("the GP hears of the removal", () => heard.gp.length === 2);
    assert.deepEqual(heard.gp[1], { conferenceId, occurrenceId });

    // a round trip on the outsider's connection: anything pushed to it before would have arrived first
    assert.equal((await ask(outside, "session:whoami", {})).ok, true);
    assert.deepEqual(heard.outside, [], "someone signed in but not in the room hears nothing");
  });

  it("tells nobody when the change is refused", async () => {
    const gp = await signalling.clientFor("clinic.gp");
    const heard: AgendaChanged[] = [];
    gp.on("agenda:changed", (p: AgendaChanged) => heard.push(p));
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "admitted");
    await assert.rejects(
      recordDecision(t.db, as("clinic.gp"), {
        occurrenceId,
        enrolmentId,
        decision: "記録できない",
        responsibleFacilityId: n.facilities.clinic,
      }),
      expectDomainError("FORBIDDEN"),
    );
    assert.equal((await ask(gp, "session:whoami", {})).ok, true);
    assert.deepEqual(heard, [], "a GP may not record minutes, and the room is not disturbed");
  });
});
