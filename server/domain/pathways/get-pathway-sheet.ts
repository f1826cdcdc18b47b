import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  facilities,
  pathwayMeetingDecisions,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  pathwayVariances,
  patients,
} from "../../db/schema";
import type { SheetStageStatus } from "../../model/pathway-sheet";
import type { Actor } from "../../model/permissions";
import {
  acceptedStages,
  isPathwayCoordinator,
  loadEnrolment,
  loadStages,
  mayWrite,
  type EnrolmentAccess,
} from "./load-enrolment";
import { HANDOVER_DECLINE_REASON_LABELS, VARIANCE_CATEGORY_LABELS } from "./pathway-labels";
import {
  formatMeasureValue,
  measureKey,
  measureLabel,
  type Label,
  type MeasureValue,
} from "../../model/pathway-template";
import { dayOfStay, lengthOfStay } from "./stage-dates";
import { tokyoDate } from "../../documents/pdf/format";
import { auditPathways } from "./pathways-audit";

export interface SheetVariance {
  id: string;
  stageKey: string;
  category: keyof typeof VARIANCE_CATEGORY_LABELS;
  categoryLabel: Label;
  occurredOn: string;
  description: string;
  reason: string;
  delayDays: number | null;
  facilityName: string;
}

/**
 * The pathway sheet (連携パスシート) across facilities, for one reader: every
 * stage of the template with where and when it ran, its length of stay against
 * the plan, its measures and variances, declined handovers, and the pathway
 * meetings' decisions on the case. Readable inside the patient's consent; each
 * view is audited.
 */
export async function getPathwaySheet(db: Db, actor: Actor, enrolmentId: string) {
  const access = await loadEnrolment(db, actor, enrolmentId, "pathway.view");
  const sheet = await buildPathwaySheet(db, actor, access);
  await auditPathways(db, actor, "pathway.view", {
    patientId: access.enrolment.patientId,
    purpose: access.purpose,
    details: { enrolmentId },
  });
  return sheet;
}
export type PathwaySheet = Awaited<ReturnType<typeof buildPathwaySheet>>;

