import { and, count, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { departments, facilities, patients, practitioners, referrals } from "../../db/schema";
import { DomainError } from "../../errors";
import { professionMaySee, type Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { overdueColumn, overdueCondition } from "./referral-overdue";
import { REFERRAL_STATUSES, type ReferralStatus } from "./referral-status";
import { WorklistQuery } from "./referrals.schema";

const otherFacility = alias(facilities, "other_facility");

/**
 * A facility's worklist: the outbox (what it referred) or the inbox (what was
 * referred to it), filtered by status, priority, department and overdue, with
 * counts per status for the tabs. A patient is named only while the facility is
 * inside the patient's consent; after a withdrawal the line stays, redacted.
 */
export async function listReferrals(db: Db, actor: Actor, rawQuery: unknown) {
  const q = parseInput(WorklistQuery, rawQuery);
  if (!professionMaySee(actor.profession, "clinical")) {
    throw new DomainError(
      "FORBIDDEN",
      "あなたの職種では紹介状を扱えません / Your profession does not handle referrals",
    );
  }
  const now = new Date();
  const mine: SQL =
    q.box === "outbox"
      ? eq(referrals.referrerFacilityId, actor.facilityId)
      : and(eq(referrals.destinationFacilityId, actor.facilityId), ne(referrals.status, "draft"))!;
  const filters = [
    mine,
    q.priority ? eq(referrals.priority, q.priority) : undefined,
    q.departmentId ? eq(referrals.destinationDepartmentId, q.departmentId) : undefined,
    q.overdue ? overdueCondition(now) : undefined,
  ];
  const where = and(...filters, q.status ? eq(referrals.status, q.status) : undefined);
  const counterpart = q.box === "outbox" ? referrals.destinationFacilityId : referrals.referrerFacilityId;
  const inConsent = inCurrentConsentScope(db, referrals.patientId, actor.facilityId);

  const rows = await db
    .select({
      id: referrals.id,
      status: referrals.status,
      priority: referrals.priority,
      documentNumber: referrals.documentNumber,
      requestedBy: referrals.requestedBy,
      sentAt: referrals.sentAt,
      appointmentAt: referrals.appointmentAt,
      statusChangedAt: referrals.statusChangedAt,
      overdue: overdueColumn(now),
      inConsent: sql<boolean>`${inConsent}`,
      patientId: referrals.patientId,
      patientFamilyName: patients.familyName,
      patientGivenName: patients.givenName,
      patientRegionalId: patients.regionalId,
      departmentName: departments.name,
      counterpartFacility: otherFacility.name,
      referrerFamilyName: practitioners.familyName,
      referrerGivenName: practitioners.givenName,
    })
    .from(referrals)
    .innerJoin(patients, eq(patients.id, referrals.patientId))
    .innerJoin(departments, eq(departments.id, referrals.destinationDepartmentId))
    .innerJoin(otherFacility, eq(otherFacility.id, counterpart))
    .innerJoin(practitioners, eq(practitioners.id, referrals.referrerId))
    .where(where)
    .orderBy(desc(referrals.priority), desc(referrals.statusChangedAt))
    .limit(q.limit)
    .offset(q.offset);

  const countRows = await db
    .select({ status: referrals.status, n: count() })
    .from(referrals)
    .where(and(...filters))
    .groupBy(referrals.status);
  const [overdueRow] = await db
    .select({ n: count() })
    .from(referrals)
    .where(and(mine, overdueCondition(now)));
  const counts = Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, 0])) as Record<ReferralStatus, number>;
  for (const c of countRows) counts[c.status] = c.n;

  const shown = rows.filter((r) => r.inConsent).map((r) => r.patientId);
  if (shown.length) {
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      action: "referral.view",
      purpose: "treatment",
      outcome: "success",
      details: { worklist: q.box, patientIds: [...new Set(shown)] },
      ip: actor.ip,
    });
  }
  return {
    counts,
    overdue: overdueRow?.n ?? 0,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    items: rows.map(
      ({
        patientFamilyName,
        patientGivenName,
        patientRegionalId,
        referrerFamilyName,
        referrerGivenName,
        ...r
      }) => ({
        ...r,
        patientName: r.inConsent ? `${patientFamilyName} ${patientGivenName}` : null,
        patientRegionalId: r.inConsent ? patientRegionalId : null,
        referrerName: `${referrerFamilyName} ${referrerGivenName}`,
      }),
    ),
  };
}
