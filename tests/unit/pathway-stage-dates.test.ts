import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toCsv } from "../../server/domain/pathways/export-pathway-statistics";
import {
  dayOfStay,
  lengthOfStay,
  measureDateIssues,
  stageDateIssues,
} from "../../server/domain/pathways/stage-dates";
import { textOf } from "../helpers/messages";

const acute = {
  name: { ja: "急性期病院", en: "Acute hospital" },
  admittedOn: "2026-06-01",
  dischargedOn: "2026-06-18",
};
const home = {
  name: { ja: "在宅・介護施設", en: "Home or care facility" },
  admittedOn: "2026-09-10",
  dischargedOn: null,
};
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

describe("pathway stage dates", () => {
  it("accept consecutive stages, a transfer on the day of discharge included", () => {
    assert.deepEqual(
      stageDateIssues(
        { admittedOn: "2026-06-18", dischargedOn: "2026-09-10" },
        { previous: acute, next: home },
      ),
      [],
    );
    assert.deepEqual(
      stageDateIssues({ admittedOn: null, dischargedOn: null }, { previous: acute, next: home }),
      [],
    );
  });

  it("refuse a discharge before the admission, on the discharge", () => {
    const issues = stageDateIssues({ admittedOn: "2026-06-18", dischargedOn: "2026-06-17" });
    assert.deepEqual(fields(issues), ["dischargedOn"]);
    assert.match(textOf(issues[0]!), /退院日（終了日）2026-06-17 が入院日（開始日）2026-06-18 より前です/);
    assert.equal(textOf(issues[0]!, "en"), "The discharge 2026-06-17 is before the admission 2026-06-18");
  });

  it("refuse overlaps with the stage before (on the admission) and after (on the discharge)", () => {
    assert.deepEqual(
      fields(stageDateIssues({ admittedOn: "2026-06-17", dischargedOn: null }, { previous: acute })),
      ["admittedOn"],
    );
    assert.deepEqual(
      fields(stageDateIssues({ admittedOn: "2026-06-18", dischargedOn: "2026-09-11" }, { next: home })),
      ["dischargedOn"],
    );
    // the previous stage not discharged yet: its admission bounds the next
    assert.deepEqual(
      fields(
        stageDateIssues(
          { admittedOn: "2026-05-31", dischargedOn: null },
          { previous: { ...acute, dischargedOn: null } },
        ),
      ),
      ["admittedOn"],
    );
    assert.deepEqual(
      fields(
        stageDateIssues(
          { admittedOn: "2026-06-10", dischargedOn: "2026-06-01" },
          { previous: acute, next: home },
        ),
      ),
      ["dischargedOn", "admittedOn"],
    );
  });

  it("keep a dated measure inside its stage", () => {
    const instrument = (key: string) =>
      key === "surgery_date"
        ? ({ kind: "date", label: { ja: "手術日", en: "Surgery" } } as const)
        : undefined;
    const dates = { admittedOn: "2026-08-01", dischargedOn: "2026-08-20" };
    assert.deepEqual(
      measureDateIssues({ surgery_date: "2026-08-02", barthel_admission: 5 }, dates, instrument),
      [],
    );
    assert.deepEqual(fields(measureDateIssues({ surgery_date: "2026-07-31" }, dates, instrument)), [
      "measures.surgery_date",
    ]);
    assert.deepEqual(fields(measureDateIssues({ surgery_date: "2026-08-21" }, dates, instrument)), [
      "measures.surgery_date",
    ]);
  });

  it("count the length of stay as Japanese hospitals do (both days)", () => {
    assert.equal(lengthOfStay({ admittedOn: "2026-06-01", dischargedOn: "2026-06-18" }), 18);
    assert.equal(lengthOfStay({ admittedOn: "2026-06-01", dischargedOn: "2026-06-01" }), 1);
    assert.equal(lengthOfStay({ admittedOn: "2024-02-28", dischargedOn: "2024-03-01" }), 3);
    assert.equal(lengthOfStay({ admittedOn: "2026-06-01", dischargedOn: null }), null);
  });
});

describe("pathway statistics CSV", () => {
  it("is RFC 4180 with a UTF-8 byte-order mark: CRLF, quotes doubled, fields with commas and breaks quoted", () => {
    const csv = toCsv([
      ["指標", "値"],
      ['say "hi"', 1],
      ["a,b", -5],
      ["two\nlines", null],
      ["退院先", 2.5],
    ]);
    assert.equal(csv, '\uFEFF指標,値\r\n"say ""hi""",1\r\n"a,b",-5\r\n"two\nlines",\r\n退院先,2.5\r\n');
  });

  it("keeps a spreadsheet from running text as a formula, numbers untouched", () => {
    assert.equal(toCsv([["=HYPERLINK(1)", "+1", "-x", "@a", -3]]), "\uFEFF'=HYPERLINK(1),'+1,'-x,'@a,-3\r\n");
  });

  it("counts an open stay's day so far the way a stay is counted (admission day is day 1)", () => {
    const today = { year: 2026, month: 6, day: 14 };
    assert.equal(dayOfStay({ admittedOn: "2026-06-01", dischargedOn: null }, today), 14);
    assert.equal(dayOfStay({ admittedOn: "2026-06-14", dischargedOn: null }, today), 1);
    // not yet admitted, or already discharged: no day of stay
    assert.equal(dayOfStay({ admittedOn: "2026-06-15", dischargedOn: null }, today), null);
    assert.equal(dayOfStay({ admittedOn: "2026-06-01", dischargedOn: "2026-06-10" }, today), null);
    assert.equal(dayOfStay({ admittedOn: null, dischargedOn: null }, today), null);
  });
});
