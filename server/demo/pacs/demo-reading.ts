import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patients, practitioners, readingRequests } from "../../db/schema";
import { appendAuditEvent } from "../../domain/audit/append-audit-event";
import { DEMO_FACILITIES, DEMO_PATIENTS } from "../seed/cast";

/**
 * One open reading request for the demo: the demo clinic's GP asks the demo
 * hospital to read the consented demo patient's CT, which the hospital's demo
 * PACS holds. Written once (a restart finds it), in one transaction with a
 * system.seed audit event, like the rest of the seed.
 */
export async function seedDemoReadingRequest(
  db: Db,
  study: { facilityId: string; studyUid: string; studyDate: string; description: string },
): Promise<boolean> {
  const [patient] = await db
    .select({ id: patients.id })
    .from(patients)
    .where(eq(patients.regionalId, DEMO_PATIENTS.consented));
  const [clinic] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(eq(facilities.name, DEMO_FACILITIES.demoClinic.name));
  if (!patient || !clinic) return false;
  const [gp] = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(and(eq(practitioners.facilityId, clinic.id), eq(practitioners.loginId, "gp.yamada")));
  if (!gp) return false;
  const [existing] = await db
    .select({ id: readingRequests.id })
    .from(readingRequests)
    .where(and(eq(readingRequests.patientId, patient.id), eq(readingRequests.studyUid, study.studyUid)));
  if (existing) return false;
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(readingRequests)
      .values({
        patientId: patient.id,
        requesterId: gp.id,
        requesterFacilityId: clinic.id,
        readingFacilityId: study.facilityId,
        studyFacilityId: study.facilityId,
        studyUid: study.studyUid,
        studyDate: study.studyDate,
        studyModalities: ["CT"],
        studyDescription: study.description,
        clinicalQuestion:
          "胸腹部CTの読影をお願いします。3か月で5kgの体重減少と咳嗽が続いており、肺野の結節・腫瘤、リンパ節腫大、腹部臓器の腫瘤性病変の有無を評価してください。",
        relevantHistory: "高血圧症・2型糖尿病で通院中。喫煙歴 20本/日×40年。",
        urgency: "urgent",
      })
      .returning({ id: readingRequests.id });
    await appendAuditEvent(tx, {
      actorId: null,
      actorFacilityId: null,
      patientId: patient.id,
      action: "system.seed",
      purpose: "system",
      outcome: "success",
      details: { readingId: created!.id },
    });
  });
  return true;
}
