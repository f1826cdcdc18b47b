import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  measureKey,
  measureLabel,
  PathwayDefinition,
  stageMeasuresSchema,
  type Instrument,
} from "../../server/model/pathway-template";
import { PATHWAY_TEMPLATES } from "../../server/domain/pathways/templates";
import { hipFractureV1 } from "../../server/domain/pathways/templates/hip-fracture-v1";
import { strokeV1 } from "../../server/domain/pathways/templates/stroke-v1";
import { textOf } from "../helpers/messages";

// The clinical ranges, written out independently of the templates.
const RANGES: Record<string, { min: number; max: number; step: number }> = {
  nihss: { min: 0, max: 42, step: 1 },
  mrs: { min: 0, max: 6, step: 1 },
  barthel: { min: 0, max: 100, step: 5 },
  fim: { min: 18, max: 126, step: 1 },
  fois: { min: 1, max: 7, step: 1 },
};
const CODES: Record<string, string[]> = {
  walking: ["independent", "cane", "walker", "assisted", "wheelchair", "bedridden"],
  surgery_type: ["hemiarthroplasty", "osteosynthesis", "total_hip_arthroplasty", "conservative", "other"],
  weight_bearing: ["full", "partial", "none"],
  discharge_destination: [
    "home",
    "rehabilitation_hospital",
    "other_hospital",
    "geriatric_health_facility",
    "nursing_home",
    "residential_care",
    "death",
    "other",
  ],
};

function accepted(instrument: Instrument): unknown[] {
  switch (instrument.kind) {
    case "integer":
      return [instrument.min, instrument.max, instrument.min + instrument.step];
    case "code":
      return instrument.codes.map((c) => c.code);
    case "boolean":
      return [true, false];
    case "date":
      return ["2026-02-28", "2024-02-29"];
  }
}
function refused(instrument: Instrument): unknown[] {
  switch (instrument.kind) {
    case "integer":
      return [
        instrument.min - instrument.step,
        instrument.max + instrument.step,
        instrument.min + 0.5,
        String(instrument.min),
        ...(instrument.step > 1 ? [instrument.min + 1, instrument.max - 1] : []),
      ];
    case "code":
      return ["unknown", "", 1];
    case "boolean":
      return ["true", 1, "はい"];
    case "date":
      return ["2026-02-30", "2026/03/01", "2026-03-01T00:00:00+09:00"];
  }
}

