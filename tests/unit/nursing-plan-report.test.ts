import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { daysOfMonth, monthLabel } from "../../server/model/care-documents/home-nursing";
import {
  NursingPlanContent,
  SendableNursingPlan,
  therapistsVisit,
} from "../../server/model/care-documents/nursing-plan";
import {
  NursingReportContent,
  SendableNursingReport,
  daysMarked,
} from "../../server/model/care-documents/nursing-report";
import { completeNursingPlan, completeNursingReport } from "../helpers/home-nursing-content";
import { fieldsOf, messageOf } from "../helpers/messages";

const INSTRUCTION = "5d7f7c1e-3c55-4b7a-9c1e-0f2b8f0a9e11";

describe("months", () => {
  it("lists the days of a month, leap years included", () => {
    assert.equal(daysOfMonth("2026-12").length, 31);
    assert.equal(daysOfMonth("2027-02").length, 28);
    assert.equal(daysOfMonth("2028-02").at(-1), "2028-02-29");
    assert.equal(daysOfMonth("2026-04")[0], "2026-04-01");
    assert.throws(() => daysOfMonth("2026-13"), RangeError);
    assert.equal(monthLabel("2026-04"), "2026年4月");
  });
});

describe("訪問看護計画書: refusals name the field", () => {
  const complete = completeNursingPlan("2026-12", INSTRUCTION);
  it("accepts a complete plan, and an empty draft", () => {
    assert.deepEqual(fieldsOf(SendableNursingPlan, complete), []);
    assert.deepEqual(fieldsOf(NursingPlanContent, {}), []);
    const draft = NursingPlanContent.parse({});
    assert.equal(draft.instructionId, null);
    assert.equal(draft.suppliesNeeded, null, "not answered is not 'no'");
  });
  it("refuses, in a draft too, a month that is not one, repeated professions, and 'no supplies' with supplies listed", () => {
    const draft = NursingPlanContent;
    assert.deepEqual(fieldsOf(draft, { month: "2026-13" }), ["month"]);
    assert.deepEqual(fieldsOf(draft, { month: "2026-1" }), ["month"]);
    assert.equal(messageOf(draft, { month: "12月" }, "month"), "月を YYYY-MM の形で入力してください");
    assert.deepEqual(fieldsOf(draft, { instructionId: "instruction-1" }), ["instructionId"]);
    assert.deepEqual(fieldsOf(draft, { visitProfessions: ["nurse", "nurse"] }), ["visitProfessions.1"]);
    assert.deepEqual(fieldsOf(draft, { visitProfessions: ["doctor"] }), ["visitProfessions.0"]);
    assert.deepEqual(fieldsOf(draft, { visitsPerWeek: 0 }), ["visitsPerWeek"]);
    assert.deepEqual(fieldsOf(draft, { visitsPerWeek: 2.5 }), ["visitsPerWeek"]);
    assert.deepEqual(fieldsOf(draft, { suppliesNeeded: false, supplies: [{ name: "ガーゼ" }] }), [
      "suppliesNeeded",
    ]);
    assert.deepEqual(fieldsOf(draft, { supplies: [{ name: "" }] }), ["supplies.0.name"]);
    assert.deepEqual(fieldsOf(draft, { problems: [{ recordedOn: "2026-02-30" }] }), [
      "problems.0.recordedOn",
    ]);
    assert.deepEqual(fieldsOf(draft, { goals: "a\u0000b" }), ["goals"]);
    assert.deepEqual(fieldsOf(draft, { goals: "あ".repeat(2001) }), ["goals"]);
    assert.deepEqual(fieldsOf(draft, { careLevel: "care_6" }), ["careLevel"]);
  });
  it("wants before sending: the month, the instruction, goals, a problem and its support, the visits, and the supplies answered", () => {
    assert.deepEqual(fieldsOf(SendableNursingPlan, {}), [
      "goals",
      "instructionId",
      "month",
      "problems",
      "suppliesNeeded",
      "visitProfessions",
      "visitsPerWeek",
    ]);
    assert.deepEqual(
      fieldsOf(SendableNursingPlan, {
        ...complete,
        problems: [{ problem: "褥瘡" }, { support: "体位変換" }],
      }),
      ["problems.0.support", "problems.1.problem"],
    );
    assert.equal(
      messageOf(SendableNursingPlan, {}, "instructionId"),
      "計画が基づく訪問看護指示書を選んでください",
    );
  });
  it("wants a rehabilitation plan when therapists visit, and the supplies when care needs them", () => {
    assert.deepEqual(fieldsOf(SendableNursingPlan, { ...complete, rehabilitationPlan: "" }), [
      "rehabilitationPlan",
    ]);
    assert.deepEqual(
      fieldsOf(SendableNursingPlan, { ...complete, rehabilitationPlan: "", visitProfessions: ["nurse"] }),
      [],
      "nurses only: no rehabilitation plan needed",
    );
    assert.ok(therapistsVisit({ visitProfessions: ["speech_therapist"] }));
    assert.ok(!therapistsVisit({ visitProfessions: ["nurse", "assistant_nurse"] }));
    assert.deepEqual(fieldsOf(SendableNursingPlan, { ...complete, supplies: [] }), ["supplies"]);
    assert.deepEqual(fieldsOf(SendableNursingPlan, { ...complete, suppliesNeeded: false, supplies: [] }), []);
  });
});

