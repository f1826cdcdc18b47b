import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  CONFERENCE_STATUSES,
  CONFERENCE_TRANSITIONS,
  assertTransition,
  type ConferenceStatus,
  type ConferenceTransition,
} from "../../server/domain/conferences/conference-status";
import { CONFERENCE_ROLES, grantsFor } from "../../server/domain/conferences/grants";

// The expected table, written out independently of the implementation's.
const ALLOWED: Record<ConferenceTransition, ConferenceStatus[]> = {
  open: ["scheduled"],
  go_live: ["open"],
  end: ["open", "live"],
  cancel: ["scheduled"],
  pause: ["live"],
};
const TARGET: Record<ConferenceTransition, ConferenceStatus> = {
  open: "open",
  go_live: "live",
  end: "ended",
  cancel: "cancelled",
  pause: "open",
};

describe("conference status machine", () => {
  for (const status of CONFERENCE_STATUSES) {
    for (const transition of Object.keys(CONFERENCE_TRANSITIONS) as ConferenceTransition[]) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${transition} from ${status} is ${allowed ? "allowed" : "refused with 409"}`, () => {
        if (allowed) {
          assert.equal(assertTransition(status, transition), TARGET[transition]);
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
  it("has no way out of ended or cancelled", () => {
    for (const t of Object.keys(CONFERENCE_TRANSITIONS) as ConferenceTransition[]) {
      assert.throws(() => assertTransition("ended", t));
      assert.throws(() => assertTransition("cancelled", t));
    }
  });
});

describe("conference grants by role", () => {
  it("lets only the host manage, hosts and moderators moderate, observers not publish", () => {
    assert.deepEqual(
      CONFERENCE_ROLES.map((r) => [r, grantsFor(r).manage, grantsFor(r).moderate, grantsFor(r).publishVideo]),
      [
        ["host", true, true, true],
        ["moderator", false, true, true],
        ["participant", false, false, true],
        ["observer", false, false, false],
      ],
    );
    for (const r of CONFERENCE_ROLES) assert.equal(grantsFor(r).chat, true);
  });
});
