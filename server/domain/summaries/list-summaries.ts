import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  dischargeSummaries,
  dischargeSummaryAcknowledgements,
  dischargeSummaryRecipients,
  facilities,
  patients,
} from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { professionMaySee, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { summaryDataKind } from "./load-summary";
import { SummaryListQuery } from "./summaries.schema";
import { auditSummaries } from "./summaries-audit";

const PAGE_SIZE = 50;

/**
 * A facility's discharge summaries: the inbox (sent to it, newest first, with
 * whether it confirmed the latest version) or the outbox (written there,
 * drafts included, with how many recipients confirmed). A patient is named only
 * while the facility is inside the patient's consent; otherwise the line stays, redacted.
 */
export async function listSummaries(db: Db, actor: Actor, rawQuery: unknown) {
  const q = parseInput(SummaryListQuery, rawQuery);
  if (!professionMaySee(actor.profession, summaryDataKind(actor.profession))) {
    throw new DomainError("FORBIDDEN", msg("summaries.professionDoesNotHandleDischarge"));
  }
  const inConsent = inCurrentConsentScope(db, dischargeSummaries.patientId, actor.facilityId);
  const ackedLatest = acknowledgedLatestBy(actor.facilityId);
  const recipientCount = sql<number>`(select count(*)::int from ${dischargeSummaryRecipients} r
    where r.summary_id = ${dischargeSummaries.id} and r.since_version is not null)`;
  const ackCount = sql<number>`(select count(*)::int from ${dischargeSummaryAcknowledgements} a
    where a.summary_id = ${dischargeSummaries.id} and a.version = ${dischargeSummaries.sentVersion})`;

  const columns = {
    id: dischargeSummaries.id,
    patientId: dischargeSummaries.patientId,
    status: dischargeSummaries.status,
    documentNumber: dischargeSummaries.documentNumber,
    sentVersion: dischargeSummaries.sentVersion,
    lastSentAt: dischargeSummaries.lastSentAt,
    updatedAt: dischargeSummaries.updatedAt,
    inConsent: sql<boolean>`${inConsent}`,
    patientFamilyName: patients.familyName,
    patientGivenName: patients.givenName,
    patientRegionalId: patients.regionalId,
    authorFacilityName: facilities.name,
    acknowledged: ackedLatest,
    recipientCount,
    ackCount,
  };
  const where =
    q.box === "inbox"
      ? and(
          eq(dischargeSummaryRecipients.facilityId, actor.facilityId),
          isNotNull(dischargeSummaryRecipients.sinceVersion),
          q.unacknowledged ? sql`not ${ackedLatest}` : undefined,
        )
      : eq(dischargeSummaries.authorFacilityId, actor.facilityId);

  const base = () => {
    const query = db
      .select(columns)
      .from(dischargeSummaries)
      .innerJoin(patients, eq(patients.id, dischargeSummaries.patientId))
      .innerJoin(facilities, eq(facilities.id, dischargeSummaries.authorFacilityId));
    return q.box === "inbox"
      ? query.innerJoin(
          dischargeSummaryRecipients,
          eq(dischargeSummaryRecipients.summaryId, dischargeSummaries.id),
        )
      : query;
  };
  const rows = await base()
    .where(where)
    .orderBy(desc(sql`coalesce(${dischargeSummaries.lastSentAt}, ${dischargeSummaries.updatedAt})`))
    .limit(PAGE_SIZE)
    .offset((q.page - 1) * PAGE_SIZE);

  const totalQuery = db.select({ n: count() }).from(dischargeSummaries);
  const [total] =
    q.box === "inbox"
      ? await totalQuery
          .innerJoin(
            dischargeSummaryRecipients,
            eq(dischargeSummaryRecipients.summaryId, dischargeSummaries.id),
          )
          .where(where)
      : await totalQuery.where(where);
  const [unacknowledged] =
    q.box === "inbox"
      ? await db
          .select({ n: count() })
          .from(dischargeSummaries)
          .innerJoin(
            dischargeSummaryRecipients,
            eq(dischargeSummaryRecipients.summaryId, dischargeSummaries.id),
          )
          .where(
            and(
              eq(dischargeSummaryRecipients.facilityId, actor.facilityId),
              isNotNull(dischargeSummaryRecipients.sinceVersion),
              sql`not ${ackedLatest}`,
            ),
          )
      : [{ n: 0 }];

  // a list that names patients is an access to their data: one event for the page, the named patients in details
  const named = [...new Set(rows.filter((r) => r.inConsent).map((r) => r.patientId))];
  if (named.length > 0) {
    await auditSummaries(db, actor, "summary.list", {
      patientId: null,
      details: { box: q.box, page: q.page, patientIds: named },
      read: true,
    });
  }

  return {
    box: q.box,
    page: q.page,
    pageSize: PAGE_SIZE,
    total: total?.n ?? 0,
    unacknowledged: unacknowledged?.n ?? 0,
    summaries: rows.map(
      ({ patientFamilyName, patientGivenName, patientRegionalId, patientId: _patientId, ...r }) => ({
        ...r,
        // the line stays after a withdrawal, but names no one
        patient: r.inConsent
          ? { name: `${patientFamilyName} ${patientGivenName}`, regionalId: patientRegionalId }
          : null,
      }),
    ),
  };
}
export type SummaryList = Awaited<ReturnType<typeof listSummaries>>;

/** Whether the facility acknowledged the summary's latest sent version (the inbox's 未確認 is its negation). */
export function acknowledgedLatestBy(facilityId: string) {
  return sql<boolean>`exists (select 1 from ${dischargeSummaryAcknowledgements} a
    where a.summary_id = ${dischargeSummaries.id} and a.version = ${dischargeSummaries.sentVersion}
    and a.facility_id = ${facilityId})`;
}
