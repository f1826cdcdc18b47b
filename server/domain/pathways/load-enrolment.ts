import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, pathwayEnrolments, pathwayEvents, pathwayStages, patients } from "../../db/schema";
import { DomainError, msg, type Msg } from "../../errors";
import type { Actor, DataKind } from "../../model/permissions";
import { isUuid } from "../../validation";
import type { AuditAction, AuditPurpose } from "../audit/audit.schema";
import { inCurrentConsentScope, purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import type { PathwayStageDefinition } from "../../model/pathway-template";
import { templateById, type PathwayTemplate } from "./pathway-templates";

export type Enrolment = typeof pathwayEnrolments.$inferSelect;
export type PathwayStage = typeof pathwayStages.$inferSelect;
type PathwayEventKind = (typeof pathwayEvents.$inferInsert)["kind"];

/**
 * The part of the record a pathway is (server/auth/permissions.ts): the shared
 * care plan with its ADL and outcome measures, read by doctors, nurses,
 * therapists, care managers and the liaison office; not by pharmacists or clerks.
 */
export const PATHWAY_DATA: DataKind = "care";

/**
 * The pathway coordinator (パス・コーディネーター): the regional liaison office
 * (地域医療連携室) of a facility inside the patient's consent. Besides the
 * facility owning the current stage, the coordinator may write to a pathway
 * (hand over, record, correct an earlier stage, end it) and runs the pathway
 * meetings.
 */
export const isPathwayCoordinator = (actor: Pick<Actor, "profession">) => actor.profession === "liaison";

export interface EnrolmentAccess {
  enrolment: Enrolment;
  template: PathwayTemplate;
  /** what the access was allowed on, for the purpose of the audit event of a read */
  purpose: AuditPurpose;
}

const notFound = () => new DomainError("NOT_FOUND", msg("pathways.pathwayNotFound"));

/**
 * The actor's view of one enrolment: readable by every facility inside the
 * patient's current consent (the one access rule, for care data). Outside it
 * the refusal is audited and nothing is shown.
 */
export async function loadEnrolment(
  db: Db,
  actor: Actor,
  enrolmentId: string,
  action: AuditAction,
): Promise<EnrolmentAccess> {
  if (!isUuid(enrolmentId)) throw notFound();
  const [enrolment] = await db.select().from(pathwayEnrolments).where(eq(pathwayEnrolments.id, enrolmentId));
  if (!enrolment) throw notFound();
  const decision = await requirePatientAccess(db, actor, enrolment.patientId, PATHWAY_DATA, action);
  return { enrolment, template: await templateById(db, enrolment.templateId), purpose: purposeOf(decision) };
}

/** Writing: the facility owning the current stage, or a coordinator. */
export const mayWrite = (actor: Actor, enrolment: Pick<Enrolment, "currentFacilityId">) =>
  enrolment.currentFacilityId === actor.facilityId || isPathwayCoordinator(actor);

export function requireWriter(actor: Actor, enrolment: Enrolment): void {
  if (mayWrite(actor, enrolment)) return;
  throw new DomainError("FORBIDDEN", msg("pathways.onlyFacilityOwningCurrentStage2"));
}

/** Inside a command's transaction: the enrolment again, locked, so commands on one pathway queue up. */
export async function lockEnrolment(tx: Db, enrolmentId: string): Promise<Enrolment> {
  const [enrolment] = await tx
    .select()
    .from(pathwayEnrolments)
    .where(eq(pathwayEnrolments.id, enrolmentId))
    .for("update");
  if (!enrolment) throw notFound();
  return enrolment;
}

/** Optimistic concurrency: a command made on an older version is refused, never merged silently. */
export function requireVersion(enrolment: Enrolment, version: number): void {
  if (enrolment.version !== version) {
    throw new DomainError("CONFLICT", msg("pathways.someoneElseChangedPathwayReload"), [
      { field: "version", message: msg("referrals.outDate") },
    ]);
  }
}

export async function loadStages(db: Db, enrolmentId: string): Promise<PathwayStage[]> {
  return db
    .select()
    .from(pathwayStages)
    .where(eq(pathwayStages.enrolmentId, enrolmentId))
    .orderBy(asc(pathwayStages.stageIndex), asc(pathwayStages.createdAt));
}

/** The stage the patient is in now, of an active enrolment (which always has one). */
export async function loadCurrentStage(db: Db, enrolment: Enrolment): Promise<PathwayStage> {
  const [current] = await db
    .select()
    .from(pathwayStages)
    .where(eq(pathwayStages.id, enrolment.currentStageId!));
  if (!current) throw new Error(`enrolment ${enrolment.id} has no current stage`);
  return current;
}

/** The stage rows that were (or are) the patient's stages: accepted ones, in order. */
export function acceptedStages(stages: PathwayStage[]): PathwayStage[] {
  return stages.filter(
    (s) => s.status === "active" || s.status === "completed" || s.status === "discontinued",
  );
}

export function stageDefinition(template: PathwayTemplate, stage: Pick<PathwayStage, "stageKey">) {
  const definition = template.definition.stages.find((s) => s.key === stage.stageKey);
  if (!definition) throw new Error(`stage ${stage.stageKey} is not in ${template.code} v${template.version}`);
  return definition;
}

export interface FacilityForStage {
  id: string;
  kind: (typeof facilities.$inferSelect)["kind"];
  active: boolean;
  inConsent: boolean;
}

/** A facility as a stage's owner: its kind, and whether it is inside the patient's current consent. */
export async function facilityForStage(
  db: Db,
  patientId: string,
  facilityId: string,
): Promise<FacilityForStage | null> {
  const [facility] = await db
    .select({ id: facilities.id, kind: facilities.kind, active: facilities.active })
    .from(facilities)
    .where(eq(facilities.id, facilityId));
  if (!facility) return null;
  return { ...facility, inConsent: await inConsent(db, patientId, facilityId) };
}

/** The consent half of the access rule for a facility other than the actor's (the same predicate). */
export async function inConsent(db: Db, patientId: string, facilityId: string): Promise<boolean> {
  const [row] = await db
    .select({ inScope: sql<boolean>`${inCurrentConsentScope(db, patients.id, facilityId)}` })
    .from(patients)
    .where(eq(patients.id, patientId));
  return row?.inScope === true;
}

const FACILITY_KIND_LABELS: Record<FacilityForStage["kind"], string> = {
  hospital: "病院",
  medical_clinic: "診療所",
  dental_clinic: "歯科診療所",
  pharmacy: "薬局",
  care_facility: "介護施設",
  visiting_nurse_station: "訪問看護ステーション",
  other: "その他の施設",
};

/** 「この段階は 病院 が担当します」: why a facility cannot own a stage. */
export function ownerKindMessage(stage: PathwayStageDefinition): Msg {
  return msg("pathways.stageOwnedBy", {
    stage: stage.name,
    owners: {
      ja: stage.ownerKinds.map((k) => FACILITY_KIND_LABELS[k]).join("・"),
      en: stage.ownerKinds.map((k) => k.replace(/_/g, " ")).join(" or "),
    },
  });
}

/** Appends one event to the pathway's history (in the caller's transaction) and bumps the enrolment's version. */
export async function recordPathwayEvent(
  tx: Db,
  actor: Actor,
  enrolment: Enrolment,
  kind: PathwayEventKind,
  options: {
    stageId?: string | null;
    details?: Record<string, unknown>;
    patch?: Partial<Omit<typeof pathwayEnrolments.$inferInsert, "id" | "version">>;
    at?: Date;
  } = {},
): Promise<Enrolment> {
  const at = options.at ?? new Date();
  const [updated] = await tx
    .update(pathwayEnrolments)
    .set({ ...options.patch, version: sql`${pathwayEnrolments.version} + 1`, updatedAt: at })
    .where(and(eq(pathwayEnrolments.id, enrolment.id), eq(pathwayEnrolments.version, enrolment.version)))
    .returning();
  if (!updated) throw new Error("the enrolment changed under its lock");
  await tx.insert(pathwayEvents).values({
    enrolmentId: enrolment.id,
    patientId: enrolment.patientId,
    stageId: options.stageId ?? null,
    kind,
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    details: options.details ?? {},
    at,
  });
  return updated;
}
