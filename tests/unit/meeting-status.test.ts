import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  MEETING_STATUSES,
  MEETING_TRANSITION_NAMES,
  OCCURRENCE_STATUSES,
  OCCURRENCE_TRANSITION_NAMES,
  assertMeetingTransition,
  assertOccurrenceTransition,
  type MeetingStatus,
  type MeetingTransition,
  type OccurrenceStatus,
  type OccurrenceTransition,
} from "../../server/domain/pathway-meetings/meeting-status";

// The expected machines, written out independently of the implementation's tables.
const MEETING: Record<MeetingTransition, { from: MeetingStatus[]; to: MeetingStatus | "same" }> = {
  update: { from: ["scheduled"], to: "same" },
  cancel_occurrence: { from: ["scheduled"], to: "same" },
  change_agenda: { from: ["scheduled"], to: "same" },
  join: { from: ["scheduled"], to: "same" },
  warm_up: { from: ["scheduled"], to: "same" },
  record_decision: { from: ["scheduled"], to: "same" },
  cancel: { from: ["scheduled"], to: "cancelled" },
};
const OCCURRENCE: Record<OccurrenceTransition, { from: OccurrenceStatus[]; to: OccurrenceStatus | "same" }> =
  {
    open: { from: ["scheduled"], to: "open" },
    join: { from: ["open"], to: "same" },
    cancel: { from: ["scheduled"], to: "cancelled" },
    change_agenda: { from: ["scheduled", "open"], to: "same" },
    warm_up: { from: ["scheduled", "open"], to: "same" },
    record_decision: { from: ["open"], to: "same" },
  };

const refused = (e: unknown) =>
  e instanceof DomainError && e.code === "INVALID_TRANSITION" && e.httpStatus === 409;

describe("pathway meeting status machine: every status × every transition", () => {
  it("covers every transition and status the implementation knows", () => {
    assert.deepEqual([...MEETING_TRANSITION_NAMES].sort(), Object.keys(MEETING).sort());
    assert.deepEqual([...MEETING_STATUSES], ["scheduled", "cancelled"]);
  });
  for (const status of MEETING_STATUSES) {
    for (const transition of MEETING_TRANSITION_NAMES) {
      const rule = MEETING[transition];
      const allowed = rule.from.includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed)
          assert.equal(assertMeetingTransition(status, transition), rule.to === "same" ? status : rule.to);
        else assert.throws(() => assertMeetingTransition(status, transition), refused);
      });
    }
  }
});

describe("pathway meeting occurrence status machine: every status × every transition", () => {
  it("covers every transition and status the implementation knows", () => {
    assert.deepEqual([...OCCURRENCE_TRANSITION_NAMES].sort(), Object.keys(OCCURRENCE).sort());
    assert.deepEqual([...OCCURRENCE_STATUSES], ["scheduled", "open", "cancelled"]);
  });
  for (const status of OCCURRENCE_STATUSES) {
    for (const transition of OCCURRENCE_TRANSITION_NAMES) {
      const rule = OCCURRENCE[transition];
      const allowed = rule.from.includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed)
          assert.equal(assertOccurrenceTransition(status, transition), rule.to === "same" ? status : rule.to);
        else assert.throws(() => assertOccurrenceTransition(status, transition), refused);
      });
    }
  }
});
