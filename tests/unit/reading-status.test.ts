import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  READING_STATUSES,
  READING_TRANSITION_NAMES,
  assertTransition,
  availableTransitions,
  isOverdue,
  readingDueAt,
  type ReadingSide,
  type ReadingStatus,
  type ReadingTransition,
} from "../../server/domain/readings/reading-status";
import {
  AcknowledgeReadingInput,
  CloseReadingInput,
  RequestReadingInput,
  SaveReadingDraftInput,
} from "../../server/domain/readings/readings.schema";
import { ReadingReportContent, SignableReadingReport } from "../../server/model/reading-report";

// The expected machine, written out independently of the implementation's table.
const ALLOWED: Record<ReadingTransition, ReadingStatus[]> = {
  accept: ["requested"],
  decline: ["requested", "accepted"],
  cancel: ["requested", "accepted"],
  report: ["accepted"],
  amend: ["reported", "acknowledged"],
  acknowledge: ["reported"],
};
const TARGET: Record<ReadingTransition, ReadingStatus> = {
  accept: "accepted",
  decline: "declined",
  cancel: "cancelled",
  report: "reported",
  amend: "reported",
  acknowledge: "acknowledged",
};
const SIDE: Record<ReadingTransition, ReadingSide> = {
  accept: "reading",
  decline: "reading",
  cancel: "requester",
  report: "reading",
  amend: "reading",
  acknowledge: "requester",
};

describe("reading request status machine: every status × every transition", () => {
  it("knows exactly these statuses and transitions", () => {
    assert.deepEqual([...READING_STATUSES].sort(), [
      "accepted",
      "acknowledged",
      "cancelled",
      "declined",
      "reported",
      "requested",
    ]);
    assert.deepEqual([...READING_TRANSITION_NAMES].sort(), Object.keys(ALLOWED).sort());
  });
  for (const status of READING_STATUSES) {
    for (const transition of READING_TRANSITION_NAMES) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${transition} from ${status} is ${allowed ? `allowed, to ${TARGET[transition]}` : "refused with 409"}`, () => {
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
    for (const side of ["requester", "reading"] as const) {
      it(`offers the ${side} side from ${status} only its own open transitions`, () => {
        const expected = READING_TRANSITION_NAMES.filter(
          (t) => SIDE[t] === side && ALLOWED[t].includes(status),
        ).sort();
        assert.deepEqual(availableTransitions(status, side).sort(), expected);
      });
    }
  }
  it("ends at declined and cancelled: nothing is open there to either side", () => {
    for (const status of ["declined", "cancelled"] as const) {
      assert.deepEqual(availableTransitions(status, "reading"), []);
      assert.deepEqual(availableTransitions(status, "requester"), []);
    }
  });
});

describe("a reading's due time follows its urgency", () => {
  const at = new Date("2026-12-01T00:00:00Z");
  it("is 2 hours for an emergency, a day when urgent, three days as routine", () => {
    assert.equal(readingDueAt(at, "emergency").toISOString(), "2026-12-01T02:00:00.000Z");
    assert.equal(readingDueAt(at, "urgent").toISOString(), "2026-12-02T00:00:00.000Z");
    assert.equal(readingDueAt(at, "routine").toISOString(), "2026-12-04T00:00:00.000Z");
  });
  it("is overdue only while the report is still owed", () => {
    const later = new Date("2026-12-01T03:00:00Z");
    assert.equal(isOverdue({ status: "requested", urgency: "emergency", requestedAt: at }, later), true);
    assert.equal(isOverdue({ status: "accepted", urgency: "emergency", requestedAt: at }, later), true);
    assert.equal(isOverdue({ status: "reported", urgency: "emergency", requestedAt: at }, later), false);
    assert.equal(isOverdue({ status: "requested", urgency: "urgent", requestedAt: at }, later), false);
  });
});

describe("reading request and report schemas name the field they refuse", () => {
  const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    (r.error?.issues ?? []).map((i) => i.path.join(".")).sort();
  const study = {
    facilityId: "00000000-0000-4000-8000-000000000001",
    studyUid: "1.2.826.0.1.3680043.8.498.1",
    sig: "A".repeat(43),
  };
  const request = {
    patientId: "00000000-0000-4000-8000-000000000002",
    readingFacilityId: "00000000-0000-4000-8000-000000000003",
    clinicalQuestion: "肺結節の評価をお願いします",
    urgency: "urgent",
    study,
  };
  it("accepts a whole request, with the study label defaulted", () => {
    const parsed = RequestReadingInput.parse(request);
    assert.deepEqual(parsed.study.label, { date: null, modalities: [], description: "" });
    assert.equal(parsed.relevantHistory, "");
  });
  it("refuses a missing question, an unknown urgency, a bad study UID or signature, by field", () => {
    assert.deepEqual(fields(RequestReadingInput.safeParse({ ...request, clinicalQuestion: "  " })), [
      "clinicalQuestion",
    ]);
    assert.deepEqual(fields(RequestReadingInput.safeParse({ ...request, urgency: "asap" })), ["urgency"]);
    assert.deepEqual(
      fields(RequestReadingInput.safeParse({ ...request, study: { ...study, studyUid: "1.2.x" } })),
      ["study.studyUid"],
    );
    assert.deepEqual(
      fields(RequestReadingInput.safeParse({ ...request, study: { ...study, sig: "short" } })),
      ["study.sig"],
    );
    assert.deepEqual(fields(RequestReadingInput.safeParse({ ...request, readingFacilityId: "not-a-uuid" })), [
      "readingFacilityId",
    ]);
    assert.deepEqual(
      fields(
        RequestReadingInput.safeParse({
          ...request,
          study: { ...study, label: { modalities: ["ct;drop"], description: "x" } },
        }),
      ),
      ["study.label.modalities.0"],
    );
  });
  it("lets a draft be empty, but a signed report needs findings and an impression", () => {
    const empty = ReadingReportContent.parse({});
    assert.deepEqual(empty, { findings: "", impression: "", recommendations: "" });
    assert.deepEqual(fields(SignableReadingReport.safeParse(empty)), ["findings", "impression"]);
    assert.equal(
      SignableReadingReport.safeParse({ findings: "右上葉に8mm結節", impression: "肺癌疑い" }).success,
      true,
    );
    assert.deepEqual(
      fields(
        SaveReadingDraftInput.safeParse({
          readingId: request.patientId,
          revision: 1,
          content: { findings: "x".repeat(8001) },
        }),
      ),
      ["content.findings"],
    );
  });
  it("asks why a request is declined or cancelled, and which version is acknowledged", () => {
    assert.deepEqual(fields(CloseReadingInput.safeParse({ readingId: request.patientId, revision: 1 })), [
      "note",
    ]);
    assert.deepEqual(
      fields(CloseReadingInput.safeParse({ readingId: request.patientId, revision: 1, note: " " })),
      ["note"],
    );
    assert.deepEqual(
      fields(AcknowledgeReadingInput.safeParse({ readingId: request.patientId, version: 0 })),
      ["version"],
    );
  });
});
