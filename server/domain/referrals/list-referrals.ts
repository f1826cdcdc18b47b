import { and, count, desc, eq, ne, sql, sum, type Placeholder, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { inTransaction, type Db } from "../../db/client";
import {
  departments,
  facilities,
  patients,
  practitioners,
  referralWorklistCounts,
  referrals,
} from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import { professionMaySee, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { awaitingSince, overdueThreshold } from "./referral-overdue";
import { REFERRAL_STATUSES, type ReferralStatus } from "./referral-status";
import { WorklistQuery } from "./referrals.schema";
import { auditReferrals } from "./referrals-audit";

const otherFacility = alias(facilities, "other_facility");

/** Where a page ended: the last row's sort key (priority, status change to the microsecond, id). */
const Cursor = z.tuple([
  z.enum(["routine", "urgent"]),
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  z.uuid(),
]);
type Cursor = z.infer<typeof Cursor>;

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeCursor(text: string): Cursor {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw invalidField("after", msg("referrals.pagePositionNotValid"));
  }
}

/**
 * A facility's worklist: the outbox (what it referred) or the inbox (what was
 * referred to it), filtered by status, priority, department and overdue, with
 * counts per status for the tabs. A patient is named only while the facility is
 * inside the patient's consent; after a withdrawal the line stays, redacted.
 *
 * Built to read only what it shows (issue 16): each filter has an index in the
 * page's order, so a page is a range of one index; `after` continues from the
 * previous page's `nextCursor` (keyset) instead of skipping rows; the chips'
 * counts of an unfiltered list come from referral_worklist_counts, kept by
 * triggers in the transaction of every change; consent is checked for the
 * page's patients only.
 */
export async function listReferrals(db: Db, actor: Actor, rawQuery: unknown) {
  const q = parseInput(WorklistQuery, rawQuery);
  if (!professionMaySee(actor.profession, "clinical")) {
    throw new DomainError("FORBIDDEN", msg("referrals.professionDoesNotHandleReferrals"));
  }
  const after = q.after ? decodeCursor(q.after) : undefined;
  const statements = worklistStatements(db, {
    box: q.box,
    status: !!q.status,
    priority: !!q.priority,
    department: !!q.departmentId,
    overdue: !!q.overdue,
    after: !!after,
  });
  const values = {
    facilityId: actor.facilityId,
    overdueBefore: overdueThreshold(new Date()).toISOString(),
    status: q.status,
    priority: q.priority,
    departmentId: q.departmentId,
    afterPriority: after?.[0],
    afterAt: after?.[1],
    afterId: after?.[2],
    limit: q.limit,
    offset: after ? 0 : q.offset,
  };
  const [rows, countRows, [overdueRow]] = await Promise.all([
    statements.page.execute(values),
    statements.statusCounts.execute(values),
    statements.overdueCount.execute(values),
  ]);
  const counts = Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, 0])) as Record<ReferralStatus, number>;
  for (const c of countRows) counts[c.status] = Number(c.n);

  // consent for this page's patients only, in the page's own statement: one indexed probe each
  const patientIds = [...new Set(rows.map((r) => r.patientId))];
  const inScope = new Set(rows.filter((r) => r.inConsent).map((r) => r.patientId));

  const shown = patientIds.filter((id) => inScope.has(id));
  if (shown.length) {
    await auditReferrals(db, actor, "referral.view", {
      details: { worklist: q.box, patientIds: shown },
      read: true,
    });
  }
  const last = rows.at(-1);
  return {
    counts,
    overdue: overdueRow?.n ?? 0,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    /** pass as `after` for the next page; null on the last page */
    nextCursor:
      last && rows.length === q.limit ? encodeCursor([last.priority, last.cursorAt, last.id]) : null,
    items: rows.map(
      ({
        patientFamilyName,
        patientGivenName,
        patientRegionalId,
        referrerFamilyName,
        referrerGivenName,
        cursorAt: _cursorAt,
        inConsent: _inConsent,
        ...r
      }) => {
        const inConsent = inScope.has(r.patientId);
        return {
          ...r,
          inConsent,
          patientName: inConsent ? `${patientFamilyName} ${patientGivenName}` : null,
          patientRegionalId: inConsent ? patientRegionalId : null,
          referrerName: `${referrerFamilyName} ${referrerGivenName}`,
        };
      },
    ),
  };
}

/** Which of a worklist's filters a request uses: the statements' text depends on this alone. */
interface WorklistShape {
  box: "inbox" | "outbox";
  status: boolean;
  priority: boolean;
  department: boolean;
  overdue: boolean;
  after: boolean;
}

type WorklistStatements = ReturnType<typeof buildWorklistStatements>;
const prepared = new WeakMap<Db, Map<string, WorklistStatements>>();

/**
 * A worklist's three statements for one shape of request, built once per database handle,
 * values as placeholders, so drizzle does not build them again per page (it was a third of a
 * page's CPU, issue 16). The two counts are also prepared by name (parsed and planned once per
 * connection; their generic plans measured as fast as planning each time). The page is sent
 * unnamed, planned with its values each time: its generic plan (facility and LIMIT unknown)
 * sorts the facility's whole inbox, 74 ms instead of 2. 2 boxes × 32 shapes at most; inside a
 * transaction they are built each time (never the case today).
 */
