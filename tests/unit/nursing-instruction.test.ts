import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  INSTRUCTION_STATUSES,
  INSTRUCTION_TRANSITION_NAMES,
  assertTransition,
  availableTransitions,
  expiringSoon,
  inForce,
  statusOn,
  tokyoToday,
  type InstructionStatus,
  type InstructionTransition,
} from "../../server/domain/nursing-instructions/instruction-status";
import {
  latestEnd,
  NursingInstructionContent,
  SendableNursingInstruction,
} from "../../server/model/nursing-instruction";
import { CancelInstructionInput } from "../../server/domain/nursing-instructions/nursing-instructions.schema";
import { completeInstruction } from "../helpers/nursing-instruction-content";
import { textOf } from "../helpers/messages";

// The expected life, written out independently of the implementation's table.
const ALLOWED: Record<InstructionTransition, InstructionStatus[]> = {
  send: ["draft"],
  acknowledge: ["sent"],
  supersede: ["sent", "acknowledged"],
  cancel: ["sent", "acknowledged"],
  expire: ["sent", "acknowledged"],
};
const TARGET: Record<InstructionTransition, InstructionStatus> = {
  send: "sent",
  acknowledge: "acknowledged",
  supersede: "superseded",
  cancel: "cancelled",
  expire: "expired",
};

describe("訪問看護指示書: every status × every transition", () => {
  it("knows exactly the statuses and transitions written out here", () => {
    assert.deepEqual([...INSTRUCTION_STATUSES].sort(), [
      "acknowledged",
      "cancelled",
      "draft",
      "expired",
      "sent",
      "superseded",
    ]);
    assert.deepEqual([...INSTRUCTION_TRANSITION_NAMES].sort(), Object.keys(ALLOWED).sort());
  });
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
  it("offers each side only its own transitions; superseded, cancelled and expired are final", () => {
    assert.deepEqual(availableTransitions("draft", "physician"), ["send"]);
    assert.deepEqual(availableTransitions("sent", "physician"), ["supersede", "cancel"]);
    assert.deepEqual(availableTransitions("acknowledged", "physician"), ["supersede", "cancel"]);
    assert.deepEqual(availableTransitions("draft", "station"), []);
    assert.deepEqual(availableTransitions("sent", "station"), ["acknowledge"]);
    assert.deepEqual(availableTransitions("acknowledged", "station"), []);
    assert.deepEqual(availableTransitions("acknowledged", "system"), ["expire"]);
    for (const final of ["expired", "superseded", "cancelled"] as const)
      for (const side of ["physician", "station", "system"] as const)
        assert.deepEqual(availableTransitions(final, side), [], `${final} is final`);
  });
});

describe("the instruction's period and the clock", () => {
  it("runs at most six months less a day, clamped to a month's end", () => {
    assert.equal(latestEnd("regular", "2026-04-01"), "2026-09-30");
    assert.equal(latestEnd("regular", "2026-12-15"), "2027-06-14");
    assert.equal(latestEnd("regular", "2026-08-31"), "2027-02-28");
    assert.equal(latestEnd("regular", "2027-08-31"), "2028-02-29");
  });
  it("runs at most 14 days for a special instruction, the first day counted", () => {
    assert.equal(latestEnd("special", "2026-12-25"), "2027-01-07");
  });
  const period = { start: "2026-07-01", end: "2026-12-31" };
  it("expires the day after its last day, whatever its stored status, never a draft or a superseded one", () => {
    assert.equal(statusOn("acknowledged", period, "2026-12-31"), "acknowledged");
    assert.equal(statusOn("acknowledged", period, "2027-01-01"), "expired");
    assert.equal(statusOn("sent", period, "2027-01-01"), "expired");
    assert.equal(statusOn("draft", period, "2027-01-01"), "draft");
    assert.equal(statusOn("superseded", period, "2027-01-01"), "superseded");
    assert.equal(statusOn("cancelled", period, "2027-01-01"), "cancelled", "a cancelled one stays cancelled");
  });
  it("is in force while sent or acknowledged and inside the period; warns 14 days ahead", () => {
    assert.ok(inForce("acknowledged", period, "2026-12-31"));
    assert.ok(inForce("sent", period, "2026-07-01"));
    assert.ok(!inForce("sent", period, "2026-06-30"), "not yet started");
    assert.ok(!inForce("expired", period, "2027-01-01"));
    assert.ok(!inForce("draft", period, "2026-08-01"));
    assert.ok(!inForce("superseded", period, "2026-08-01"));
    assert.ok(expiringSoon("sent", period, "2026-12-18"), "the last 14 days, today counted");
    assert.ok(!expiringSoon("sent", period, "2026-12-17"));
    assert.ok(expiringSoon("acknowledged", period, "2026-12-31"));
    assert.ok(!expiringSoon("superseded", period, "2026-12-30"));
    assert.ok(!inForce("cancelled", period, "2026-08-01"), "a cancelled instruction is in force nowhere");
    assert.ok(!expiringSoon("cancelled", period, "2026-12-30"));
  });
  it("reads today in Japan", () => {
    assert.equal(tokyoToday(new Date("2026-12-31T15:00:00Z")), "2027-01-01");
    assert.equal(tokyoToday(new Date("2026-12-31T14:59:59Z")), "2026-12-31");
  });
});

const fieldsOf = (schema: typeof NursingInstructionContent, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};
const messageOf = (schema: typeof NursingInstructionContent, value: unknown, field: string) => {
  const r = schema.safeParse(value);
  const issue = r.success ? undefined : r.error.issues.find((i) => i.path.join(".") === field);
  return issue ? textOf(issue.message) : "";
};

