import { z } from "zod";
import { plainText, singleLineText } from "./text";
import { Medication } from "./referral-letter";
import { msg } from "../errors";

/**
 * The content of a visiting-nurse instruction (訪問看護指示書, physician →
 * visiting-nurse station) and of a special instruction (特別訪問看護指示書),
 * field by field as the insurance form has them. A draft may leave anything
 * empty; `SendableNursingInstruction` says what must be there before it goes
 * to the station. The period rule holds in a draft too, once both ends are
 * given: at most 6 months (regular) or 14 days (special), the first day counted.
 */

const text = (max: number) => plainText().trim().max(max, msg("nursingInstruction.mostCharacters", { max }));
const line = (max: number) =>
  singleLineText().trim().max(max, msg("nursingInstruction.mostCharacters", { max }));

/** regular: 訪問看護指示書 (up to 6 months); special: 特別訪問看護指示書 (up to 14 days, e.g. an acute exacerbation) */
export const INSTRUCTION_KINDS = ["regular", "special"] as const;
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

/** 障害高齢者の日常生活自立度（寝たきり度） */
export const BEDRIDDEN_LEVELS = ["J1", "J2", "A1", "A2", "B1", "B2", "C1", "C2"] as const;
/** 認知症高齢者の日常生活自立度 */
export const DEMENTIA_LEVELS = ["I", "IIa", "IIb", "IIIa", "IIIb", "IV", "M"] as const;
/** 要介護認定の状況 */
export const CARE_LEVELS = [
  "not_applied",
  "applied",
  "not_eligible",
  "support_1",
  "support_2",
  "care_1",
  "care_2",
  "care_3",
  "care_4",
  "care_5",
] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];
/** 褥瘡の深さ (DESIGN-R 2020: d0–d2 shallow, D3–D5 deep, DTI suspected deep tissue injury, U unstageable) */
export const PRESSURE_ULCER_DEPTHS = ["d0", "d1", "d2", "D3", "D4", "D5", "DTI", "U"] as const;
/** 装着・使用医療機器等, in the form's order */
export const MEDICAL_DEVICES = [
  "peritoneal_dialysis",
  "dialysate_supply",
  "oxygen",
  "suction",
  "central_venous_nutrition",
  "infusion_pump",
  "tube_feeding",
  "indwelling_catheter",
  "ventilator",
  "tracheal_cannula",
  "colostomy",
  "urostomy",
  "other",
] as const;
export type MedicalDevice = (typeof MEDICAL_DEVICES)[number];

/**
 * The form's own Japanese terms (the official 訪問看護指示書 wording): printed on the PDF,
 * written into the FHIR document, and shown by the app's Japanese catalog.
 */
export const NURSING_INSTRUCTION_TITLES: Record<InstructionKind, string> = {
  regular: "訪問看護指示書",
  special: "特別訪問看護指示書",
};

export const CARE_LEVEL_LABELS: Record<CareLevel, string> = {
  not_applied: "未申請",
  applied: "申請中",
  not_eligible: "非該当",
  support_1: "要支援1",
  support_2: "要支援2",
  care_1: "要介護1",
  care_2: "要介護2",
  care_3: "要介護3",
  care_4: "要介護4",
  care_5: "要介護5",
};

export const DEVICE_LABELS: Record<MedicalDevice, string> = {
  peritoneal_dialysis: "自動腹膜灌流装置",
  dialysate_supply: "透析液供給装置",
  oxygen: "酸素療法",
  suction: "吸引器",
  central_venous_nutrition: "中心静脈栄養",
  infusion_pump: "輸液ポンプ",
  tube_feeding: "経管栄養",
  indwelling_catheter: "留置カテーテル",
  ventilator: "人工呼吸器",
  tracheal_cannula: "気管カニューレ",
  colostomy: "人工肛門",
  urostomy: "人工膀胱",
  other: "その他",
};