function worklistStatements(db: Db, shape: WorklistShape) {
  const key = `${shape.box}_${[shape.status, shape.priority, shape.department, shape.overdue, shape.after].map(Number).join("")}`;
  if (inTransaction(db)) return buildWorklistStatements(db, shape, key);
  let byShape = prepared.get(db);
  if (!byShape) prepared.set(db, (byShape = new Map<string, WorklistStatements>()));
  let statements = byShape.get(key);
  if (!statements) byShape.set(key, (statements = buildWorklistStatements(db, shape, key)));
  return statements;
}

function buildWorklistStatements(db: Db, shape: WorklistShape, key: string) {
  const p = sql.placeholder;
  const mine: SQL =
    shape.box === "outbox"
      ? eq(referrals.referrerFacilityId, p("facilityId"))
      : and(eq(referrals.destinationFacilityId, p("facilityId")), ne(referrals.status, "draft"))!;
  const overdueNow = awaitingSince(p("overdueBefore"));
  const filters = [
    mine,
    shape.priority ? eq(referrals.priority, p("priority")) : undefined,
    shape.department ? eq(referrals.destinationDepartmentId, p("departmentId")) : undefined,
    shape.overdue ? overdueNow : undefined,
  ];
  const keyset = shape.after
    ? sql`(${referrals.priority}, ${referrals.statusChangedAt}, ${referrals.id}) < (${p("afterPriority")}::referral_priority, ${p("afterAt")}::timestamptz, ${p("afterId")}::uuid)`
    : undefined;
  const where = and(...filters, shape.status ? eq(referrals.status, p("status")) : undefined, keyset);
  const counterpart = shape.box === "outbox" ? referrals.destinationFacilityId : referrals.referrerFacilityId;
  const unfiltered = !shape.priority && !shape.department && !shape.overdue;

  // The page is cut from one index range first (a subquery with its own ORDER BY and
  // LIMIT), then named: the planner never joins a facility's whole list to sort it,
  // whatever it estimates for a filter (department and facility are correlated).
  const cut = db
    .select({
      id: referrals.id,
      status: referrals.status,
      priority: referrals.priority,
      documentNumber: referrals.documentNumber,
      requestedBy: referrals.requestedBy,
      sentAt: referrals.sentAt,
      appointmentAt: referrals.appointmentAt,
      statusChangedAt: referrals.statusChangedAt,
      cursorAt:
        sql<string>`to_char(${referrals.statusChangedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
          "cursor_at",
        ),
      overdue: sql<boolean>`coalesce(${overdueNow}, false)`.as("overdue"),
      patientId: referrals.patientId,
      referrerId: referrals.referrerId,
      destinationDepartmentId: referrals.destinationDepartmentId,
      counterpartId: sql<string>`${counterpart}`.as("counterpart_id"),
    })
    .from(referrals)
    .where(where)
    .orderBy(desc(referrals.priority), desc(referrals.statusChangedAt), desc(referrals.id))
    .limit(p("limit"))
    .offset(p("offset"))
    .as("page");
  const page = db
    .select({
      id: cut.id,
      status: cut.status,
      priority: cut.priority,
      documentNumber: cut.documentNumber,
      requestedBy: cut.requestedBy,
      sentAt: cut.sentAt,
      appointmentAt: cut.appointmentAt,
      statusChangedAt: cut.statusChangedAt,
      cursorAt: cut.cursorAt,
      overdue: cut.overdue,
      patientId: cut.patientId,
      patientFamilyName: patients.familyName,
      patientGivenName: patients.givenName,
      patientRegionalId: patients.regionalId,
      // consent for this page's patients only, in the page's own statement: one indexed probe each
      inConsent: sql<boolean>`${inCurrentConsentScope(db, patients.id, p("facilityId"))}`,
      departmentName: departments.name,
      counterpartFacility: otherFacility.name,
      referrerFamilyName: practitioners.familyName,
      referrerGivenName: practitioners.givenName,
    })
    .from(cut)
    .innerJoin(patients, eq(patients.id, cut.patientId))
    .innerJoin(departments, eq(departments.id, cut.destinationDepartmentId))
    .innerJoin(otherFacility, eq(otherFacility.id, cut.counterpartId))
    .innerJoin(practitioners, eq(practitioners.id, cut.referrerId))
    .orderBy(desc(cut.priority), desc(cut.statusChangedAt), desc(cut.id));

  const statusCounts = unfiltered
    ? keptStatusCounts(db, p("facilityId"), shape.box)
    : db
        .select({ status: referrals.status, n: count() })
        .from(referrals)
        .where(and(...filters))
        .groupBy(referrals.status);
  const overdueCount = db.select({ n: count() }).from(referrals).where(and(mine, overdueNow));
  return {
    page: page.prepare(""),
    // a filtered count is planned with its values, as the page is
    statusCounts: statusCounts.prepare(unfiltered ? `worklist_${key}_counts` : ""),
    overdueCount: overdueCount.prepare(`worklist_${key}_overdue`),
  };
}

/**
 * A facility's referrals per status in one box, from the counters each transition keeps in its
 * own transaction (referral_worklist_counts): no count over the referrals themselves.
 */
export function keptStatusCounts(db: Db, facilityId: string | Placeholder, box: "inbox" | "outbox") {
  return db
    .select({ status: referralWorklistCounts.status, n: sum(referralWorklistCounts.n).mapWith(Number) })
    .from(referralWorklistCounts)
    .where(and(eq(referralWorklistCounts.facilityId, facilityId), eq(referralWorklistCounts.box, box)))
    .groupBy(referralWorklistCounts.status);
}
