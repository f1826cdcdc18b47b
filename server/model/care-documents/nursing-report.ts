import { z } from "zod";
import { CARE_LEVELS, optionalEnum } from "../nursing-instruction";
import { Supply, calendarDay, calendarMonth, issuer, most, repeats, text } from "./home-nursing";
import { STATION_TO_PHYSICIAN } from "./home-nursing";
import { msg } from "../../errors";
import type { CareDocumentSpec } from "./care-document-kind";

/**
 * The content of a visiting-nursing report (訪問看護報告書, visiting-nurse
 * station → the physician who instructed, every month), item by item as the
 * insurance form (別紙様式2) has them: the month's visit days on a calendar,
 * each marked as the form marks it, then the course and the care given.
 * A draft may leave anything empty; `SendableNursingReport` says what must be
 * there before it goes.
 */

export const NURSING_REPORT_TITLE = "訪問看護報告書";

/**
 * How the form marks a visit day: ○ a nurse's visit, ◇ a therapist's, △ a
 * visit under a special instruction (特別訪問看護指示書), × an emergency visit.
 * A day may carry several (a nurse in the morning, a therapist in the afternoon).
 */
export const VISIT_MARKS = ["nurse", "therapist", "special_instruction", "emergency"] as const;
export type VisitMark = (typeof VISIT_MARKS)[number];

export const VISIT_MARK_SYMBOLS: Record<VisitMark, string> = {
  nurse: "○",
  therapist: "◇",
  special_instruction: "△",
  emergency: "×",
};

export const VISIT_MARK_LABELS: Record<VisitMark, string> = {
  nurse: "訪問看護師等（保健師・看護師・准看護師）による訪問",
  therapist: "理学療法士・作業療法士・言語聴覚士による訪問",
  special_instruction: "特別訪問看護指示書に基づく訪問",
  emergency: "緊急時訪問",
};

/** The form's own Japanese terms, printed on the PDF, written into the FHIR document, shown by the app. */
export const NURSING_REPORT_LABELS = {
  month: "報告期間",
  instructionId: "訪問看護指示書",
  careLevel: "要介護認定の状況",
  visits: "訪問日",
  conditionCourse: "病状の経過",
  nursingGiven: "看護の内容",
  rehabilitationGiven: "リハビリテーションの内容",
  familyCare: "家庭での介護の状況",
  suppliesUsed: "衛生材料等の使用状況",
  supplyName: "衛生材料等の名称",
  supplyUse: "使用及び交換頻度",
  supplyQuantity: "使用量",
  suppliesChange: "衛生材料等の種類・量の変更",
  specialNotes: "特記すべき事項",
} as const;

export const ReportVisit = z.object({
  date: calendarDay,
  marks: z
    .array(z.enum(VISIT_MARKS, msg("nursingReport.chooseMark")))
    .min(1, msg("nursingReport.chooseMark"))
    .max(VISIT_MARKS.length, most(VISIT_MARKS.length)),
});
export type ReportVisit = z.output<typeof ReportVisit>;

const NursingReportShape = z.object({
  /** 報告期間: the month, YYYY-MM */
  month: calendarMonth.optional(),
  /** the 訪問看護指示書 the visits followed, when chosen */
  instructionId: z
    .uuid(msg("nursingReport.chooseInstruction"))
    .nullish()
    .transform((v) => v ?? null),
  careLevel: optionalEnum(CARE_LEVELS, msg("nursingInstruction.chooseCareLevel")),
  /** the days visited, each with its marks; kept in date order */
  visits: z
    .array(ReportVisit)
    .max(31, most(31))
    .default([])
    .transform((v) => [...v].sort((a, b) => a.date.localeCompare(b.date))),
  conditionCourse: text(4000).default(""),
  nursingGiven: text(4000).default(""),
  rehabilitationGiven: text(4000).default(""),
  familyCare: text(2000).default(""),
  suppliesUsed: z.array(Supply).max(20, most(20)).default([]),
  /** what should change in the supplies the physician provides; empty when nothing changes */
  suppliesChange: text(1000).default(""),
  specialNotes: text(2000).default(""),
});

function checkConsistency(c: z.output<typeof NursingReportShape>, ctx: z.RefinementCtx) {
  const issue = issuer(ctx);
  c.visits.forEach((v, i) => {
    if (c.month && !v.date.startsWith(`${c.month}-`)) {
      issue(["visits", i, "date"], msg("nursingReport.visitOutsideMonth"));
    }
    for (const m of repeats(v.marks, (mark) => mark)) {
      issue(["visits", i, "marks", m], msg("nursingReport.markListedTwice"));
    }
  });
  for (const i of repeats(c.visits, (v) => v.date)) {
    issue(["visits", i, "date"], msg("nursingReport.dayListedTwice"));
  }
}

export const NursingReportContent = NursingReportShape.superRefine(checkConsistency);
export type NursingReportContent = z.output<typeof NursingReportContent>;

/** The number of visit days with the given mark. */
export function daysMarked(visits: readonly ReportVisit[], mark: VisitMark): number {
  return visits.filter((v) => v.marks.includes(mark)).length;
}

/** What a report must contain before it is sent to the physician. */
export const SendableNursingReport = NursingReportContent.superRefine((c, ctx) => {
  const issue = issuer(ctx);
  if (!c.month) issue(["month"], msg("homeNursing.enterMonth"));
  if (c.visits.length === 0) issue(["visits"], msg("nursingReport.markAtLeastOneVisit"));
  if (!c.conditionCourse) issue(["conditionCourse"], msg("nursingReport.enterConditionCourse"));
  const therapistOnly = c.visits.length > 0 && c.visits.every((v) => v.marks.every((m) => m === "therapist"));
  if (!therapistOnly && !c.nursingGiven) issue(["nursingGiven"], msg("nursingReport.enterNursingGiven"));
  if (daysMarked(c.visits, "therapist") > 0 && !c.rehabilitationGiven) {
    issue(["rehabilitationGiven"], msg("nursingReport.therapistVisitsNeedRehabilitation"));
  }
  if (!c.familyCare) issue(["familyCare"], msg("nursingReport.enterFamilyCare"));
});

export const NURSING_REPORT = {
  kind: "nursing_report",
  content: NursingReportContent,
  sendable: SendableNursingReport,
  ...STATION_TO_PHYSICIAN,
  terms: {
    title: NURSING_REPORT_TITLE,
    shortTitle: NURSING_REPORT_TITLE,
    authorRole: "訪問看護ステーション",
    recipientRole: "主治医",
    lead: "訪問看護の実施について、下記のとおり報告いたします。",
    labels: NURSING_REPORT_LABELS,
  },
} as const satisfies CareDocumentSpec<"nursing_report", NursingReportContent>;
