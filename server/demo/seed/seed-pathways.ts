import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayEnrolments, pathwayEvents, pathwayStages } from "../../db/schema";
import { ensurePathwayTemplates } from "../../domain/pathways/pathway-templates";
import { DEMO_FACILITIES, DEMO_PATIENTS } from "./cast";
import { type DemoNetwork } from "./network";

/**
 * The pathway templates, and one demo case: 山田 花子 on the stroke pathway in
 * the demo hospital's acute stage (consented there; the rehabilitation
 * hospital is not in her consent yet, so the handover shows the 連携先追加
 * step). Written in the seeding transaction, covered by its one audit event.
 */
export async function seedPathways(
  tx: Db,
  network: DemoNetwork,
): Promise<{ templates: number; enrolments: number }> {
  const templates = await ensurePathwayTemplates(tx);
  const stroke = templates.find((t) => t.code === "stroke")!;
  const patient = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented);
  const hospital = network.facilities.find((f) => f.name === DEMO_FACILITIES.demoHospital.name);
  const doctor = network.practitioners.find((p) => p.loginId === "dr.sato");
  if (!patient || !hospital || !doctor) return { templates: templates.length, enrolments: 0 };
  const admittedOn = "2026-10-20";
  const [enrolment] = await tx
    .insert(pathwayEnrolments)
    .values({
      templateId: stroke.id,
      pathwayCode: stroke.code,
      patientId: patient.id,
      onsetOn: admittedOn,
      startedOn: admittedOn,
      currentFacilityId: hospital.id,
      enrolledBy: doctor.id,
      enrolledFacilityId: hospital.id,
      version: 2,
    })
    .returning({ id: pathwayEnrolments.id });
  const [stage] = await tx
    .insert(pathwayStages)
    .values({
      enrolmentId: enrolment!.id,
      stageKey: stroke.definition.stages[0]!.key,
      stageIndex: 0,
      facilityId: hospital.id,
      status: "active",
      admittedOn,
      measures: { nihss_admission: 8, barthel_admission: 35 },
    })
    .returning({ id: pathwayStages.id });
  await tx
    .update(pathwayEnrolments)
    .set({ currentStageId: stage!.id })
    .where(eq(pathwayEnrolments.id, enrolment!.id));
  await tx.insert(pathwayEvents).values({
    enrolmentId: enrolment!.id,
    patientId: patient.id,
    stageId: stage!.id,
    kind: "enrolled",
    actorId: doctor.id,
    actorFacilityId: hospital.id,
    details: {
      templateId: stroke.id,
      templateVersion: stroke.version,
      stageKey: "acute",
      admittedOn,
      seeded: true,
    },
  });
  return { templates: templates.length, enrolments: 1 };
}
