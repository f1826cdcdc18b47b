import { z } from "zod";
import { FACILITY_KINDS } from "./facility-kinds";
import { msg } from "../errors";

/**
 * A pathway template (地域連携クリティカルパス) as data: the stages a patient
 * moves through, the kinds of facility that own each, the target length of
 * each stage and the outcome measures recorded there. Templates are versioned:
 * a published version never changes (an enrolment is checked against the
 * version it started on); a change is a new version.
 */

export const PATHWAY_CODES = ["stroke", "hip_fracture"] as const;
export type PathwayCode = (typeof PATHWAY_CODES)[number];

/** When in a stage a measure is taken: before the injury (asked at admission), at admission, at discharge, or once (a surgery). */
export const MEASURE_TIMEPOINTS = ["pre_injury", "admission", "discharge", "event"] as const;
export type MeasureTimepoint = (typeof MEASURE_TIMEPOINTS)[number];

const Label = z.object({ ja: z.string().min(1), en: z.string().min(1) });
export type Label = z.infer<typeof Label>;

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, "codes are lower_snake_case");

const IntegerInstrument = z.object({
  kind: z.literal("integer"),
  label: Label,
  min: z.int(),
  max: z.int(),
  /** the score moves in steps of this much (Barthel Index: 5) */
  step: z.int().positive().default(1),
  /** what a higher score means, for the sheet's reader */
  higherIsBetter: z.boolean(),
});
const CodedInstrument = z.object({
  kind: z.literal("code"),
  label: Label,
  /** in order: for an ordinal scale (walking ability), best first */
  codes: z.array(z.object({ code, label: Label })).min(2),
});
const BooleanInstrument = z.object({ kind: z.literal("boolean"), label: Label });
const DateInstrument = z.object({ kind: z.literal("date"), label: Label });

export const Instrument = z.discriminatedUnion("kind", [
  IntegerInstrument,
  CodedInstrument,
  BooleanInstrument,
  DateInstrument,
]);
export type Instrument = z.infer<typeof Instrument>;

const StageMeasure = z.object({ instrument: code, timepoint: z.enum(MEASURE_TIMEPOINTS) });
export type StageMeasure = z.infer<typeof StageMeasure>;

const Stage = z.object({
  key: code,
  name: Label,
  /** the facility kinds that may own the stage (a handover goes only to one of these) */
  ownerKinds: z.array(z.enum(FACILITY_KINDS)).min(1),
  /** an inpatient stage counts 入院日/退院日; the others 開始日/終了日 */
  inpatient: z.boolean(),
  /** the plan: days from admission to discharge (inclusive, as Japanese hospitals count) */
  targetDays: z.int().positive().max(3650),
  measures: z.array(StageMeasure),
});
export type PathwayStageDefinition = z.infer<typeof Stage>;

export const PathwayDefinition = z
  .object({
    code: z.enum(PATHWAY_CODES),
    version: z.int().min(1),
    name: Label,
    instruments: z.record(code, Instrument),
    stages: z.array(Stage).min(2),
  })
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const stageKeys = new Set<string>();
    d.stages.forEach((stage, s) => {
      if (stageKeys.has(stage.key)) issue(["stages", s, "key"], `duplicate stage ${stage.key}`);
      stageKeys.add(stage.key);
      const keys = new Set<string>();
      stage.measures.forEach((m, i) => {
        const instrument = d.instruments[m.instrument];
        if (!instrument) issue(["stages", s, "measures", i, "instrument"], `unknown ${m.instrument}`);
        const key = measureKey(m);
        if (keys.has(key)) issue(["stages", s, "measures", i], `duplicate measure ${key}`);
        keys.add(key);
      });
    });
    for (const [key, instrument] of Object.entries(d.instruments)) {
      if (instrument.kind === "integer") {
        if (instrument.min >= instrument.max) issue(["instruments", key, "max"], "max must exceed min");
        else if ((instrument.max - instrument.min) % instrument.step !== 0)
          issue(["instruments", key, "step"], "the range must be a whole number of steps");
      }
      if (instrument.kind === "code") {
        const codes = instrument.codes.map((c) => c.code);
        if (new Set(codes).size !== codes.length) issue(["instruments", key, "codes"], "duplicate code");
      }
    }
  });