/** The sheet itself, without the audit event (the caller audits the view or the export). */
export async function buildPathwaySheet(
  db: Db,
  actor: Actor,
  { enrolment, template }: EnrolmentAccess,
  now = new Date(),
) {
  const today = tokyoDate(now);
  const [rows, variances, decisions, [patient]] = await Promise.all([
    loadStages(db, enrolment.id),
    db
      .select({ variance: pathwayVariances, facilityName: facilities.name })
      .from(pathwayVariances)
      .innerJoin(facilities, eq(facilities.id, pathwayVariances.recordedByFacilityId))
      .where(eq(pathwayVariances.enrolmentId, enrolment.id))
      .orderBy(asc(pathwayVariances.occurredOn), asc(pathwayVariances.recordedAt)),
    db
      .select({
        id: pathwayMeetingDecisions.id,
        occurrenceId: pathwayMeetingDecisions.occurrenceId,
        meetingId: pathwayMeetings.id,
        meetingTitle: pathwayMeetings.title,
        occursAt: pathwayMeetingOccurrences.startsAt,
        decision: pathwayMeetingDecisions.decision,
        responsibleFacilityId: pathwayMeetingDecisions.responsibleFacilityId,
        responsibleFacilityName: facilities.name,
        dueOn: pathwayMeetingDecisions.dueOn,
        recordedAt: pathwayMeetingDecisions.recordedAt,
      })
      .from(pathwayMeetingDecisions)
      .innerJoin(
        pathwayMeetingOccurrences,
        eq(pathwayMeetingOccurrences.id, pathwayMeetingDecisions.occurrenceId),
      )
      .innerJoin(pathwayMeetings, eq(pathwayMeetings.id, pathwayMeetingOccurrences.meetingId))
      .innerJoin(facilities, eq(facilities.id, pathwayMeetingDecisions.responsibleFacilityId))
      .where(eq(pathwayMeetingDecisions.enrolmentId, enrolment.id))
      .orderBy(asc(pathwayMeetingOccurrences.startsAt), asc(pathwayMeetingDecisions.recordedAt)),
    db.select().from(patients).where(eq(patients.id, enrolment.patientId)),
  ]);
  const facilityIds = [...new Set(rows.map((r) => r.facilityId))];
  const names = new Map(
    facilityIds.length
      ? (
          await db
            .select({ id: facilities.id, name: facilities.name, kind: facilities.kind })
            .from(facilities)
            .where(inArray(facilities.id, facilityIds))
        ).map((f) => [f.id, f])
      : [],
  );
  const accepted = acceptedStages(rows);
  const lastReached = Math.max(-1, ...accepted.map((s) => s.stageIndex));
  const sheetVariances: SheetVariance[] = variances.map(({ variance: v, facilityName }) => ({
    id: v.id,
    stageKey: rows.find((r) => r.id === v.stageId)?.stageKey ?? "",
    category: v.category,
    categoryLabel: VARIANCE_CATEGORY_LABELS[v.category],
    occurredOn: v.occurredOn,
    description: v.description,
    reason: v.reason,
    delayDays: v.delayDays,
    facilityName,
  }));

  const stages = template.definition.stages.map((definition, index) => {
    const row = accepted.find((s) => s.stageIndex === index);
    const status: SheetStageStatus = row
      ? (row.status as SheetStageStatus)
      : index < lastReached
        ? "skipped"
        : "not_reached";
    const days = row ? lengthOfStay(row) : null;
    // a stay still open: its day so far, against the same target
    const ongoing = row?.status === "active" ? dayOfStay(row, today) : null;
    const facility = row ? names.get(row.facilityId) : undefined;
    return {
      key: definition.key,
      name: definition.name,
      inpatient: definition.inpatient,
      ownerKinds: definition.ownerKinds,
      targetDays: definition.targetDays,
      status,
      stageId: row?.id ?? null,
      facility: facility ? { id: facility.id, name: facility.name, kind: facility.kind } : null,
      admittedOn: row?.admittedOn ?? null,
      dischargedOn: row?.dischargedOn ?? null,
      lengthOfStay: days,
      /** 入院N日目 while the stage is active and its patient not yet discharged */
      dayOfStay: ongoing,
      overTarget: (days ?? ongoing ?? 0) > definition.targetDays,
      measures: definition.measures.map((m) => {
        const key = measureKey(m);
        const instrument = template.definition.instruments[m.instrument]!;
        const value: MeasureValue | null = row?.measures[key] ?? null;
        return {
          key,
          label: measureLabel(template.definition, definition, m),
          kind: instrument.kind,
          value,
          display: value === null ? "" : formatMeasureValue(instrument, value),
        };
      }),
      variances: sheetVariances.filter((v) => row && v.stageKey === definition.key),
      declinedHandovers: rows
        .filter((r) => r.stageIndex === index && (r.status === "declined" || r.status === "cancelled"))
        .map((r) => ({
          stageId: r.id,
          status: r.status as "declined" | "cancelled",
          facilityName: names.get(r.facilityId)?.name ?? "",
          requestedAt: r.requestedAt,
          answeredAt: r.answeredAt,
          reason: r.declineReason,
          reasonLabel: r.declineReason ? HANDOVER_DECLINE_REASON_LABELS[r.declineReason] : null,
          note: r.declineNote,
        })),
    };
  });

  const pending = rows.find((r) => r.status === "requested");
  const current = accepted.find((s) => s.id === enrolment.currentStageId);
  return {
    enrolment: {
      id: enrolment.id,
      pathway: template.code,
      pathwayName: template.definition.name,
      templateVersion: template.version,
      status: enrolment.status,
      onsetOn: enrolment.onsetOn,
      startedOn: enrolment.startedOn,
      endedOn: enrolment.endedOn,
      withdrawReason: enrolment.withdrawReason,
      endNote: enrolment.endNote,
      enrolledAt: enrolment.createdAt,
      version: enrolment.version,
    },
    patient: {
      id: patient!.id,
      regionalId: patient!.regionalId,
      name: `${patient!.familyName} ${patient!.givenName}`,
      nameKana: `${patient!.familyNameKana} ${patient!.givenNameKana}`,
      birthDate: patient!.birthDate,
      sex: patient!.sex,
    },
    currentStage: current
      ? { stageId: current.id, key: current.stageKey, facilityId: current.facilityId }
      : null,
    pendingHandover: pending
      ? {
          stageId: pending.id,
          stageKey: pending.stageKey,
          facility: { id: pending.facilityId, name: names.get(pending.facilityId)?.name ?? "" },
          requestedAt: pending.requestedAt,
          plannedOn: pending.plannedOn,
          note: pending.requestNote,
        }
      : null,
    stages,
    variances: sheetVariances,
    decisions,
    /** what this reader may do, for showing only the buttons that can work */
    permissions: {
      write: enrolment.status === "active" && mayWrite(actor, enrolment),
      answerHandover: enrolment.status === "active" && pending?.facilityId === actor.facilityId,
      correctEarlierStages: enrolment.status === "active" && isPathwayCoordinator(actor),
    },
  };
}
