import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type z } from "zod";
import { DomainError } from "../../server/errors";
import {
  CARE_DOCUMENT_STATUSES,
  CARE_DOCUMENT_TRANSITION_NAMES,
  addDays,
  assertTransition,
  availableTransitions,
  daysFrom,
  isCalendarDay,
  isOverdue,
  statusOn,
  tokyoToday,
  type CareDocumentStatus,
  type CareDocumentTransition,
} from "../../server/model/care-documents/care-document-status";
import {
  CARE_DOCUMENT_KINDS,
  CARE_DOCUMENT_SPECS,
  careDocumentSpec,
  dueOnOf,
} from "../../server/model/care-documents/registry";
import {
  TracingReportContent,
  SendableTracingReport,
} from "../../server/model/care-documents/tracing-report";
import { FACILITY_KINDS } from "../../server/model/facility-kinds";
import { PROFESSIONS, professionMaySee } from "../../server/model/permissions";
import { completeTracingReport } from "../helpers/care-document-content";

// The expected life, written out independently of the implementation's table.
const ALLOWED: Record<CareDocumentTransition, CareDocumentStatus[]> = {
  send: ["draft"],
  discard: ["draft"],
  cancel: ["sent"],
  acknowledge: ["sent"],
  answer: ["sent", "acknowledged"],
  expire: ["sent", "acknowledged", "answered"],
};
const TARGET: Record<CareDocumentTransition, CareDocumentStatus> = {
  send: "sent",
  discard: "discarded",
  cancel: "cancelled",
  acknowledge: "acknowledged",
  answer: "answered",
  expire: "expired",
};
const SIDE: Record<CareDocumentTransition, "author" | "recipient" | "system"> = {
  send: "author",
  discard: "author",
  cancel: "author",
  acknowledge: "recipient",
  answer: "recipient",
  expire: "system",
};

describe("care documents: every status × every transition", () => {
  it("knows exactly the statuses and transitions written out here", () => {
    assert.deepEqual([...CARE_DOCUMENT_STATUSES].sort(), [
      "acknowledged",
      "answered",
      "cancelled",
      "discarded",
      "draft",
      "expired",
      "sent",
    ]);
    assert.deepEqual([...CARE_DOCUMENT_TRANSITION_NAMES].sort(), Object.keys(ALLOWED).sort());
  });

  for (const status of CARE_DOCUMENT_STATUSES) {
    for (const transition of CARE_DOCUMENT_TRANSITION_NAMES) {
      const allowed = ALLOWED[transition].includes(status);
      it(`${transition} from ${status}: ${allowed ? TARGET[transition] : "refused"}`, () => {
        if (allowed) {
          assert.equal(assertTransition(status, transition), TARGET[transition]);
          assert.ok(availableTransitions(status, SIDE[transition]).includes(transition));
        } else {
          assert.throws(
            () => assertTransition(status, transition),
            (e: unknown) => e instanceof DomainError && e.code === "INVALID_TRANSITION",
          );
          assert.ok(!availableTransitions(status, SIDE[transition]).includes(transition));
        }
      });
    }
  }

  it("ends in discarded, cancelled and expired: nothing leaves them", () => {
    for (const status of ["discarded", "cancelled", "expired"] as const) {
      for (const side of ["author", "recipient", "system"] as const) {
        assert.deepEqual(availableTransitions(status, side), []);
      }
    }
  });
});

describe("care documents: the clock's statuses (never stored)", () => {
  it("reads a sent document past its end as expired, a draft never", () => {
    assert.equal(statusOn("sent", "2026-12-06", "2026-12-07"), "expired");
    assert.equal(statusOn("answered", "2026-12-06", "2026-12-07"), "expired");
    assert.equal(statusOn("sent", "2026-12-07", "2026-12-07"), "sent", "the last day is still in force");
    assert.equal(statusOn("draft", "2026-12-01", "2026-12-07"), "draft");
    assert.equal(statusOn("cancelled", "2026-12-01", "2026-12-07"), "cancelled");
    assert.equal(statusOn("sent", null, "2030-01-01"), "sent");
  });

  it("calls a draft overdue only after its due day", () => {
    assert.equal(isOverdue("draft", "2026-12-07", "2026-12-07"), false);
    assert.equal(isOverdue("draft", "2026-12-06", "2026-12-07"), true);
    assert.equal(isOverdue("sent", "2026-12-06", "2026-12-07"), false, "sent late is not overdue");
    assert.equal(isOverdue("draft", null, "2026-12-07"), false);
  });

  it("counts Japan's calendar days", () => {
    assert.equal(addDays("2026-12-30", 3), "2027-01-02");
    assert.equal(addDays("2028-02-27", 3), "2028-03-01", "leap year");
    assert.equal(daysFrom("2026-12-07", "2026-12-10"), 3);
    assert.equal(daysFrom("2026-12-10", "2026-12-07"), -3);
    assert.equal(isCalendarDay("2027-02-29"), false);
    assert.equal(isCalendarDay("2028-02-29"), true);
    // 23:30 UTC on 6 December is 08:30 on 7 December in Japan
    assert.equal(tokyoToday(new Date("2026-12-06T23:30:00Z")), "2026-12-07");
  });
});

