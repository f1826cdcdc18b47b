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

/** How many key images one report version holds: a reading report points at images, it is not an album. */
export const KEY_IMAGES_PER_VERSION = 12;
/** The longest side, in pixels, of a key image as the report page and the PDF show it. */
export const KEY_IMAGE_SIZE = 512;

/** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1) */
const imageUid = z
  .string(msg("readings.invalidImageUid"))
  .regex(/^[0-9]+(\.[0-9]+)*$/, msg("readings.invalidImageUid"))
  .max(64, msg("readings.invalidImageUid"));
const windowValue = z.coerce
  .number(msg("readings.invalidWindow"))
  .int(msg("readings.invalidWindow"))
  .min(-100_000, msg("readings.invalidWindow"))
  .max(100_000, msg("readings.invalidWindow"));

/**
 * A key image (キー画像) as the radiologist marks it in the viewer: the frame on
 * screen (series, instance, frame) with the window in use, and a note. The
 * report's PDF and page render it from the PACS with that window.
 */
export const KeyImageMark = z.object({
  seriesUid: imageUid,
  instanceUid: imageUid,
  frame: z.coerce
    .number(msg("readings.invalidFrame"))
    .int(msg("readings.invalidFrame"))
    .min(1, msg("readings.invalidFrame"))
    .max(10_000, msg("readings.invalidFrame")),
  windowCenter: windowValue,
  windowWidth: windowValue.refine((w) => w >= 1, msg("readings.invalidWindow")),
  note: singleLineText()
    .trim()
    .max(200, msg("readings.mostCharacters", { max: 200 }))
    .default(""),
});
export type KeyImageMark = z.infer<typeof KeyImageMark>;
export type KeyImage = KeyImageMark & { id: string; position: number };

/** キー画像 n with its frame and window, as the PDF's caption and the FHIR Media's title say it. */
export function keyImageCaption(k: Pick<KeyImageMark, "frame" | "windowCenter" | "windowWidth">, n: number) {
  return `キー画像${n}（フレーム${k.frame}・WW ${k.windowWidth} / WL ${k.windowCenter}）`;
}