describe("pathway templates", () => {
  it("are valid, versioned definitions, one per pathway and version", () => {
    for (const template of PATHWAY_TEMPLATES) PathwayDefinition.parse(template);
    assert.deepEqual(PATHWAY_TEMPLATES.map((t) => `${t.code}@${t.version}`).sort(), [
      "hip_fracture@1",
      "stroke@1",
    ]);
  });

  it("run acute hospital → rehabilitation hospital → home or care facility → follow-up clinic", () => {
    for (const template of [strokeV1, hipFractureV1]) {
      assert.deepEqual(
        template.stages.map((s) => [s.key, s.ownerKinds, s.inpatient]),
        [
          ["acute", ["hospital"], true],
          ["rehabilitation", ["hospital"], true],
          ["community", ["medical_clinic", "care_facility"], false],
          ["follow_up", ["medical_clinic"], false],
        ],
      );
    }
  });

  it("give each scale its clinical range", () => {
    for (const template of [strokeV1, hipFractureV1]) {
      for (const [key, instrument] of Object.entries(template.instruments)) {
        if (instrument.kind === "integer") {
          assert.deepEqual(
            { min: instrument.min, max: instrument.max, step: instrument.step },
            RANGES[key],
            `${template.code} ${key}`,
          );
        }
        if (instrument.kind === "code") {
          assert.deepEqual(
            instrument.codes.map((c) => c.code),
            CODES[key],
            `${template.code} ${key}`,
          );
        }
      }
    }
    assert.deepEqual(Object.keys(strokeV1.instruments).sort(), [
      "barthel",
      "discharge_destination",
      "fim",
      "fois",
      "mrs",
      "nihss",
    ]);
    assert.deepEqual(Object.keys(hipFractureV1.instruments).sort(), [
      "barthel",
      "discharge_destination",
      "osteoporosis_treatment",
      "surgery_date",
      "surgery_type",
      "walking",
      "weight_bearing",
    ]);
    assert.equal(hipFractureV1.instruments.surgery_date?.kind, "date");
    assert.equal(hipFractureV1.instruments.osteoporosis_treatment?.kind, "boolean");
  });

  it("record NIHSS at admission, walking before the injury and at the end of every stage", () => {
    const keys = (t: typeof strokeV1, stage: string) =>
      t.stages.find((s) => s.key === stage)!.measures.map(measureKey);
    assert.ok(keys(strokeV1, "acute").includes("nihss_admission"));
    assert.ok(!strokeV1.stages.slice(1).some((s) => s.measures.some((m) => m.instrument === "nihss")));
    assert.ok(keys(hipFractureV1, "acute").includes("walking_pre_injury"));
    for (const stage of hipFractureV1.stages)
      assert.ok(keys(hipFractureV1, stage.key).includes("walking_discharge"));
    assert.deepEqual(
      keys(hipFractureV1, "acute").filter((k) => k.startsWith("surgery")),
      ["surgery_date", "surgery_type"],
    );
  });

  for (const template of [strokeV1, hipFractureV1]) {
    for (const stage of template.stages) {
      for (const measure of stage.measures) {
        const key = measureKey(measure);
        const instrument = template.instruments[measure.instrument]!;
        it(`${template.code} ${stage.key}: ${key} takes ${JSON.stringify(accepted(instrument))}, refuses ${JSON.stringify(refused(instrument))}`, () => {
          const schema = stageMeasuresSchema(template, stage);
          for (const value of accepted(instrument)) {
            assert.deepEqual(schema.parse({ [key]: value }), { [key]: value });
          }
          assert.deepEqual(schema.parse({ [key]: null }), { [key]: null });
          for (const value of refused(instrument)) {
            const result = schema.safeParse({ [key]: value });
            assert.equal(result.success, false, `${key} = ${JSON.stringify(value)} passed`);
            assert.deepEqual(result.error.issues[0]?.path, [key]);
          }
        });
      }
      it(`${template.code} ${stage.key}: refuses a measure of another stage`, () => {
        const other = template.stages
          .flatMap((s) => s.measures.map(measureKey))
          .find((k) => !stage.measures.map(measureKey).includes(k));
        const result = stageMeasuresSchema(template, stage).safeParse({ [other ?? "nonsense"]: 1 });
        assert.equal(result.success, false);
        assert.match(textOf(result.error.issues[0]!), /この段階にない項目です/);
      });
    }
  }

  it("name the message after the scale and its range, in the reader's language", () => {
    const stage = strokeV1.stages[0]!;
    const result = stageMeasuresSchema(strokeV1, stage).safeParse({ barthel_discharge: 130 });
    const issue = result.error!.issues[0]!;
    assert.equal(textOf(issue), "Barthel Indexは0〜100の5刻みの整数です");
    assert.equal(textOf(issue, "en"), "Barthel Index is a whole number from 0 to 100 in steps of 5");
    const measure = stage.measures.find((m) => measureKey(m) === "barthel_discharge")!;
    assert.deepEqual(measureLabel(strokeV1, stage, measure), {
      ja: "退院時 Barthel Index",
      en: "Barthel Index at discharge",
    });
    const community = strokeV1.stages[2]!;
    assert.equal(measureLabel(strokeV1, community, community.measures[0]!).ja, "開始時 Barthel Index");
  });

  it("validation refuses a broken definition, naming the place", () => {
    const broken = (change: (d: typeof strokeV1) => unknown) => {
      const copy = structuredClone(strokeV1);
      change(copy);
      const result = PathwayDefinition.safeParse(copy);
      assert.equal(result.success, false);
      return result.error.issues.map((i) => i.path.join("."));
    };
    assert.deepEqual(
      broken((d) => (d.stages[1]!.key = "acute")),
      ["stages.1.key"],
    );
    assert.deepEqual(
      broken((d) => d.stages[0]!.measures.push({ instrument: "gcs", timepoint: "admission" })),
      ["stages.0.measures.6.instrument"],
    );
    assert.deepEqual(
      broken((d) => d.stages[0]!.measures.push({ instrument: "nihss", timepoint: "admission" })),
      ["stages.0.measures.6"],
    );
    assert.deepEqual(
      broken((d) => Object.assign(d.instruments.mrs!, { min: 6, max: 0 })),
      ["instruments.mrs.max"],
    );
    assert.deepEqual(
      broken((d) => Object.assign(d.instruments.barthel!, { max: 102 })),
      ["instruments.barthel.step"],
    );
    assert.deepEqual(
      broken((d) => (d.stages[0]!.ownerKinds = [])),
      ["stages.0.ownerKinds"],
    );
    assert.deepEqual(
      broken((d) => (d.stages[0]!.ownerKinds = ["castle" as "hospital"])),
      ["stages.0.ownerKinds.0"],
    );
    assert.deepEqual(
      broken((d) => (d.stages = d.stages.slice(0, 1))),
      ["stages"],
    );
  });
});
