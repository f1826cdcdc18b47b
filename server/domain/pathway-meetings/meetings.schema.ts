import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { PATHWAY_CODES } from "../../model/pathway-template";

const meetingId = z.uuid("会議IDが不正です / Invalid meeting id");
const occurrenceId = z.uuid("会議の回が不正です / Invalid meeting occurrence");
const sequence = z.coerce
  .number("版数がありません / The sequence is missing")
  .int()
  .min(0, "版数が不正です / Invalid sequence");
const note = (max: number) =>
  plainText().trim().max(max, `${max}文字以内で入力してください / At most ${max} characters`).default("");

/** What a coordinator fills in; the schedule's own rules (offset, zone, RRULE) are checked by planSchedule. */
const MeetingFields = {
  title: singleLineText()
    .trim()
    .min(1, "会議名を入力してください / Enter a title")
    .max(200, "200文字以内で入力してください / At most 200 characters"),
  /** the pathway whose cases it reviews; null: both */
  pathway: z
    .enum(PATHWAY_CODES, "パスの種類が不正です / Unknown pathway")
    .nullish()
    .transform((v) => v ?? null),
  description: note(2000),
  location: note(200),
  /** the first occurrence, with its offset: 2026-12-10T18:30:00+09:00 */
  startsAt: singleLineText("開始日時を入力してください / Enter the start").trim().max(40),
  timeZone: singleLineText().trim().max(64).default("Asia/Tokyo"),
  durationMinutes: z.coerce.number().int().default(90),
  /** RFC 5545 RRULE (FREQ=MONTHLY;BYDAY=2TH;COUNT=3); empty or null: one-off */
  rrule: singleLineText()
    .trim()
    .max(500, "繰り返し規則が長すぎます / The rule is too long")
    .nullish()
    .transform((v) => v || null),
  invitees: z
    .array(z.uuid("招待者が不正です / Invalid invitee"))
    .max(200, "招待は200人までです / At most 200 invitees")
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, "同じ人が重複しています / Someone is invited twice"),
  facilityIds: z
    .array(z.uuid("施設が不正です / Invalid facility"))
    .max(100, "招待施設は100までです / At most 100 facilities")
    .default([])
    .refine(
      (ids) => new Set(ids).size === ids.length,
      "同じ施設が重複しています / A facility is invited twice",
    ),
};

export const ScheduleMeetingInput = z.object(MeetingFields);
export const UpdateMeetingInput = z.object({ meetingId, sequence, ...MeetingFields });
export const MeetingCommandInput = z.object({ meetingId, sequence, note: note(1000) });
export const CancelOccurrenceInput = z.object({ meetingId, sequence, occurrenceId, note: note(1000) });
export const MeetingIdInput = z.object({ meetingId });
export const OccurrenceInput = z.object({ occurrenceId });
/** The minutes of an occurrence; with the meeting in the address, the occurrence must be that meeting's. */
export const MinutesInput = z.object({ occurrenceId, meetingId: meetingId.optional() });

export const ChangeAgendaInput = z.object({
  occurrenceId,
  enrolmentId: z.uuid("症例が不正です / Invalid case"),
  change: z.enum(["add", "remove"]),
});

export const RecordDecisionInput = z.object({
  occurrenceId,
  enrolmentId: z.uuid("症例が不正です / Invalid case"),
  decision: plainText()
    .trim()
    .min(1, "決定事項を入力してください / Enter the decision")
    .max(2000, "2000文字以内で入力してください / At most 2000 characters"),
  responsibleFacilityId: z.uuid("担当施設を選んでください / Choose the responsible facility"),
  dueOn: z.iso
    .date("期限は YYYY-MM-DD で入力してください / Give the due date as YYYY-MM-DD")
    .nullish()
    .transform((v) => v ?? null),
});

export const UpcomingMeetingsQuery = z.object({
  /** occurrences starting from this instant (default: now) */
  from: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
