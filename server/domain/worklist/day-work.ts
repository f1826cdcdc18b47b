import { and, count, eq, gte, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceParticipants,
  conferences,
  dischargeSummaries,
  dischargeSummaryRecipients,
  notifications,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  pathwayStages,
  referralReplies,
  referrals,
} from "../../db/schema";
import { professionMaySee, type Actor } from "../../model/permissions";
import { invitedTo } from "../pathway-meetings/load-meeting";
import { PATHWAY_DATA } from "../pathways/load-enrolment";
import { summaryDataKind } from "../summaries/load-summary";
import { overdueCondition } from "../referrals/referral-overdue";
import { keptStatusCounts } from "../referrals/list-referrals";
import { acknowledgedLatestBy } from "../summaries/list-summaries";
import { careTeamDayCounts } from "../care-team/home-visits";
import { instructionDayCounts } from "../nursing-instructions/list-instructions";
import { careDocumentDayCounts } from "../care-documents/list-care-documents";
import { READING_PROFESSIONS } from "../readings/load-reading";
import { readingDayCounts } from "../readings/list-readings";

/**
 * The day's work on the home page: for each kind of waiting item the reader's
 * profession handles, how many wait at their facility (or for them), with the
 * worklist it opens. Counts only, never a patient: the worklists themselves
 * name patients inside consent and audit it.
 */
export type DayWorkKind =
  | "referralsToOpen"
  | "referralsForwarded"
  | "referralsOverdue"
  | "repliesToAcknowledge"
  | "summariesToAcknowledge"
  | "handoversWaiting"
  | "conferencesToday"
  | "meetingsToday"
  | "unreadNotifications"
  | "careTeamUnread"
  | "careTeamNeedsReply"
  | "nursingInstructionsToAcknowledge"
  | "nursingInstructionsExpiring"
  | "careDocumentsToReply"
  | "careDocumentsDue"
  | "readingsWaiting"
  | "readingsOverdue"
  | "readingReportsToAcknowledge";

export interface DayWorkItem {
  kind: DayWorkKind;
  count: number;
  href: string;
  /** worth doing before anything else: overdue, or waiting to be opened */
  attention: boolean;
}

