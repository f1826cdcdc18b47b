import { boolean, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { careTeamPosts } from "./care-team";
import { conferences } from "./conferences";
import { pathwayMeetings } from "./pathway-meetings";
import { pathwayEnrolments } from "./pathways";
import { practitioners } from "./practitioners";
import { adviceRequests, referrals } from "./referrals";
import { readingRequests } from "./readings";
import { dischargeSummaries } from "./summaries";
import { nursingInstructions } from "./nursing-instructions";
import { careDocuments } from "./care-documents";

export const notificationKind = pgEnum("notification_kind", [
  "referral_received",
  "referral_status",
  "referral_reply",
  "advice_asked",
  "advice_answered",
  "summary_received",
  "summary_acknowledged",
  "pathway_handover_requested",
  "pathway_handover_answered",
  "meeting_invitation",
  "meeting_updated",
  "meeting_cancelled",
  /** a pathway meeting recorded a decision for the recipient's facility to act on (担当施設) */
  "meeting_decision_assigned",
  /** a patient's consent stopped covering the recipient's facility: what it held, by document number, no name */
  "consent_scope_left",
  /** a case conference's invitee: invited, the time or title changed, cancelled */
  "conference_invitation",
  "conference_updated",
  "conference_cancelled",
  /** someone on a patient's care team mentioned the recipient (or their profession) in a post */
  "care_team_mention",
  /** a reply under the recipient's care-team post */
  "care_team_reply",
  /** a physician sent the recipient's station a visiting-nurse instruction (訪問看護指示書) */
  "nursing_instruction_received",
  /** the station confirmed receipt of the recipient's instruction */
  "nursing_instruction_acknowledged",
  /** a reading request (読影依頼) arrived at the recipient's reading facility */
  "reading_requested",
  /** a reading request the recipient made was accepted, declined or cancelled */
  "reading_status",
  /** a reading report (読影レポート) was signed or amended for the recipient's request */
  "reading_reported",
  /** the requester acknowledged the recipient's reading report */
  "reading_acknowledged",
  /** a care document (tracing report, admission information ...) arrived at the recipient's facility */
  "care_document_received",
  /** the recipient acknowledged or answered the recipient's care document */
  "care_document_replied",
  /** the author cancelled a care document sent to the recipient's facility */
  "care_document_cancelled",
]);

/** The notification centre: one row per recipient, read or not; survives reloads and restarts. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    recipientId: uuid()
      .notNull()
      .references(() => practitioners.id),
    kind: notificationKind().notNull(),
    referralId: uuid().references(() => referrals.id),
    adviceRequestId: uuid().references(() => adviceRequests.id),
    dischargeSummaryId: uuid().references(() => dischargeSummaries.id),
    pathwayEnrolmentId: uuid().references(() => pathwayEnrolments.id),
    pathwayMeetingId: uuid().references(() => pathwayMeetings.id),
    conferenceId: uuid().references(() => conferences.id),
    careTeamPostId: uuid().references(() => careTeamPosts.id),
    nursingInstructionId: uuid().references(() => nursingInstructions.id),
    readingRequestId: uuid().references(() => readingRequests.id),
    careDocumentId: uuid().references(() => careDocuments.id),
    /** the status or event it tells of; the UI words it in the reader's language */
    event: text().notNull().default(""),
    actorId: uuid().references(() => practitioners.id),
    urgent: boolean().notNull().default(false),
    /** what the line lists (consent_scope_left: document numbers, stages, meetings), never a patient's name */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_recipient_idx").on(t.recipientId, t.readAt, t.createdAt)],
);