describe("care documents: the kind registry", () => {
  it("declares each kind coherently: authors, recipients, replies, terms", () => {
    for (const kind of CARE_DOCUMENT_KINDS) {
      const spec = CARE_DOCUMENT_SPECS[kind];
      assert.equal(spec.kind, kind);
      assert.equal(careDocumentSpec(kind), spec);
      assert.ok(spec.replies.length > 0, `${kind} can be replied to`);
      for (const p of [...spec.author.professions, ...spec.recipient.professions]) {
        assert.ok(PROFESSIONS.includes(p));
        assert.ok(professionMaySee(p, spec.dataKind), `${p} may see the ${spec.dataKind} a ${kind} holds`);
      }
      for (const f of [...spec.author.facilityKinds, ...spec.recipient.facilityKinds]) {
        assert.ok(FACILITY_KINDS.includes(f));
      }
      for (const p of spec.recipient.desk) assert.ok(spec.recipient.professions.includes(p));
      assert.ok(spec.terms.title && spec.terms.lead && spec.terms.authorRole && spec.terms.recipientRole);
      // every content field has its Japanese label
      const shape = (spec.content as unknown as z.ZodObject).shape as Record<string, unknown>;
      for (const field of Object.keys(shape))
        assert.ok(spec.terms.labels[field], `${kind}.${field} has a label`);
      // an empty draft is a valid draft, never a sendable document
      const empty = spec.content.parse({});
      assert.equal(spec.sendable.safeParse(empty).success, false);
      if (spec.due) assert.ok(Object.keys(shape).includes(spec.due.from));
    }
    assert.throws(
      () => careDocumentSpec("weekly_note"),
      (e: unknown) => e instanceof DomainError && e.code === "VALIDATION",
    );
  });

  it("computes the due date from the kind's rule only", () => {
    assert.equal(dueOnOf(CARE_DOCUMENT_SPECS.tracing_report, { adherence: "good" }), null);
    assert.equal(
      dueOnOf({ ...CARE_DOCUMENT_SPECS.tracing_report, due: { from: "x", days: 3 } }, { x: "2026-12-30" }),
      "2027-01-02",
    );
    assert.equal(
      dueOnOf({ ...CARE_DOCUMENT_SPECS.tracing_report, due: { from: "x", days: 3 } }, { x: "" }),
      null,
    );
  });
});

describe("服薬情報提供書: content", () => {
  const issues = (r: { success: boolean; error?: z.ZodError }) =>
    (r.error?.issues ?? []).map((i) => i.path.join(".")).sort();

  it("sends only complete: adherence, leftovers or none, the proposal, the patient's agreement", () => {
    assert.equal(SendableTracingReport.safeParse(completeTracingReport()).success, true);
    assert.deepEqual(issues(SendableTracingReport.safeParse({})), [
      "adherence",
      "leftovers",
      "patientAgreed",
      "proposal",
    ]);
    assert.equal(
      SendableTracingReport.safeParse({ ...completeTracingReport(), leftovers: [], noLeftovers: true })
        .success,
      true,
    );
  });

  it("keeps a draft well-formed: choices from the list, no none-with-list, lengths, one-line names", () => {
    assert.deepEqual(issues(TracingReportContent.safeParse({ adherence: "perfect" })), ["adherence"]);
    assert.deepEqual(
      issues(TracingReportContent.safeParse({ noLeftovers: true, leftovers: [{ drug: "A" }] })),
      ["noLeftovers"],
    );
    assert.deepEqual(issues(TracingReportContent.safeParse({ proposal: "あ".repeat(4001) })), ["proposal"]);
    assert.deepEqual(issues(TracingReportContent.safeParse({ leftovers: [{ drug: "A\nB" }] })), [
      "leftovers.0.drug",
    ]);
    assert.deepEqual(
      issues(
        TracingReportContent.safeParse({ leftovers: Array.from({ length: 31 }, () => ({ drug: "A" })) }),
      ),
      ["leftovers"],
    );
    const trimmed = TracingReportContent.parse({ proposal: "  減量の提案  " });
    assert.equal(trimmed.proposal, "減量の提案");
  });
});
