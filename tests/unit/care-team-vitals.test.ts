import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CareTeamPostInput,
  VITAL_FIELDS,
  VITAL_RANGES,
  VitalSignsInput,
} from "../../server/domain/care-team/care-team.schema";

const issuesOf = (value: unknown) => {
  const r = VitalSignsInput.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

/** A complete, plausible entry, so one field at a time can be moved to its edges. */
const normal = { systolic: 120, diastolic: 70, pulse: 70, spo2: 97, temperature: 36.5, weight: 50 };

describe("vital-sign entries: each field's range, refused on that field", () => {
  for (const field of VITAL_FIELDS) {
    const { min, max } = VITAL_RANGES[field];
    it(`${field}: ${min}–${max} accepted at both ends, refused just outside`, () => {
      // the blood pressure pair keeps its order at the edges: its partner moves out of the way
      const at = (v: number) => {
        const entry: Record<string, number> = { ...normal, [field]: v };
        if (field === "systolic") entry.diastolic = Math.min(normal.diastolic, v - 1);
        if (field === "diastolic") entry.systolic = Math.max(normal.systolic, v + 1);
        return entry;
      };
      assert.deepEqual(issuesOf(at(min)), []);
      assert.deepEqual(issuesOf(at(max)), []);
      assert.deepEqual(issuesOf(at(min - 0.5)), [field]);
      assert.deepEqual(issuesOf(at(max + 0.5)), [field]);
      assert.deepEqual(issuesOf({ ...normal, [field]: "36,5" }), [field], "text is not a number");
      assert.deepEqual(issuesOf({ ...normal, [field]: Number.NaN }), [field]);
    });
  }

  it("wants both blood pressures, the diastolic below the systolic", () => {
    assert.deepEqual(issuesOf({ systolic: 120 }), ["diastolic"]);
    assert.deepEqual(issuesOf({ diastolic: 80 }), ["systolic"]);
    assert.deepEqual(issuesOf({ systolic: 120, diastolic: 120 }), ["diastolic"]);
    assert.deepEqual(issuesOf({ pulse: 80 }), [], "a pulse alone is an entry");
  });

  it("refuses a field it does not know (a typo is not silently dropped)", () => {
    assert.deepEqual(issuesOf({ pulse: 80, puls: 80 }), [""]);
  });
});

describe("a post's own rules", () => {
  const base = { patientId: "7c0a4c3e-7d6f-4e55-9a4b-0c6f0f3b7a11", clientKey: "abcdefgh12" };
  const fields = (value: unknown) => {
    const r = CareTeamPostInput.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };
  it("needs something written or measured", () => {
    assert.deepEqual(fields({ ...base, body: "  " }), ["body"]);
    assert.deepEqual(fields({ ...base, vitals: { pulse: 70 } }), []);
    assert.deepEqual(fields({ ...base, dailyLiving: { meals: "全量" } }), []);
  });
  it("asks for a due time with 'needs a reply', and a reply cannot ask for one", () => {
    assert.deepEqual(fields({ ...base, body: "x", needsReply: true }), ["replyDueAt"]);
    assert.deepEqual(
      fields({ ...base, body: "x", needsReply: true, replyDueAt: "2027-01-01T10:00:00+09:00" }),
      [],
    );
    assert.deepEqual(
      fields({
        ...base,
        body: "x",
        parentId: base.patientId,
        needsReply: true,
        replyDueAt: "2027-01-01T10:00:00+09:00",
      }),
      ["needsReply"],
    );
  });
  it("takes a device key of 8–64 URL-safe characters only", () => {
    assert.deepEqual(fields({ ...base, body: "x", clientKey: "short" }), ["clientKey"]);
    assert.deepEqual(fields({ ...base, body: "x", clientKey: "has space in it" }), ["clientKey"]);
  });
});