describe("the contract: refusals name the field", () => {
  const complete = completeInstruction("2026-12-01", "2027-05-31");
  it("accepts a complete instruction, and an empty draft", () => {
    assert.deepEqual(fieldsOf(SendableNursingInstruction, complete), []);
    assert.deepEqual(fieldsOf(NursingInstructionContent, {}), []);
  });
  it("refuses a period too long, backwards or not a day, in a draft too", () => {
    const draft = NursingInstructionContent;
    assert.deepEqual(fieldsOf(draft, { periodStart: "2026-12-01", periodEnd: "2027-06-01" }), ["periodEnd"]);
    assert.match(
      messageOf(draft, { periodStart: "2026-12-01", periodEnd: "2027-06-01" }, "periodEnd"),
      /6か月以内.*2027-05-31/,
    );
    assert.deepEqual(
      fieldsOf(draft, { kind: "special", periodStart: "2026-12-01", periodEnd: "2026-12-15" }),
      ["periodEnd"],
    );
    assert.match(
      messageOf(draft, { kind: "special", periodStart: "2026-12-01", periodEnd: "2026-12-15" }, "periodEnd"),
      /14日以内.*2026-12-14/,
    );
    assert.deepEqual(
      fieldsOf(draft, { kind: "special", periodStart: "2026-12-01", periodEnd: "2026-12-14" }),
      [],
    );
    assert.deepEqual(fieldsOf(draft, { periodStart: "2026-12-01", periodEnd: "2026-11-30" }), ["periodEnd"]);
    assert.deepEqual(fieldsOf(draft, { periodStart: "2026-02-30" }), ["periodStart"]);
    assert.deepEqual(fieldsOf(draft, { periodEnd: "12/31" }), ["periodEnd"]);
  });
  it("refuses levels, depths and devices outside their lists", () => {
    const draft = NursingInstructionContent;
    assert.deepEqual(fieldsOf(draft, { bedriddenLevel: "D1" }), ["bedriddenLevel"]);
    assert.deepEqual(fieldsOf(draft, { dementiaLevel: "V" }), ["dementiaLevel"]);
    assert.deepEqual(fieldsOf(draft, { careLevel: "care_6" }), ["careLevel"]);
    assert.deepEqual(fieldsOf(draft, { pressureUlcerDepth: "D6" }), ["pressureUlcerDepth"]);
    assert.deepEqual(fieldsOf(draft, { devices: [{ device: "jetpack" }] }), ["devices.0.device"]);
    assert.deepEqual(fieldsOf(draft, { devices: [{ device: "oxygen" }, { device: "oxygen", note: "2L" }] }), [
      "devices.1.device",
    ]);
    assert.deepEqual(fieldsOf(draft, { mainDiagnosis: { name: "x", icd10: "脳梗塞" } }), [
      "mainDiagnosis.icd10",
    ]);
    assert.deepEqual(fieldsOf(draft, { noMedication: true, medications: [{ name: "薬" }] }), [
      "noMedication",
    ]);
    assert.deepEqual(fieldsOf(draft, { emergencyContact: "a\u0000b" }), ["emergencyContact"]);
    assert.deepEqual(fieldsOf(draft, { currentCondition: "あ".repeat(4001) }), ["currentCondition"]);
  });
  it("wants before sending: the period, diagnosis, condition, medicines, care level, an instruction, wound care for an ulcer, the emergency contact, and the reason of a special one", () => {
    assert.deepEqual(fieldsOf(SendableNursingInstruction, {}).sort(), [
      "careInstructions",
      "careLevel",
      "currentCondition",
      "emergencyContact",
      "mainDiagnosis.name",
      "medications",
      "periodEnd",
      "periodStart",
    ]);
    assert.deepEqual(fieldsOf(SendableNursingInstruction, { ...complete, woundCare: "" }), ["woundCare"]);
    assert.deepEqual(
      fieldsOf(SendableNursingInstruction, { ...complete, woundCare: "", pressureUlcerDepth: null }),
      [],
      "no ulcer, no wound care needed",
    );
    assert.deepEqual(
      fieldsOf(SendableNursingInstruction, {
        ...complete,
        kind: "special",
        periodStart: "2026-12-01",
        periodEnd: "2026-12-14",
      }),
      ["specialReason"],
    );
    assert.equal(messageOf(SendableNursingInstruction, {}, "careLevel"), "要介護認定の状況を選んでください");
  });
});

describe("指示の取消: the reason", () => {
  const reasonFields = (value: unknown) => {
    const r = CancelInstructionInput.safeParse({
      instructionId: "0b8f6a0e-8f0a-4c57-9d43-5b1f9f0e8a11",
      revision: 3,
      reason: value,
    });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${textOf(i.message)}`);
  };
  it("is required, plain text and at most 500 characters; the refusal names the field", () => {
    assert.deepEqual(reasonFields("入院のため"), []);
    assert.deepEqual(reasonFields(""), ["reason:取消の理由を入力してください"]);
    assert.deepEqual(reasonFields("   "), ["reason:取消の理由を入力してください"]);
    assert.deepEqual(reasonFields(undefined), ["reason:取消の理由を入力してください"]);
    assert.deepEqual(reasonFields("あ".repeat(501)), ["reason:500文字以内で入力してください"]);
    assert.equal(reasonFields("入院\u0000のため").length, 1, "control characters are refused");
  });
});