export const DEMENTIA_LABELS: Record<(typeof DEMENTIA_LEVELS)[number], string> = {
  I: "Ⅰ",
  IIa: "Ⅱa",
  IIb: "Ⅱb",
  IIIa: "Ⅲa",
  IIIb: "Ⅲb",
  IV: "Ⅳ",
  M: "M",
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar day YYYY-MM-DD that exists (no 30 February). */
const day = z
  .string(msg("nursingInstruction.giveDateAsYYYYMMDD"))
  .refine((v) => dayNumber(v) !== null, msg("nursingInstruction.giveDateAsYYYYMMDD"));

/** Days since 1970-01-01 of a real calendar day, or null. */
export function dayNumber(value: string): number | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(time).toISOString().slice(0, 10) === value ? time / 86_400_000 : null;
}
const isoOf = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/** Days from `from` to `to` (both real days): 0 on the same day. */
export function daysBetween(from: string, to: string): number {
  return (dayNumber(to) ?? Number.NaN) - (dayNumber(from) ?? Number.NaN);
}

/**
 * The last day a period starting on `start` may run to: 14 days, or six months
 * less a day (1 April runs to 30 September; 31 August, having no 31 February,
 * to the end of February).
 */
export function latestEnd(kind: InstructionKind, start: string): string {
  const first = dayNumber(start);
  if (first === null) throw new RangeError(`not a day: ${start}`);
  if (kind === "special") return isoOf(first + 13);
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const monthIndex = m - 1 + 6;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const sameDay = Date.UTC(year, month, Math.min(d, lastOfMonth)) / 86_400_000;
  return isoOf(d > lastOfMonth ? sameDay : sameDay - 1);
}

export const InstructionDiagnosis = z.object({
  name: line(200).default(""),
  /** ICD-10, when known (e.g. I63.9) */
  icd10: singleLineText()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?)?$/, msg("nursingInstruction.notICD10Code"))
    .default(""),
});

export const InstructionDevice = z.object({
  device: z.enum(MEDICAL_DEVICES, msg("nursingInstruction.chooseDevice")),
  /** size, flow, settings, how often it is changed (酸素 2 L/分, 胃瘻 20Fr 4週に1回交換) */
  note: line(200).default(""),
});

export const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .enum(values, message)
    .nullish()
    .transform((v) => v ?? null);

const NursingInstructionShape = z.object({
  kind: z.enum(INSTRUCTION_KINDS, msg("nursingInstruction.chooseKind")).default("regular"),
  /** 指示期間 */
  periodStart: day.optional(),
  periodEnd: day.optional(),
  /** 特別指示の理由 (急性増悪, 終末期, 退院直後 ...): a special instruction says why */
  specialReason: text(1000).default(""),
  /** 主たる傷病名 */
  mainDiagnosis: InstructionDiagnosis.default({ name: "", icd10: "" }),
  otherDiagnoses: line(500).default(""),
  /** 現在の状況: 病状・治療状態 */
  currentCondition: text(4000).default(""),
  /** 投与中の薬剤の用量・用法 */
  medications: z.array(Medication).max(30, msg("nursingInstruction.most30Medicines")).default([]),
  noMedication: z.boolean().default(false),
  /** 日常生活自立度 */
  bedriddenLevel: optionalEnum(BEDRIDDEN_LEVELS, msg("nursingInstruction.chooseBedriddenLevel")),
  dementiaLevel: optionalEnum(DEMENTIA_LEVELS, msg("nursingInstruction.chooseDementiaLevel")),
  /** 要介護認定の状況 */
  careLevel: optionalEnum(CARE_LEVELS, msg("nursingInstruction.chooseCareLevel")),
  /** 褥瘡の深さ (DESIGN-R), only when there is one */
  pressureUlcerDepth: optionalEnum(PRESSURE_ULCER_DEPTHS, msg("nursingInstruction.chooseDepth")),
  /** 装着・使用医療機器等 */
  devices: z.array(InstructionDevice).max(MEDICAL_DEVICES.length).default([]),
  /** 留意事項及び指示事項 */
  careInstructions: text(4000).default(""),
  rehabilitation: text(2000).default(""),
  woundCare: text(2000).default(""),
  deviceManagement: text(2000).default(""),
  otherInstructions: text(2000).default(""),
  /** 緊急時の連絡先 and 不在時の対応法 */
  emergencyContact: text(500).default(""),
  whenAbsent: text(500).default(""),
  /** 他の訪問看護ステーションへの指示 (name and what it does), empty when none */
  otherStations: text(1000).default(""),
});

