import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patients } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { loadCurrentStage, loadEnrolment, requireWriter } from "./load-enrolment";
import { assertEnrolmentTransition } from "./pathway-status";
import type { Label } from "../../model/pathway-template";
import { auditPathways } from "./pathways-audit";

export interface HandoverCandidate {
  id: string;
  name: string;
  kind: (typeof facilities.$inferSelect)["kind"];
  /** inside the patient's current consent: a request to a facility outside it is refused (連携先追加 first) */
  inConsent: boolean;
}

export interface HandoverTarget {
  stageKey: string;
  name: Label;
  /** the next stage; a later one is a skip (acute hospital straight home) */
  next: boolean;
  facilities: HandoverCandidate[];
}

/**
 * Where the patient may be handed over to: every later stage of the pathway,
 * each with the active facilities of a kind that owns it, those inside the
 * patient's consent first. For the ones who may request the handover (the
 * facility owning the current stage, or a coordinator), so the form offers
 * only what can work and says beforehand which choice needs a 連携先追加.
 * Reading the consent scope is a read of the patient's pathway: audited.
 */
export async function listHandoverCandidates(
  db: Db,
  actor: Actor,
  enrolmentId: string,
): Promise<HandoverTarget[]> {
  const access = await loadEnrolment(db, actor, enrolmentId, "pathway.view");
  const { enrolment, template } = access;
  assertEnrolmentTransition(enrolment.status, "request_handover");
  requireWriter(actor, enrolment);
  const current = await loadCurrentStage(db, enrolment);
  const later = template.definition.stages.slice(current.stageIndex + 1);
  if (later.length === 0) return [];

  const kinds = [...new Set(later.flatMap((s) => s.ownerKinds))];
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, patients.id, facilities.id)}`,
    })
    .from(facilities)
    .innerJoin(patients, eq(patients.id, enrolment.patientId))
    .where(and(eq(facilities.active, true), inArray(facilities.kind, kinds)))
    .orderBy(asc(facilities.kind), asc(facilities.nameKana));
  await auditPathways(db, actor, "pathway.view", {
    read: true,
    patientId: enrolment.patientId,
    purpose: access.purpose,
    details: { enrolmentId, read: "handover_candidates" },
  });

  const candidates = rows
    .map((f) => ({ ...f, inConsent: f.inConsent === true }))
    .sort((a, b) => Number(b.inConsent) - Number(a.inConsent));
  return later.map((stage, i) => ({
    stageKey: stage.key,
    name: stage.name,
    next: i === 0,
    facilities: candidates.filter((f) => stage.ownerKinds.includes(f.kind)),
  }));
}