export type PathwayDefinition = z.infer<typeof PathwayDefinition>;

/**
 * The key a measure is stored and reported under: the instrument and when it was
 * taken (barthel_admission, fim_discharge), or the instrument alone for a one-off
 * (surgery_date). The statistics read these keys.
 */
export function measureKey(m: StageMeasure): string {
  return m.timepoint === "event" ? m.instrument : `${m.instrument}_${m.timepoint}`;
}

export type MeasureValue = number | string | boolean;
/** A stage's recorded measures, by measure key. */
export type StageMeasures = Record<string, MeasureValue>;

const TIMEPOINT_LABELS: Record<MeasureTimepoint, { inpatient: Label; community: Label }> = {
  pre_injury: {
    inpatient: { ja: "受傷前", en: "before the injury" },
    community: { ja: "受傷前", en: "before the injury" },
  },
  admission: {
    inpatient: { ja: "入院時", en: "at admission" },
    community: { ja: "開始時", en: "at the start" },
  },
  discharge: {
    inpatient: { ja: "退院時", en: "at discharge" },
    community: { ja: "終了時", en: "at the end" },
  },
  event: { inpatient: { ja: "", en: "" }, community: { ja: "", en: "" } },
};

/** 入院時 Barthel Index / Barthel Index at admission */
export function measureLabel(definition: PathwayDefinition, stage: PathwayStageDefinition, m: StageMeasure) {
  const instrument = definition.instruments[m.instrument]!;
  const when = TIMEPOINT_LABELS[m.timepoint][stage.inpatient ? "inpatient" : "community"];
  return {
    ja: when.ja ? `${when.ja} ${instrument.label.ja}` : instrument.label.ja,
    en: when.en ? `${instrument.label.en} ${when.en}` : instrument.label.en,
  };
}

/** One value as the sheet shows it: a code's Japanese label, はい/いいえ, the number or date as is. */
export function formatMeasureValue(instrument: Instrument, value: MeasureValue): string {
  switch (instrument.kind) {
    case "code":
      return instrument.codes.find((c) => c.code === value)?.label.ja ?? String(value);
    case "boolean":
      return value === true ? "はい" : "いいえ";
    default:
      return String(value);
  }
}

/**
 * The zod schema of one stage's measures in a template version: each value
 * typed and range-checked, unknown keys refused, null clears a value. Field
 * paths name the measure (measures.barthel_discharge).
 */
export function stageMeasuresSchema(definition: PathwayDefinition, stage: PathwayStageDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const m of stage.measures) {
    const instrument = definition.instruments[m.instrument]!;
    shape[measureKey(m)] = valueSchema(instrument).nullable().optional();
  }
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? msg("pathwayTemplate.notMeasureStage", { join: issue.keys.join(", ") })
        : undefined,
  });
}

function valueSchema(instrument: Instrument): z.ZodType<MeasureValue> {
  const name = instrument.label;
  switch (instrument.kind) {
    case "integer": {
      const { min, max, step } = instrument;
      const range =
        step > 1
          ? msg("pathwayTemplate.wholeNumberInSteps", { name, min, max, step })
          : msg("pathwayTemplate.wholeNumber", { name, min, max });
      return z
        .number(range)
        .int(range)
        .min(min, range)
        .max(max, range)
        .refine((v) => (v - min) % step === 0, range);
    }
    case "code": {
      const codes = instrument.codes.map((c) => c.code);
      return z.enum(codes as [string, ...string[]], {
        error: msg("pathwayTemplate.unknownCode", {
          name,
          codes: {
            ja: instrument.codes.map((c) => `${c.code}=${c.label.ja}`).join("、"),
            en: instrument.codes.map((c) => `${c.code}=${c.label.en}`).join(", "),
          },
        }),
      });
    }
    case "boolean":
      return z.boolean(msg("pathwayTemplate.yesNo", { name }));
    case "date":
      return z.iso.date(msg("pathwayTemplate.giveAsYYYYMMDD", { name }));
  }
}