describe("訪問看護報告書: the calendar and refusals naming the field", () => {
  const complete = completeNursingReport();
  it("accepts a complete report, and an empty draft; keeps the visit days in date order", () => {
    assert.deepEqual(fieldsOf(SendableNursingReport, complete), []);
    assert.deepEqual(fieldsOf(NursingReportContent, {}), []);
    const parsed = NursingReportContent.parse({
      month: "2026-12",
      visits: [
        { date: "2026-12-20", marks: ["nurse"] },
        { date: "2026-12-03", marks: ["therapist"] },
      ],
    });
    assert.deepEqual(
      parsed.visits.map((v) => v.date),
      ["2026-12-03", "2026-12-20"],
    );
  });
  it("counts the days of each mark", () => {
    const { visits } = SendableNursingReport.parse(complete);
    assert.equal(daysMarked(visits, "nurse"), 4);
    assert.equal(daysMarked(visits, "therapist"), 2);
    assert.equal(daysMarked(visits, "emergency"), 1);
    assert.equal(daysMarked(visits, "special_instruction"), 0);
  });
  it("refuses, in a draft too, a day outside the month or not a day, a day twice, a mark twice or none, a mark not on the form", () => {
    const draft = NursingReportContent;
    const month = "2026-12";
    assert.deepEqual(fieldsOf(draft, { month, visits: [{ date: "2027-01-02", marks: ["nurse"] }] }), [
      "visits.0.date",
    ]);
    assert.equal(
      messageOf(draft, { month, visits: [{ date: "2026-11-30", marks: ["nurse"] }] }, "visits.0.date"),
      "訪問日が報告期間の月に入っていません",
    );
    assert.deepEqual(
      fieldsOf(draft, { month: "2027-02", visits: [{ date: "2027-02-29", marks: ["nurse"] }] }),
      ["visits.0.date"],
    );
    assert.deepEqual(
      fieldsOf(draft, {
        month,
        visits: [
          { date: "2026-12-05", marks: ["nurse"] },
          { date: "2026-12-05", marks: ["therapist"] },
        ],
      }),
      ["visits.1.date"],
    );
    assert.deepEqual(
      fieldsOf(draft, { month, visits: [{ date: "2026-12-05", marks: ["nurse", "nurse"] }] }),
      ["visits.0.marks.1"],
    );
    assert.deepEqual(fieldsOf(draft, { month, visits: [{ date: "2026-12-05", marks: [] }] }), [
      "visits.0.marks",
    ]);
    assert.deepEqual(fieldsOf(draft, { month, visits: [{ date: "2026-12-05", marks: ["doctor"] }] }), [
      "visits.0.marks.0",
    ]);
    assert.deepEqual(fieldsOf(draft, { familyCare: "あ".repeat(2001) }), ["familyCare"]);
  });
  it("wants before sending: the month, a visit day, the course, the nursing given, the family care", () => {
    assert.deepEqual(fieldsOf(SendableNursingReport, {}), [
      "conditionCourse",
      "familyCare",
      "month",
      "nursingGiven",
      "visits",
    ]);
    assert.equal(messageOf(SendableNursingReport, {}, "visits"), "訪問日を1日以上入力してください");
  });
  it("wants the rehabilitation given when therapists visited; a therapists-only month needs no nursing text", () => {
    assert.deepEqual(fieldsOf(SendableNursingReport, { ...complete, rehabilitationGiven: "" }), [
      "rehabilitationGiven",
    ]);
    const therapistOnly = {
      ...complete,
      visits: [{ date: "2026-12-04", marks: ["therapist"] }],
      nursingGiven: "",
    };
    assert.deepEqual(fieldsOf(SendableNursingReport, therapistOnly), []);
    assert.deepEqual(
      fieldsOf(SendableNursingReport, {
        ...complete,
        visits: [{ date: "2026-12-04", marks: ["nurse"] }],
        rehabilitationGiven: "",
      }),
      [],
      "nurses only: no rehabilitation text needed",
    );
  });
});
