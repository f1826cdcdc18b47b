import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  INSTRUCTION_STATUSES,
  INSTRUCTION_TRANSITION_NAMES,
  assertInstructionPeriod,
  assertTransition,
  availableTransitions,
  expiringSoon,
  inForce,
  latestEnd,
  type InstructionStatus,
  type InstructionTransition,
} from "../../server/domain/nursing-instructions/instruction-status";

// The expected life, written out independently of the implementation's table.
const ALLOWED: Record<InstructionTransition, InstructionStatus[]> = {
  send: ["draft"],
  acknowledge: ["sent"],
  cancel: ["draft", "sent"],
  expire: ["sent", "acknowledged"],
};
const TARGET: Record<InstructionTransition, InstructionStatus> = {
  send: "sent",
  acknowledge: "acknowledged",
  cancel: "cancelled",
  expire: "expired",
};

describe("訪問看護指示書: every status × every transition", () => {
  for (const status of INSTRUCTION_STATUSES) {
    for (const transition of INSTRUCTION_TRANSITION_NAMES) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${status} --${transition}--> ${allowed ? TARGET[transition] : "refused"}`, () => {
        if (allowed) assert.equal(assertTransition(status, transition), TARGET[transition]);
        else
          assert.throws(
            () => assertTransition(status, transition),
            (e: unknown) => e instanceof DomainError && e.code === "INVALID_TRANSITION",
          );
      });
    }
  }
  it("offers each side only its own transitions", () => {
    assert.deepEqual(availableTransitions("draft", "physician"), ["send", "cancel"]);
    assert.deepEqual(availableTransitions("sent", "station"), ["acknowledge"]);
    assert.deepEqual(availableTransitions("sent", "physician"), ["cancel"]);
    assert.deepEqual(availableTransitions("acknowledged", "physician"), []);
    assert.deepEqual(availableTransitions("acknowledged", "system"), ["expire"]);
    for (const final of ["expired", "cancelled"] as const)
      for (const side of ["physician", "station", "system"] as const)
        assert.deepEqual(availableTransitions(final, side), [], `${final} is final`);
  });
});

describe("the instruction's period", () => {
  it("runs at most six months less a day, clamped to a month's end", () => {
    assert.equal(latestEnd("regular", "2026-04-01"), "2026-09-30");
    assert.equal(latestEnd("regular", "2026-12-15"), "2027-06-14");
    assert.equal(latestEnd("regular", "2026-08-31"), "2027-02-28");
    assert.equal(latestEnd("regular", "2027-08-31"), "2028-02-29");
  });
  it("runs at most 14 days for a special instruction", () => {
    assert.equal(latestEnd("special", "2026-12-25"), "2027-01-07");
  });
  const refusedOn = (field: string) => (e: unknown) =>
    e instanceof DomainError && e.code === "VALIDATION" && e.fields.some((f) => f.field === field);
  it("refuses a period too long, backwards or not a date, naming the field", () => {
    assert.doesNotThrow(() => assertInstructionPeriod("regular", "2026-04-01", "2026-09-30"));
    assert.throws(
      () => assertInstructionPeriod("regular", "2026-04-01", "2026-10-01"),
      refusedOn("periodEnd"),
    );
    assert.doesNotThrow(() => assertInstructionPeriod("special", "2026-12-01", "2026-12-14"));
    assert.throws(
      () => assertInstructionPeriod("special", "2026-12-01", "2026-12-15"),
      refusedOn("periodEnd"),
    );
    assert.throws(
      () => assertInstructionPeriod("regular", "2026-12-01", "2026-11-30"),
      refusedOn("periodEnd"),
    );
    assert.throws(
      () => assertInstructionPeriod("regular", "2026-02-30", "2026-03-01"),
      refusedOn("periodStart"),
    );
    assert.throws(() => assertInstructionPeriod("regular", "2026-12-01", "12/31"), refusedOn("periodEnd"));
  });
  it("is in force while sent or acknowledged and inside the period, and warns two weeks ahead", () => {
    const period = { start: "2026-07-01", end: "2026-12-31" };
    assert.ok(inForce("acknowledged", period, "2026-12-31"));
    assert.ok(!inForce("acknowledged", period, "2027-01-01"));
    assert.ok(!inForce("draft", period, "2026-08-01"));
    assert.ok(!inForce("cancelled", period, "2026-08-01"));
    assert.ok(expiringSoon("sent", period, "2026-12-18"));
    assert.ok(!expiringSoon("sent", period, "2026-12-17"));
    assert.ok(!expiringSoon("expired", period, "2026-12-30"));
  });
});
