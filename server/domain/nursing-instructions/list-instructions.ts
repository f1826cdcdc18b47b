import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { facilities, nursingInstructions, patients } from "../../db/schema";
import { daysBetween, type StoredInstructionStatus } from "../../model/nursing-instruction";
import type { Actor } from "../../model/permissions";
import { professionMaySee } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope, requirePatientAccess } from "../consent/check-patient-access";
import { EXPIRING_WITHIN_DAYS, expiringSoon, inForce, statusOn, tokyoToday } from "./instruction-status";
import { INSTRUCTION_ACKNOWLEDGER_PROFESSIONS } from "./load-instruction";
import { InstructionListQuery } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

const station = alias(facilities, "instruction_station");
const author = alias(facilities, "instruction_author");

/** The day `days` after `today` (YYYY-MM-DD). */
const plusDays = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Sent instructions as their reader's facility sees them: written here, or sent to this station. */
function visibleTo(actor: Actor): SQL {
  return or(
    eq(nursingInstructions.authorFacilityId, actor.facilityId),
    and(eq(nursingInstructions.stationFacilityId, actor.facilityId), ne(nursingInstructions.status, "draft")),
  )!;
}

/**
 * No later instruction of the same kind for the same patient and station runs
 * past this one's end: it has not been renewed yet (a renewal sent ahead of
 * time takes an instruction off the expiring list).
 */
function notRenewed(): SQL {
  return sql`not exists (
    select 1 from nursing_instructions later
    where later.patient_id = ${nursingInstructions.patientId}
      and later.station_facility_id = ${nursingInstructions.stationFacilityId}
      and later.kind = ${nursingInstructions.kind}
      and later.status in ('sent', 'acknowledged')
      and later.period_end > ${nursingInstructions.periodEnd})`;
}

/** In force and ending within EXPIRING_WITHIN_DAYS days (today counted), not yet renewed. */
function expiringCondition(today: string): SQL {
  return and(
    inArray(nursingInstructions.status, ["sent", "acknowledged"]),
    sql`${nursingInstructions.periodStart} <= ${today}`,
    gte(nursingInstructions.periodEnd, today),
    lt(nursingInstructions.periodEnd, plusDays(today, EXPIRING_WITHIN_DAYS)),
    notRenewed(),
  )!;
}

const columns = {
  id: nursingInstructions.id,
  kind: nursingInstructions.kind,
  storedStatus: nursingInstructions.status,
  documentNumber: nursingInstructions.documentNumber,
  periodStart: nursingInstructions.periodStart,
  periodEnd: nursingInstructions.periodEnd,
  sentAt: nursingInstructions.sentAt,
  acknowledgedAt: nursingInstructions.acknowledgedAt,
  updatedAt: nursingInstructions.updatedAt,
  authorFacilityId: nursingInstructions.authorFacilityId,
  authorFacilityName: author.name,
  stationFacilityId: nursingInstructions.stationFacilityId,
  stationName: station.name,
  patientId: nursingInstructions.patientId,
};

function shape<
  R extends {
    storedStatus: StoredInstructionStatus;
    periodStart: string | null;
    periodEnd: string | null;
    familyName?: string | null;
    givenName?: string | null;
    inConsent?: boolean;
  },
>(rows: R[], today: string) {
  return rows.map(({ storedStatus, familyName, givenName, inConsent, ...r }) => {
    const period = { start: r.periodStart, end: r.periodEnd };
    const status = statusOn(storedStatus, period, today);
    return {
      ...r,
      status,
      inForce: inForce(status, period, today),
      expiringSoon: expiringSoon(status, period, today),
      patientName: inConsent && familyName ? `${familyName} ${givenName ?? ""}`.trim() : null,
    };
  });
}

/**
 * The instructions of the reader's facility: inbox (sent to this station) or
 * outbox (written here, drafts too), newest first; `expiring` keeps those in
 * force that end within two weeks. Patients are named only inside consent,
 * and naming them is audited.
 */
