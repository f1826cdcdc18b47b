import { z } from "zod";
import { msg } from "../../errors";
import type { CareDocumentSpec } from "./care-document-kind";
import { choice, line, requireFields, text } from "./content-fields";

/**
 * 服薬情報提供書（トレーシングレポート）: a community pharmacy tells the
 * prescriber what it learnt at dispensing or a home visit (how the medicines
 * are taken, what is left over and why, suspected side effects) and proposes
 * a change. Not urgent by definition: an urgent question is a 疑義照会 by
 * phone, and the form says so. The prescriber acknowledges it or answers.
 */
export const ADHERENCE_LEVELS = ["good", "sometimes_missed", "often_missed", "not_taking"] as const;
export type AdherenceLevel = (typeof ADHERENCE_LEVELS)[number];

export const ADHERENCE_LABELS: Record<AdherenceLevel, string> = {
  good: "良好",
  sometimes_missed: "時々飲み忘れあり",
  often_missed: "飲み忘れが多い",
  not_taking: "服薬していない",
};

/** 残薬: which medicine, how much is left, and why (飲み忘れ, 自己調節, 副作用 ...) */
export const LeftoverMedicine = z.object({
  drug: line(200).refine((v) => v !== "", msg("careDocument.enterMedicine")),
  quantity: line(100),
  reason: line(300),
});
export type LeftoverMedicine = z.output<typeof LeftoverMedicine>;

const TracingReportShape = z.object({
  /** 服薬状況 */
  adherence: choice(ADHERENCE_LEVELS),
  adherenceNote: text(2000),
  /** 残薬 */
  leftovers: z.array(LeftoverMedicine).max(30, msg("careDocument.most30Lines")).default([]),
  noLeftovers: z.boolean().default(false),
  /** 副作用・有害事象の疑い */
  sideEffects: text(2000),
  /** 薬剤師からの提案 */
  proposal: text(4000),
  /** その他の情報 */
  otherInformation: text(2000),
  /** 情報提供することについて患者の同意を得た */
  patientAgreed: z.boolean().default(false),
});

export const TracingReportContent = TracingReportShape.superRefine((c, ctx) => {
  if (c.noLeftovers && c.leftovers.length > 0) {
    ctx.addIssue({ code: "custom", path: ["noLeftovers"], message: msg("careDocument.noneContradictsList") });
  }
});
export type TracingReportContent = z.output<typeof TracingReportContent>;

export const SendableTracingReport = TracingReportContent.superRefine((c, ctx) => {
  requireFields(c, ctx, ["adherence", "proposal"]);
  if (c.leftovers.length === 0 && !c.noLeftovers) {
    ctx.addIssue({ code: "custom", path: ["leftovers"], message: msg("careDocument.listOrMarkNone") });
  }
  if (!c.patientAgreed) {
    ctx.addIssue({ code: "custom", path: ["patientAgreed"], message: msg("careDocument.patientMustAgree") });
  }
});

export const TRACING_REPORT = {
  kind: "tracing_report",
  content: TracingReportContent,
  sendable: SendableTracingReport,
  dataKind: "medication",
  author: { facilityKinds: ["pharmacy"], professions: ["pharmacist"] },
  recipient: {
    facilityKinds: ["medical_clinic", "hospital"],
    professions: ["physician"],
    desk: ["physician"],
  },
  replies: ["acknowledge", "answer"],
  terms: {
    title: "服薬情報提供書（トレーシングレポート）",
    shortTitle: "トレーシングレポート",
    authorRole: "保険薬局",
    recipientRole: "処方医",
    lead: "下記の患者について、調剤時・訪問時に得た情報を提供いたします。ご高配を賜りますようお願い申し上げます。",
    notice:
      "この情報提供は緊急性のないものです。緊急を要する疑義照会は、処方医療機関へ電話でご連絡ください。",
    labels: {
      adherence: "服薬状況",
      adherenceNote: "服薬状況の詳細",
      leftovers: "残薬",
      noLeftovers: "残薬なし",
      drug: "薬剤名",
      quantity: "残薬数",
      reason: "残薬の理由",
      sideEffects: "副作用・有害事象の疑い",
      proposal: "薬剤師からの提案",
      otherInformation: "その他",
      patientAgreed: "情報提供について患者の同意を得ています",
    },
  },
} as const satisfies CareDocumentSpec<"tracing_report", TracingReportContent>;
