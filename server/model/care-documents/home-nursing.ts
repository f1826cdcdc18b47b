import { z } from "zod";
import { plainText, singleLineText } from "../text";
import { dayNumber } from "../nursing-instruction";
import { msg } from "../../errors";

/**
 * What the visiting-nurse station's monthly documents to the physician share
 * (訪問看護計画書 and 訪問看護報告書, and the hospital's 退院・退所情報記録書 for the
 * text rules): the month a document covers, the professions that visit, the
 * sanitary supplies (衛生材料等) the physician provides, and text limits.
 */

export const text = (max: number) => plainText().trim().max(max, msg("homeNursing.mostCharacters", { max }));
export const line = (max: number) =>
  singleLineText().trim().max(max, msg("homeNursing.mostCharacters", { max }));

/** A calendar day YYYY-MM-DD that exists (no 30 February). */
export const calendarDay = z
  .string(msg("homeNursing.giveDateAsYYYYMMDD"))
  .refine((v) => dayNumber(v) !== null, msg("homeNursing.giveDateAsYYYYMMDD"));

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** The month a monthly document covers, YYYY-MM. */
export const calendarMonth = z
  .string(msg("homeNursing.giveMonthAsYYYYMM"))
  .regex(MONTH, msg("homeNursing.giveMonthAsYYYYMM"));

/** The days of a YYYY-MM month, in order, as YYYY-MM-DD. */
export function daysOfMonth(month: string): string[] {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const count = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

/** 2026年12月 */
export function monthLabel(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return `${year}年${m}月`;
}

/** Who visits for the station (訪問する職種). */
export const VISIT_PROFESSIONS = [
  "nurse",
  "public_health_nurse",
  "assistant_nurse",
  "physical_therapist",
  "occupational_therapist",
  "speech_therapist",
] as const;
export type VisitProfession = (typeof VISIT_PROFESSIONS)[number];

export const VISIT_PROFESSION_LABELS: Record<VisitProfession, string> = {
  nurse: "看護師",
  public_health_nurse: "保健師",
  assistant_nurse: "准看護師",
  physical_therapist: "理学療法士",
  occupational_therapist: "作業療法士",
  speech_therapist: "言語聴覚士",
};

/** The therapists (理学療法士等): their visits need a rehabilitation plan and are reported apart. */
export const THERAPISTS: readonly VisitProfession[] = [
  "physical_therapist",
  "occupational_therapist",
  "speech_therapist",
];

/**
 * One line of the form's supplies table (衛生材料等): what, for which care or
 * how often it is changed, and how much (per month).
 */
export const Supply = z.object({
  /** 衛生材料（種類・サイズ）等: ガーゼ 10cm×10cm */
  name: line(200).min(1, msg("homeNursing.enterSupplyName")),
  /** 処置の内容 or 使用及び交換頻度: 褥瘡処置 1日1回 */
  use: line(200).default(""),
  /** 必要量 or 使用量: 30枚／月 */
  quantity: line(100).default(""),
});
export type Supply = z.output<typeof Supply>;

/** "at most n" for an array, with the field's message. */
export const most = (max: number) => msg("homeNursing.mostItems", { max });

/** The issues of a check: one helper so each rule reads as one line. */
export function issuer(ctx: z.RefinementCtx) {
  return (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
}

/** Positions of the entries that repeat an earlier one (by `key`). */
export function repeats<T>(items: readonly T[], key: (item: T) => unknown): number[] {
  const seen = new Set<unknown>();
  const at: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) at.push(i);
    seen.add(k);
  });
  return at;
}

/**
 * The parties of the station's monthly documents (計画書, 報告書): written by
 * its nurses and therapists, received by the instructing physician at a clinic
 * or hospital, who acknowledges them.
 */
export const STATION_TO_PHYSICIAN = {
  dataKind: "clinical",
  author: {
    facilityKinds: ["visiting_nurse_station"],
    professions: ["visiting_nurse", "nurse", "therapist"],
  },
  recipient: {
    facilityKinds: ["medical_clinic", "hospital"],
    professions: ["physician"],
    desk: ["physician"],
  },
  replies: ["acknowledge"],
} as const;