export async function listInstructions(db: Db, actor: Actor, rawQuery: unknown, now = new Date()) {
  const query = parseInput(InstructionListQuery, rawQuery);
  const expiringOnly = query.expiring;
  const today = tokyoToday(now);
  if (!professionMaySee(actor.profession, "clinical")) return [];
  const where = and(
    query.box === "inbox"
      ? and(
          eq(nursingInstructions.stationFacilityId, actor.facilityId),
          ne(nursingInstructions.status, "draft"),
        )
      : eq(nursingInstructions.authorFacilityId, actor.facilityId),
    expiringOnly ? expiringCondition(today) : undefined,
  );
  const rows = await db
    .select({
      ...columns,
      familyName: patients.familyName,
      givenName: patients.givenName,
      inConsent: sql<boolean>`coalesce(${inCurrentConsentScope(db, nursingInstructions.patientId, actor.facilityId)}, false)`,
    })
    .from(nursingInstructions)
    .innerJoin(patients, eq(patients.id, nursingInstructions.patientId))
    .innerJoin(author, eq(author.id, nursingInstructions.authorFacilityId))
    .leftJoin(station, eq(station.id, nursingInstructions.stationFacilityId))
    .where(where)
    .orderBy(desc(nursingInstructions.updatedAt))
    .limit(200);
  const list = shape(rows, today);
  const named = [...new Set(list.filter((r) => r.patientName).map((r) => r.patientId))];
  if (named.length > 0) {
    await auditNursingInstructions(db, actor, "nursing_instruction.list", {
      details: { patientIds: named },
      read: true,
    });
  }
  return list;
}
export type InstructionListItem = Awaited<ReturnType<typeof listInstructions>>[number];

/**
 * The rows of a patient's instructions the reader's facility wrote or whose
 * station it is, sent and not over yet (and the drafts, with `drafts`). The
 * caller has checked the reader's access and audits what it shows.
 */
async function patientInstructionRows(
  db: Db,
  actor: Actor,
  patientId: string,
  today: string,
  { drafts }: { drafts: boolean },
) {
  const running = and(
    inArray(nursingInstructions.status, ["sent", "acknowledged"]),
    isNotNull(nursingInstructions.periodEnd),
    gte(nursingInstructions.periodEnd, today),
  );
  const rows = await db
    .select(columns)
    .from(nursingInstructions)
    .innerJoin(author, eq(author.id, nursingInstructions.authorFacilityId))
    .leftJoin(station, eq(station.id, nursingInstructions.stationFacilityId))
    .where(
      and(
        eq(nursingInstructions.patientId, patientId),
        visibleTo(actor),
        drafts ? or(eq(nursingInstructions.status, "draft"), running) : running,
      ),
    )
    .orderBy(asc(nursingInstructions.kind), asc(nursingInstructions.periodStart));
  return shape(rows, today);
}

/**
 * A patient's instructions in force or about to start, for the patient page
 * and the care team area: those the reader's facility wrote or whose station
 * it is, inside the reader's access (audited as a view of the list).
 */
export async function listPatientInstructions(db: Db, actor: Actor, patientId: string, now = new Date()) {
  await requirePatientAccess(db, actor, patientId, "clinical", "nursing_instruction.list");
  const rows = await patientInstructionRows(db, actor, patientId, tokyoToday(now), { drafts: true });
  if (rows.length > 0) {
    await auditNursingInstructions(db, actor, "nursing_instruction.list", {
      patientId,
      details: { instructionIds: rows.map((r) => r.id) },
      read: true,
    });
  }
  return rows;
}

/**
 * The instructions in force today for the patient's care team board, with
 * the days left (0 on the last day): the same ones the reader would find on
 * the patient page (their facility wrote them or is their station), for a
 * profession that may see clinical data. The board has checked the member's
 * access; its own audit event lists what it showed.
 */
export async function instructionsInForceForBoard(db: Db, actor: Actor, patientId: string, now = new Date()) {
  if (!professionMaySee(actor.profession, "clinical")) return [];
  const today = tokyoToday(now);
  const rows = await patientInstructionRows(db, actor, patientId, today, { drafts: false });
  return rows.filter((r) => r.inForce).map((r) => ({ ...r, daysLeft: daysBetween(today, r.periodEnd!) }));
}
export type BoardInstruction = Awaited<ReturnType<typeof instructionsInForceForBoard>>[number];

/**
 * The worklist's counts: instructions waiting for the station's receipt, and
 * instructions ending within two weeks, for the physician who wrote them and
 * for the station's nurses. Counts only, no patient.
 */
export async function instructionDayCounts(db: Db, actor: Actor, now = new Date()) {
  const today = tokyoToday(now);
  const nurse = INSTRUCTION_ACKNOWLEDGER_PROFESSIONS.includes(actor.profession);
  const physician = actor.profession === "physician";
  if (!nurse && !physician) return null;
  const mine = nurse
    ? eq(nursingInstructions.stationFacilityId, actor.facilityId)
    : eq(nursingInstructions.authorId, actor.practitionerId);
  const [toAcknowledge] = nurse
    ? await db
        .select({ n: sql<number>`count(*)::int` })
        .from(nursingInstructions)
        .where(and(mine, eq(nursingInstructions.status, "sent"), gte(nursingInstructions.periodEnd, today)))
    : [{ n: 0 }];
  const [expiring] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(nursingInstructions)
    .where(and(mine, expiringCondition(today)));
  return {
    side: nurse ? ("station" as const) : ("author" as const),
    toAcknowledge: toAcknowledge?.n ?? 0,
    expiring: expiring?.n ?? 0,
  };
}
