import { and, count, desc, eq, sql, sum, type Placeholder, type SQL } from "drizzle-orm";
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
import { auditAppended, readAuditEventInsert, readAuditValues } from "../audit/append-audit-event";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { awaitingSince, overdueThreshold } from "./referral-overdue";
import { REFERRAL_STATUSES, type ReferralStatus } from "./referral-status";
import { WORKLIST_PAGE_SIZE, WorklistQuery } from "./referrals.schema";
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
 * page's patients only; the page, its counts and the read's audit event are one
 * statement, planned once per connection.
 */
export async function listReferrals(db: Db, actor: Actor, rawQuery: unknown) {
  const q = parseInput(WorklistQuery, rawQuery);
  if (!professionMaySee(actor.profession, "clinical")) {
    throw new DomainError("FORBIDDEN", msg("referrals.professionDoesNotHandleReferrals"));
  }
  const after = q.after ? decodeCursor(q.after) : undefined;
  // the read's audit event goes in the page's own statement, outside a transaction only: its
  // commit must not wait for the WAL flush, which a caller's transaction must keep for its change
  const auditInStatement = !inTransaction(db);
  const statements = worklistStatements(db, {
    box: q.box,
    status: !!q.status,
    priority: !!q.priority,
    department: !!q.departmentId,
    overdue: !!q.overdue,
    after: !!after,
    offset: !after && q.offset > 0,
    limit: q.limit,
    auditInStatement,
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
    offset: q.offset,
    ...(auditInStatement ? readAuditValues(actor) : {}),
  };
  // one statement: the page, its chips' counts and the overdue count on its first row, and the
  // read's audit event; the counts on their own only when the page is empty
  const rows = await statements.page.execute(values);
  const counts = Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, 0])) as Record<ReferralStatus, number>;
  let overdue: number;
  const [first] = rows;
  if (first) {
    for (const [status, n] of Object.entries(first.counts ?? {}))
      counts[status as ReferralStatus] = Number(n);
    overdue = Number(first.overdueCount);
  } else {
    const [countRows, [overdueRow]] = await Promise.all([
      statements.statusCounts.execute(values),
      statements.overdueCount.execute(values),
    ]);
    for (const c of countRows) counts[c.status] = Number(c.n);
    overdue = overdueRow?.n ?? 0;
  }

  // consent for this page's patients only, in the page's own statement: one indexed probe each
  const inScope = new Set(rows.filter((r) => r.inConsent).map((r) => r.patientId));
  // the statement appended the read's event: this process's chaining writer links it soon
  if (auditInStatement && inScope.size) auditAppended();
  if (!auditInStatement && inScope.size) {
    await auditReferrals(db, actor, "referral.view", {
      details: { worklist: q.box, patientIds: [...inScope] },
      read: true,
    });
  }
  const last = rows.at(-1);
  return {
    counts,
    overdue,
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
        position: _position,
        counts: _counts,
        overdueCount: _overdueCount,
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

/** Which of a worklist's filters a request uses, and its page: the statements' text depends on this alone. */
interface WorklistShape {
  box: "inbox" | "outbox";
  status: boolean;
  priority: boolean;
  department: boolean;
  overdue: boolean;
  after: boolean;
  /** a page by offset past the first (keyset pages and first pages have none) */
  offset: boolean;
  /** rows per page, written into the statement so that a generic plan knows it */
  limit: number;
  /** the read's audit event appended by the page's own statement (outside a transaction) */
  auditInStatement: boolean;
}

type WorklistStatements = ReturnType<typeof buildWorklistStatements>;
const prepared = new WeakMap<Db, Map<string, WorklistStatements>>();

/**
 * A worklist's statements for one shape of request (the page with its counts and audit event;
 * the counts alone, for an empty page), built once per database handle,
 * values as placeholders, so drizzle does not build them again per page (it was a third of a
 * page's CPU, issue 16), and prepared by name: parsed once per connection, and planned once
 * (PostgreSQL's generic plan) rather than per page, which was most of the page query's own time.
 * The generic plan is the right one because the statement leaves nothing it depends on to a
 * parameter: the page size and the excluded drafts are written in it (with `limit $n` it
 * expected a tenth of the facility and checked consent by hashing the facility's whole scope;
 * with `status <> $n` it could not use the partial index and sorted the inbox, 74 ms instead of
 * 2). The overdue filter, which no index orders, a page by offset and an empty page's filtered
 * counts are planned with their values each time (sent unnamed). Only the app's page size is
 * kept (2 boxes × 96 shapes at most); another size, or a page inside a transaction, is built
 * and planned each time.
 */
function worklistStatements(db: Db, shape: WorklistShape) {
  const key = `${shape.box}_${[shape.status, shape.priority, shape.department, shape.overdue, shape.after, shape.offset, shape.auditInStatement].map(Number).join("")}`;
  if (inTransaction(db) || shape.limit !== WORKLIST_PAGE_SIZE) return buildWorklistStatements(db, shape, "");
  let byShape = prepared.get(db);
  if (!byShape) prepared.set(db, (byShape = new Map<string, WorklistStatements>()));
  let statements = byShape.get(key);
  if (!statements) byShape.set(key, (statements = buildWorklistStatements(db, shape, key)));
  return statements;
}

/** `key` names the prepared statements; "" sends them unnamed (planned with their values each time). */
function buildWorklistStatements(db: Db, shape: WorklistShape, key: string) {
  const p = sql.placeholder;
  const named = (suffix: string) => (key ? `worklist_${key}_${suffix}` : "");
  const mine: SQL =
    shape.box === "outbox"
      ? eq(referrals.referrerFacilityId, p("facilityId"))
      : and(eq(referrals.destinationFacilityId, p("facilityId")), sql`${referrals.status} <> 'draft'`)!;
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
  const cutQuery = db
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
    // written into the text (a validated integer): drizzle would send a number as a parameter
    .limit(sql.raw(String(shape.limit)) as unknown as number);
  const cut = (shape.offset ? cutQuery.offset(p("offset")) : cutQuery).as("page");
  const rowsQuery = db
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
      patientFamilyName: sql<string>`${patients.familyName}`.as("patient_family_name"),
      patientGivenName: sql<string>`${patients.givenName}`.as("patient_given_name"),
      patientRegionalId: patients.regionalId,
      // consent for this page's patients only, in the page's own statement: one indexed probe each
      inConsent: sql<boolean>`${inCurrentConsentScope(db, patients.id, p("facilityId"))}`.as("in_consent"),
      departmentName: sql<string>`${departments.name}`.as("department_name"),
      counterpartFacility: sql<string>`${otherFacility.name}`.as("counterpart_facility"),
      referrerFamilyName: sql<string>`${practitioners.familyName}`.as("referrer_family_name"),
      referrerGivenName: sql<string>`${practitioners.givenName}`.as("referrer_given_name"),
      // the page's order, for the audit event's patient list and the final ORDER BY
      position:
        sql<number>`row_number() over (order by ${cut.priority} desc, ${cut.statusChangedAt} desc, ${cut.id} desc)`.as(
          "position",
        ),
    })
    .from(cut)
    .innerJoin(patients, eq(patients.id, cut.patientId))
    .innerJoin(departments, eq(departments.id, cut.destinationDepartmentId))
    .innerJoin(otherFacility, eq(otherFacility.id, cut.counterpartId))
    .innerJoin(practitioners, eq(practitioners.id, cut.referrerId));
  const pageRows = db.$with("page_rows").as(rowsQuery);
  // each of the page's fields as a column of the CTE (the proxy names them "page_rows"."…")
  const rowFields = Object.fromEntries(
    Object.keys(pageRows._.selectedFields).map((k) => [
      k,
      pageRows[k as keyof typeof pageRows._.selectedFields],
    ]),
  ) as { [K in keyof typeof pageRows._.selectedFields]: (typeof pageRows)[K] };
  // The read's audit event, when the page names a patient: the patients named, in the
  // page's order, as listReferrals' own append would list them
  const audited = db.$with("audited", { seq: sql<number>`seq` }).as(
    readAuditEventInsert({
      action: "referral.view",
      purpose: "treatment",
      details: sql`jsonb_build_object('worklist', ${sql.raw(`'${shape.box}'`)}, 'patientIds', named_patients.ids)`,
      from: sql`(select jsonb_agg(patient_id order by first_position) as ids
                 from (select patient_id, min(position) as first_position from ${pageRows}
                       where in_consent group by patient_id) as in_consent_patients) as named_patients`,
      when: sql`named_patients.ids is not null`,
    }),
  );

  const statusCounts = unfiltered
    ? keptStatusCounts(db, p("facilityId"), shape.box)
    : db
        .select({ status: referrals.status, n: count() })
        .from(referrals)
        .where(and(...filters))
        .groupBy(referrals.status);
  const overdueCount = db.select({ n: count() }).from(referrals).where(and(mine, overdueNow));
  // the chips' counts and the overdue count ride on the page's first row (computed once, as
  // the statement's init plans), so a page is one round trip and one backend's work
  const chips = (
    unfiltered
      ? db
          .select({
            status: referralWorklistCounts.status,
            n: sql<number>`sum(${referralWorklistCounts.n})::int`.as("n"),
          })
          .from(referralWorklistCounts)
          .where(
            and(
              eq(referralWorklistCounts.facilityId, p("facilityId")),
              sql`${referralWorklistCounts.box} = ${sql.raw(`'${shape.box}'`)}`,
            ),
          )
          .groupBy(referralWorklistCounts.status)
      : db
          .select({ status: referrals.status, n: sql<number>`count(*)::int`.as("n") })
          .from(referrals)
          .where(and(...filters))
          .groupBy(referrals.status)
  ).as("chips");
  const onFirstRow = <T>(value: SQL) => sql<T | null>`case when ${pageRows.position} = 1 then ${value} end`;
  const page = (shape.auditInStatement ? db.with(pageRows, audited) : db.with(pageRows))
    .select({
      ...rowFields,
      counts: onFirstRow<Record<string, number>>(
        sql`(select jsonb_object_agg(${chips.status}, ${chips.n}) from ${chips})`,
      ).as("counts"),
      overdueCount: onFirstRow<number>(
        sql`(select count(*)::int from ${referrals} where ${and(mine, overdueNow)})`,
      )
        .mapWith(Number)
        .as("overdue_count"),
    })
    .from(pageRows)
    .orderBy(pageRows.position);

  return {
    page: page.prepare(shape.overdue || shape.offset ? "" : named("page")),
    // an empty page's counts; a filtered count is planned with its values, as the overdue page is
    statusCounts: statusCounts.prepare(unfiltered ? named("counts") : ""),
    overdueCount: overdueCount.prepare(named("overdue")),
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
