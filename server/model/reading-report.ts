import { z } from "zod";
import { plainText, singleLineText } from "./text";
import { msg } from "../errors";

/**
 * Remote image reading (画像診断サービス): a clinic or hospital asks a reading
 * hospital's radiology to read one study (読影依頼), and the radiologist answers
 * with a reading report (読影レポート): findings, impression, recommendations.
 * The request's content and the report's content as both sides and the
 * documents (PDF, FHIR DiagnosticReport) agree on them.
 */

const text = (max: number) => plainText().trim().max(max, msg("readings.mostCharacters", { max }));

/** How soon the requester needs the reading: 通常, 至急 (within the day), 緊急 (now). */
export const READING_URGENCIES = ["routine", "urgent", "emergency"] as const;
export type ReadingUrgency = (typeof READING_URGENCIES)[number];

/** The request's status (server/domain/readings/reading-status.ts holds the transitions). */
export const READING_STATUSES = [
  "requested",
  "accepted",
  "reported",
  "acknowledged",
  "declined",
  "cancelled",
] as const;
export type ReadingStatus = (typeof READING_STATUSES)[number];

/** What the requester asks: the clinical question (required), the history that bears on it, the urgency. */
export const ReadingRequestContent = z.object({
  /** 臨床上の疑問・依頼目的 */
  clinicalQuestion: text(2000).min(1, msg("readings.enterClinicalQuestion")),
  /** 関連する既往歴・経過 */
  relevantHistory: text(4000).default(""),
  urgency: z.enum(READING_URGENCIES, msg("readings.chooseUrgency")),
});
export type ReadingRequestContent = z.infer<typeof ReadingRequestContent>;

/** The study as the requester's list showed it (a label only: the viewer reads the study itself from the PACS). */
export const ReadingStudyLabel = z.object({
  /** YYYY-MM-DD, when the PACS gave one */
  date: z.iso
    .date(msg("readings.invalidStudyDate"))
    .nullish()
    .transform((v) => v ?? null),
  modalities: z
    .array(singleLineText().regex(/^[A-Z0-9]{1,16}$/, msg("readings.invalidModality")))
    .max(8, msg("readings.invalidModality"))
    .default([]),
  description: singleLineText()
    .trim()
    .max(200, msg("readings.mostCharacters", { max: 200 }))
    .default(""),
});
export type ReadingStudyLabel = z.infer<typeof ReadingStudyLabel>;

/** The report as the radiologist writes it; a draft may leave any part empty. */
export const ReadingReportContent = z.object({
  /** 所見 */
  findings: text(8000).default(""),
  /** 診断 (impression) */
  impression: text(4000).default(""),
  /** 推奨・コメント (further imaging, follow-up, referral) */
  recommendations: text(4000).default(""),
});
export type ReadingReportContent = z.infer<typeof ReadingReportContent>;

/** What a report must say before it is signed: findings and an impression. */
export const SignableReadingReport = ReadingReportContent.extend({
  findings: text(8000).min(1, msg("readings.enterFindings")),
  impression: text(4000).min(1, msg("readings.enterImpression")),
});
