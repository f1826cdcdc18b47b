import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  REFERRAL_STATUSES,
  REFERRAL_TRANSITION_NAMES,
  assertTransition,
  availableTransitions,
  type ReferralStatus,
  type ReferralTransition,
} from "../../server/domain/referrals/referral-status";
import { ReferralLetterContent, SendableReferralLetter } from "../../server/model/referral-letter";

// The expected loop, written out independently of the implementation's table.
const ALLOWED: Record<ReferralTransition, ReferralStatus[]> = {
  send: ["draft"],
  receive: ["sent", "forwarded"],
  accept: ["received"],
  decline: ["received"],
  forward: ["received"],
  interim_report: ["accepted", "interim_report"],
  complete: ["accepted", "interim_report"],
  cancel: ["draft", "sent", "received", "forwarded"],
  reschedule: ["accepted", "interim_report"],
};
const TARGET: Record<ReferralTransition, ReferralStatus | "same"> = {
  send: "sent",
  receive: "received",
  accept: "accepted",
  decline: "declined",
  forward: "forwarded",
  interim_report: "interim_report",
  complete: "completed",
  cancel: "cancelled",
  reschedule: "same",
};

describe("referral status machine: every status × every transition", () => {
  it("covers every transition the implementation knows", () => {
    assert.deepEqual([...REFERRAL_TRANSITION_NAMES].sort(), Object.keys(ALLOWED).sort());
  });
  for (const status of REFERRAL_STATUSES) {
    for (const transition of REFERRAL_TRANSITION_NAMES) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed) {
          const target = TARGET[transition];
          assert.equal(assertTransition(status, transition), target === "same" ? status : target);
        } else {
          assert.throws(
            () => assertTransition(status, transition),
            (e: unknown) =>
              e instanceof DomainError && e.code === "INVALID_TRANSITION" && e.httpStatus === 409,
          );
        }
      });
    }
  }
  it("offers each side only its own transitions", () => {
    assert.deepEqual(availableTransitions("received", "destination").sort(), [
      "accept",
      "decline",
      "forward",
    ]);
    assert.deepEqual(availableTransitions("received", "referrer"), ["cancel"]);
    assert.deepEqual(availableTransitions("accepted", "referrer"), []);
    assert.deepEqual(availableTransitions("completed", "destination"), []);
    assert.deepEqual(availableTransitions("draft", "referrer").sort(), ["cancel", "send"]);
  });
});

describe("a referral letter must be complete to send", () => {
  it("names each missing section", () => {
    const result = SendableReferralLetter.safeParse(ReferralLetterContent.parse({}));
    assert.equal(result.success, false);
    const fields = result.error.issues.map((i) => i.path.join("."));
    assert.deepEqual(fields.sort(), ["chiefComplaint", "diagnoses", "purpose"]);
  });
  it("refuses 'no known allergies' next to a listed allergy, and a malformed ICD-10 code", () => {
    const result = SendableReferralLetter.safeParse({
      purpose: "精査",
      chiefComplaint: "胸痛",
      diagnoses: [{ name: "狭心症", icd10: "I2O" }],
      allergies: [{ substance: "ペニシリン" }],
      noKnownAllergies: true,
    });
    assert.equal(result.success, false);
    const fields = result.error.issues.map((i) => i.path.join("."));
    assert.ok(fields.includes("diagnoses.0.icd10"), fields.join());
  });
  it("accepts a complete letter and normalises the ICD-10 code", () => {
    const letter = SendableReferralLetter.parse({
      purpose: "精査",
      chiefComplaint: "胸痛",
      diagnoses: [{ name: "狭心症", icd10: " i20.9 " }],
    });
    assert.equal(letter.diagnoses[0]!.icd10, "I20.9");
  });
});