function checkConsistency(c: z.output<typeof NursingInstructionShape>, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (c.periodStart && c.periodEnd && dayNumber(c.periodStart) !== null && dayNumber(c.periodEnd) !== null) {
    if (c.periodEnd < c.periodStart) {
      issue(["periodEnd"], msg("nursingInstruction.periodEndsBeforeStarts"));
    } else {
      const limit = latestEnd(c.kind, c.periodStart);
      if (c.periodEnd > limit) {
        issue(
          ["periodEnd"],
          c.kind === "special"
            ? msg("nursingInstruction.specialLastsAtMost14Days", { limit })
            : msg("nursingInstruction.lastsAtMost6Months", { limit }),
        );
      }
    }
  }
  const seen = new Set<MedicalDevice>();
  for (const [i, d] of c.devices.entries()) {
    if (seen.has(d.device)) issue(["devices", i, "device"], msg("nursingInstruction.deviceListedTwice"));
    seen.add(d.device);
  }
  if (c.noMedication && c.medications.length > 0) {
    issue(["noMedication"], msg("nursingInstruction.noMedicationContradictsList"));
  }
}

export const NursingInstructionContent = NursingInstructionShape.superRefine(checkConsistency);
export type NursingInstructionContent = z.output<typeof NursingInstructionContent>;

/** What an instruction must contain before it is sent to the station. */
export const SendableNursingInstruction = NursingInstructionContent.superRefine((c, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (!c.periodStart) issue(["periodStart"], msg("nursingInstruction.enterPeriodStart"));
  if (!c.periodEnd) issue(["periodEnd"], msg("nursingInstruction.enterPeriodEnd"));
  if (c.kind === "special" && !c.specialReason) {
    issue(["specialReason"], msg("nursingInstruction.saySpecialReason"));
  }
  if (!c.mainDiagnosis.name) issue(["mainDiagnosis", "name"], msg("nursingInstruction.enterMainDiagnosis"));
  if (!c.currentCondition) issue(["currentCondition"], msg("nursingInstruction.enterCurrentCondition"));
  if (c.medications.length === 0 && !c.noMedication) {
    issue(["medications"], msg("nursingInstruction.listMedicinesOrMarkNone"));
  }
  if (!c.careLevel) issue(["careLevel"], msg("nursingInstruction.chooseCareLevel"));
  if (
    !c.careInstructions &&
    !c.rehabilitation &&
    !c.woundCare &&
    !c.deviceManagement &&
    !c.otherInstructions
  ) {
    issue(["careInstructions"], msg("nursingInstruction.giveAtLeastOneInstruction"));
  }
  if (c.pressureUlcerDepth && c.pressureUlcerDepth !== "d0" && !c.woundCare) {
    issue(["woundCare"], msg("nursingInstruction.pressureUlcerNeedsWoundCare"));
  }
  if (!c.emergencyContact) issue(["emergencyContact"], msg("nursingInstruction.enterEmergencyContact"));
});

/**
 * The life of an instruction: draft (being written), sent (with the station),
 * acknowledged (the station confirmed receipt, 受領確認), superseded (a newer
 * instruction of the same kind for the same patient and station overlapping
 * its period was sent), cancelled (the physician withdrew it before its period
 * ended, with a reason: 指示の取消), expired (its period has ended: the clock's
 * reading of a sent or acknowledged instruction, never written). A draft is
 * not cancelled but discarded: it disappears. The transitions are in
 * server/domain/nursing-instructions/instruction-status.ts.
 */
export const INSTRUCTION_STATUSES = [
  "draft",
  "sent",
  "acknowledged",
  "superseded",
  "cancelled",
  "expired",
] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];
/** What the database holds; expired is read off the period and today's date in Japan. */
export const STORED_INSTRUCTION_STATUSES = [
  "draft",
  "sent",
  "acknowledged",
  "superseded",
  "cancelled",
] as const;
export type StoredInstructionStatus = (typeof STORED_INSTRUCTION_STATUSES)[number];

/** Why the physician cancels a sent instruction (入院, 死亡, 指示内容の誤り ...): told to the station. */
export const CancelReason = plainText(msg("nursingInstructions.sayCancelReason"))
  .trim()
  .min(1, msg("nursingInstructions.sayCancelReason"))
  .max(500, msg("nursingInstruction.mostCharacters", { max: 500 }));
