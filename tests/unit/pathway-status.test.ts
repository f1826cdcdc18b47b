import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  ENROLMENT_STATUSES,
  ENROLMENT_TRANSITION_NAMES,
  STAGE_STATUSES,
  STAGE_TRANSITION_NAMES,
  assertEnrolmentTransition,
  assertStageTransition,
  type EnrolmentStatus,
  type EnrolmentTransition,
  type StageStatus,
  type StageTransition,
} from "../../server/domain/pathways/pathway-status";

// The expected machines, written out independently of the implementation's tables.
const ENROLMENT: Record<EnrolmentTransition, { from: EnrolmentStatus[]; to: EnrolmentStatus | "same" }> = {
  request_handover: { from: ["active"], to: "same" },
  cancel_handover: { from: ["active"], to: "same" },
  accept_handover: { from: ["active"], to: "same" },
  decline_handover: { from: ["active"], to: "same" },
  record_measures: { from: ["active"], to: "same" },
  record_variance: { from: ["active"], to: "same" },
  complete: { from: ["active"], to: "completed" },
  withdraw: { from: ["active"], to: "withdrawn" },
};
const STAGE: Record<StageTransition, { from: StageStatus[]; to: StageStatus }> = {
  accept: { from: ["requested"], to: "active" },
  decline: { from: ["requested"], to: "declined" },
  cancel: { from: ["requested"], to: "cancelled" },
  hand_over: { from: ["active"], to: "completed" },
  complete: { from: ["active"], to: "completed" },
  discontinue: { from: ["active"], to: "discontinued" },
};

const refused = (e: unknown) =>
  e instanceof DomainError && e.code === "INVALID_TRANSITION" && e.httpStatus === 409;

describe("pathway enrolment status machine: every status × every transition", () => {
  it("covers every transition and status the implementation knows", () => {
    assert.deepEqual([...ENROLMENT_TRANSITION_NAMES].sort(), Object.keys(ENROLMENT).sort());
    assert.deepEqual([...ENROLMENT_STATUSES], ["active", "completed", "withdrawn"]);
  });
  for (const status of ENROLMENT_STATUSES) {
    for (const transition of ENROLMENT_TRANSITION_NAMES) {
      const rule = ENROLMENT[transition];
      const allowed = rule.from.includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed)
          assert.equal(assertEnrolmentTransition(status, transition), rule.to === "same" ? status : rule.to);
        else assert.throws(() => assertEnrolmentTransition(status, transition), refused);
      });
    }
  }
});

describe("pathway stage status machine: every status × every transition", () => {
  it("covers every transition and status the implementation knows", () => {
    assert.deepEqual([...STAGE_TRANSITION_NAMES].sort(), Object.keys(STAGE).sort());
    assert.deepEqual([...STAGE_STATUSES].sort(), [
      "active",
      "cancelled",
      "completed",
      "declined",
      "discontinued",
      "requested",
    ]);
  });
  for (const status of STAGE_STATUSES) {
    for (const transition of STAGE_TRANSITION_NAMES) {
      const rule = STAGE[transition];
      const allowed = rule.from.includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed) assert.equal(assertStageTransition(status, transition), rule.to);
        else assert.throws(() => assertStageTransition(status, transition), refused);
      });
    }
  }
});
