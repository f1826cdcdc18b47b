import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { PATHWAY_CODES } from "../../model/pathway-template";
import { msg } from "../../errors";

const meetingId = z.uuid(msg("pathwayMeetings.invalidMeetingId"));
const occurrenceId = z.uuid(msg("pathwayMeetings.invalidMeetingOccurrence"));
const sequence = z.coerce
  .number(msg("pathwayMeetings.sequenceMissing"))
  .int()
  .min(0, msg("pathwayMeetings.invalidSequence"));
const note = (max: number) =>
  plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max })).default("");

/** What a coordinator fills in; the schedule's own rules (offset, zone, RRULE) are checked by planSchedule. */
const MeetingFields = {
  title: singleLineText()
    .trim()
    .min(1, msg("pathwayMeetings.enterTitle"))
    .max(200, msg("pathwayMeetings.most200Characters")),
  /** the pathway whose cases it reviews; null: both */
  pathway: z
    .enum(PATHWAY_CODES, msg("pathwayMeetings.unknownPathway"))
    .nullish()
    .transform((v) => v ?? null),
  description: note(2000),
  location: note(200),
  /** the first occurrence, with its offset: 2026-12-10T18:30:00+09:00 */
  startsAt: singleLineText(msg("pathwayMeetings.enterStart")).trim().max(40),
  timeZone: singleLineText().trim().max(64).default("Asia/Tokyo"),
  durationMinutes: z.coerce.number().int().default(90),
  /** RFC 5545 RRULE (FREQ=MONTHLY;BYDAY=2TH;COUNT=3); empty or null: one-off */
  rrule: singleLineText()
    .trim()
    .max(500, msg("pathwayMeetings.ruleTooLong"))
    .nullish()
    .transform((v) => v || null),
  invitees: z
    .array(z.uuid(msg("pathwayMeetings.invalidInvitee")))
    .max(200, msg("pathwayMeetings.most200Invitees"))
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, msg("pathwayMeetings.someoneInvitedTwice")),
  facilityIds: z
    .array(z.uuid(msg("pathwayMeetings.invalidFacility")))
    .max(100, msg("pathwayMeetings.most100Facilities"))
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, msg("pathwayMeetings.facilityInvitedTwice")),
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
  enrolmentId: z.uuid(msg("pathwayMeetings.invalidCase")),
  change: z.enum(["add", "remove"]),
});

export const RecordDecisionInput = z.object({
  occurrenceId,
  enrolmentId: z.uuid(msg("pathwayMeetings.invalidCase")),
  decision: plainText()
    .trim()
    .min(1, msg("pathwayMeetings.enterDecision"))
    .max(2000, msg("pathwayMeetings.most2000Characters")),
  responsibleFacilityId: z.uuid(msg("pathwayMeetings.chooseResponsibleFacility")),
  dueOn: z.iso
    .date(msg("pathwayMeetings.giveDueDateAsYYYY"))
    .nullish()
    .transform((v) => v ?? null),
});

export const UpcomingMeetingsQuery = z.object({
  /** occurrences starting from this instant (default: now) */
  from: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