/** The Japan-time day around `now`, as instants: [00:00, 24:00) in Asia/Tokyo. */
export function tokyoDay(now: Date): { start: Date; end: Date } {
  const day = now.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
  const start = new Date(`${day}T00:00:00+09:00`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;

export async function loadDayWork(db: Db, actor: Actor, now = new Date()): Promise<DayWorkItem[]> {
  const items: DayWorkItem[] = [];
  const { start, end } = tokyoDay(now);
  const handlesReferrals = professionMaySee(actor.profession, "clinical");

  if (handlesReferrals) {
    // the inbox's statuses from the counters each transition keeps; overdue and replies counted
    const [kept, overdueIn, overdueOut, replies] = await Promise.all([
      keptStatusCounts(db, actor.facilityId, "inbox"),
      db
        .select({ n: count() })
        .from(referrals)
        .where(and(eq(referrals.destinationFacilityId, actor.facilityId), overdueCondition(now))),
      db
        .select({ n: count() })
        .from(referrals)
        .where(and(eq(referrals.referrerFacilityId, actor.facilityId), overdueCondition(now))),
      db
        .select({ n: count() })
        .from(referralReplies)
        .innerJoin(referrals, eq(referrals.id, referralReplies.referralId))
        .where(
          and(eq(referrals.referrerFacilityId, actor.facilityId), isNull(referralReplies.acknowledgedAt)),
        ),
    ]);
    const inStatus = (status: string) => kept.find((k) => k.status === status)?.n ?? 0;
    items.push(
      {
        kind: "referralsToOpen",
        count: inStatus("sent"),
        href: "/referrals?tab=inbox&status=sent",
        attention: true,
      },
      {
        kind: "referralsForwarded",
        count: inStatus("forwarded"),
        href: "/referrals?tab=inbox&status=forwarded",
        attention: true,
      },
      {
        kind: "referralsOverdue",
        count: n(overdueIn) + n(overdueOut),
        href:
          n(overdueIn) || !n(overdueOut)
            ? "/referrals?tab=inbox&overdue=1"
            : "/referrals?tab=outbox&overdue=1",
        attention: true,
      },
      {
        kind: "repliesToAcknowledge",
        count: n(replies),
        href: "/referrals?tab=outbox&status=completed",
        attention: false,
      },
    );
  }

  if (professionMaySee(actor.profession, summaryDataKind(actor.profession))) {
    const acknowledged = acknowledgedLatestBy(actor.facilityId);
    const rows = await db
      .select({ n: count() })
      .from(dischargeSummaryRecipients)
      .innerJoin(dischargeSummaries, eq(dischargeSummaries.id, dischargeSummaryRecipients.summaryId))
      .where(
        and(
          eq(dischargeSummaryRecipients.facilityId, actor.facilityId),
          isNotNull(dischargeSummaryRecipients.sinceVersion),
          sql`not ${acknowledged}`,
        ),
      );
    items.push({
      kind: "summariesToAcknowledge",
      count: n(rows),
      href: "/summaries?unacknowledged=1",
      attention: false,
    });
  }

  if (READING_PROFESSIONS.includes(actor.profession)) {
    // remote image reading: the reading side's waiting and overdue requests, the requester's reports to read
    const readings = await readingDayCounts(db, actor, now);
    items.push(
      {
        kind: "readingsWaiting",
        count: readings.waiting,
        href: "/readings?box=reading&filter=waiting",
        attention: false,
      },
      {
        kind: "readingsOverdue",
        count: readings.overdue,
        href: "/readings?box=reading&filter=overdue",
        attention: true,
      },
      {
        kind: "readingReportsToAcknowledge",
        count: readings.toAcknowledge,
        href: "/readings?box=requested&filter=reported",
        attention: false,
      },
    );
  }

  if (professionMaySee(actor.profession, PATHWAY_DATA)) {
    const rows = await db
      .select({ n: count() })
      .from(pathwayStages)
      .where(and(eq(pathwayStages.facilityId, actor.facilityId), eq(pathwayStages.status, "requested")));
    items.push({ kind: "handoversWaiting", count: n(rows), href: "/pathways?box=incoming", attention: true });
  }

  const [conferenceRows, meetingRows, unread, team, instructions, careDocs] = await Promise.all([
    db
      .select({ n: count() })
      .from(conferenceParticipants)
      .innerJoin(conferences, eq(conferences.id, conferenceParticipants.conferenceId))
      .where(
        and(
          eq(conferenceParticipants.practitionerId, actor.practitionerId),
          notInArray(conferenceParticipants.admission, ["refused", "removed"]),
          ne(conferences.kind, "pathway_meeting"),
          or(
            inArray(conferences.status, ["open", "live"]),
            and(
              eq(conferences.status, "scheduled"),
              gte(conferences.scheduledStart, start),
              lt(conferences.scheduledStart, end),
            ),
          ),
        ),
      ),
    db
      .select({ n: count() })
      .from(pathwayMeetingOccurrences)
      .innerJoin(pathwayMeetings, eq(pathwayMeetings.id, pathwayMeetingOccurrences.meetingId))
      .where(
        and(
          gte(pathwayMeetingOccurrences.startsAt, start),
          lt(pathwayMeetingOccurrences.startsAt, end),
          ne(pathwayMeetingOccurrences.status, "cancelled"),
          eq(pathwayMeetings.status, "scheduled"),
          or(eq(pathwayMeetings.organizerId, actor.practitionerId), invitedTo(pathwayMeetings.id, actor)),
        ),
      ),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.recipientId, actor.practitionerId), isNull(notifications.readAt))),
    // home care teams: shown to their members only (counts; the worklist names the patients)
    careTeamDayCounts(db, actor, now),
    // visiting-nurse instructions: the station's to confirm, and both sides' ending within two weeks
    instructionDayCounts(db, actor, now),
    // care documents: those waiting for the reader's reply, and the drafts of theirs that are due
    careDocumentDayCounts(db, actor, now),
  ]);
  items.push(
    { kind: "conferencesToday", count: n(conferenceRows), href: "/conferences", attention: false },
    { kind: "meetingsToday", count: n(meetingRows), href: "/pathway-meetings", attention: false },
    { kind: "unreadNotifications", count: n(unread), href: "/notifications", attention: false },
  );
  if (team.teams > 0) {
    items.push(
      { kind: "careTeamUnread", count: team.unread, href: "/care-team", attention: false },
      { kind: "careTeamNeedsReply", count: team.needsReply, href: "/care-team", attention: team.overdue > 0 },
    );
  }
  if (instructions) {
    const box = instructions.side === "station" ? "inbox" : "outbox";
    if (instructions.side === "station") {
      items.push({
        kind: "nursingInstructionsToAcknowledge",
        count: instructions.toAcknowledge,
        href: "/nursing-instructions?box=inbox",
        attention: true,
      });
    }
    // a physician sees the tile only when one of theirs is ending (most doctors write none)
    if (instructions.side === "station" || instructions.expiring > 0)
      items.push({
        kind: "nursingInstructionsExpiring",
        count: instructions.expiring,
        href: `/nursing-instructions?box=${box}&expiring=1`,
        attention: true,
      });
  }
  if (careDocs) {
    if (careDocs.toReply > 0 || careDocs.due + careDocs.overdue === 0)
      items.push({
        kind: "careDocumentsToReply",
        count: careDocs.toReply,
        href: "/care-documents?box=received",
        attention: true,
      });
    if (careDocs.due + careDocs.overdue > 0)
      items.push({
        kind: "careDocumentsDue",
        count: careDocs.due + careDocs.overdue,
        href: "/care-documents?box=due",
        attention: careDocs.overdue > 0,
      });
  }
  return items;
}
