import { and, count, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patients, readingRequests } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import type { ReadingUrgency } from "../../model/reading-report";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { READING_PROFESSIONS } from "./load-reading";
import { AWAITING_REPORT, READING_DUE_HOURS, isOverdue, readingDueAt } from "./reading-status";
import { ReadingListQuery } from "./readings.schema";
import { auditReadings } from "./readings-audit";

const PAGE_SIZE = 100;

/** SQL: still awaiting its report after the due time its urgency gives (reading-status.ts). */
export function overdueReading(now: Date): SQL {
  return and(
    inArray(readingRequests.status, [...AWAITING_REPORT]),
    or(
      ...(Object.entries(READING_DUE_HOURS) as [ReadingUrgency, number][]).map(([urgency, hours]) =>
        and(
          eq(readingRequests.urgency, urgency),
          lt(readingRequests.requestedAt, new Date(now.getTime() - hours * 3_600_000)),
        ),
      ),
    ),
  )!;
}

const URGENCY_ORDER = sql`case ${readingRequests.urgency} when 'emergency' then 0 when 'urgent' then 1 else 2 end`;

/**
 * 読影ワークリスト: the requests to the actor's facility's radiology (box
 * "reading": waiting, in progress, reported, overdue by urgency; most urgent
 * first) or those the facility asked for (box "requested"). A patient is named
 * only while the facility is inside the patient's consent; the naming is audited.
 */
export async function listReadings(db: Db, actor: Actor, rawQuery: unknown, now = new Date()) {
  const q = parseInput(ReadingListQuery, rawQuery);
  if (!READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.professionDoesNotHandleReadings"));
  }
  const mine =
    q.box === "reading"
      ? eq(readingRequests.readingFacilityId, actor.facilityId)
      : eq(readingRequests.requesterFacilityId, actor.facilityId);
  const filter =
    q.filter === "waiting"
      ? eq(readingRequests.status, "requested")
      : q.filter === "in_progress"
        ? eq(readingRequests.status, "accepted")
        : q.filter === "reported"
          ? inArray(readingRequests.status, ["reported", "acknowledged"])
          : q.filter === "overdue"
            ? overdueReading(now)
            : undefined;
  const other = q.box === "reading" ? readingRequests.requesterFacilityId : readingRequests.readingFacilityId;
  const rows = await db
    .select({
      id: readingRequests.id,
      patientId: readingRequests.patientId,
      status: readingRequests.status,
      urgency: readingRequests.urgency,
      requestedAt: readingRequests.requestedAt,
      statusChangedAt: readingRequests.statusChangedAt,
      studyDate: readingRequests.studyDate,
      studyModalities: readingRequests.studyModalities,
      studyDescription: readingRequests.studyDescription,
      reportedVersion: readingRequests.reportedVersion,
      acknowledgedVersion: readingRequests.acknowledgedVersion,
      otherFacilityName: facilities.name,
      familyName: patients.familyName,
      givenName: patients.givenName,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, readingRequests.patientId, actor.facilityId)}`,
    })
    .from(readingRequests)
    .innerJoin(patients, eq(patients.id, readingRequests.patientId))
    .innerJoin(facilities, eq(facilities.id, other))
    .where(and(mine, filter))
    .orderBy(
      sql`case when ${readingRequests.status} in ('requested', 'accepted') then 0 else 1 end`,
      URGENCY_ORDER,
      desc(readingRequests.requestedAt),
    )
    .limit(PAGE_SIZE);
  const named = [...new Set(rows.filter((r) => r.inConsent).map((r) => r.patientId))];
  if (named.length > 0) {
    await auditReadings(db, actor, "reading.list", {
      details: { box: q.box, patientIds: named },
      read: true,
    });
  }
  return {
    box: q.box,
    filter: q.filter,
    items: rows.map(({ familyName, givenName, inConsent, ...r }) => ({
      ...r,
      requestedAt: r.requestedAt.toISOString(),
      statusChangedAt: r.statusChangedAt.toISOString(),
      dueAt: readingDueAt(r.requestedAt, r.urgency).toISOString(),
      overdue: isOverdue(r, now),
      patientName: inConsent ? `${familyName} ${givenName}` : null,
    })),
  };
}
export type ReadingListItem = Awaited<ReturnType<typeof listReadings>>["items"][number];

/** The home page's counts (no patient): waiting and overdue at the reading side, reports to acknowledge. */
export async function readingDayCounts(db: Db, actor: Actor, now = new Date()) {
  const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  const reading = eq(readingRequests.readingFacilityId, actor.facilityId);
  const [waiting, overdue, toAcknowledge] = await Promise.all([
    db
      .select({ n: count() })
      .from(readingRequests)
      .where(and(reading, inArray(readingRequests.status, [...AWAITING_REPORT]))),
    db
      .select({ n: count() })
      .from(readingRequests)
      .where(and(reading, overdueReading(now))),
    db
      .select({ n: count() })
      .from(readingRequests)
      .where(
        and(
          eq(readingRequests.requesterFacilityId, actor.facilityId),
          eq(readingRequests.status, "reported"),
        ),
      ),
  ]);
  return { waiting: n(waiting), overdue: n(overdue), toAcknowledge: n(toAcknowledge) };
}
