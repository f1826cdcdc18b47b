import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments, documentCounters } from "../../db/schema";
import { TracingReportContent } from "../../model/care-documents/tracing-report";
import { DEMO_PATIENTS } from "./cast";
import type { DemoNetwork } from "./network";

/**
 * One tracing report (服薬情報提供書) for the demo home-care patient (山田 花子):
 * from the demo pharmacy's pharmacist (ph.ito) to the demo clinic's GP
 * (gp.yamada), sent two days ago and not yet answered, so it waits on the GP's
 * worklist. Rows only, inside the seeding transaction; 0 when the cast lacks a
 * piece (the pharmacy or the clinic outside her consent).
 */
export async function seedCareDocuments(tx: Db, network: DemoNetwork, now = new Date()): Promise<number> {
  const gp = network.practitioners.find((p) => p.loginId === "gp.yamada");
  const pharmacist = network.practitioners.find((p) => p.loginId === "ph.ito");
  const patient = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented);
  if (!gp || !pharmacist || !patient) return 0;
  const scope = new Set(
    network.consentScope.filter((s) => s.patientId === patient.id && !s.withdrawnOn).map((s) => s.facilityId),
  );
  if (!scope.has(gp.facilityId) || !scope.has(pharmacist.facilityId)) return 0;

  const sentAt = new Date(now.getTime() - 2 * 86_400_000);
  const year = Number(sentAt.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" }).slice(0, 4));
  const [counter] = await tx
    .insert(documentCounters)
    .values({ facilityId: pharmacist.facilityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.facilityId, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  await tx.insert(careDocuments).values({
    kind: "tracing_report",
    status: "sent",
    documentNumber: `${year}-${String(counter!.last).padStart(6, "0")}`,
    patientId: patient.id,
    authorId: pharmacist.id,
    authorFacilityId: pharmacist.facilityId,
    recipientFacilityId: gp.facilityId,
    recipientPractitionerId: gp.id,
    content: TracingReportContent.parse({
      adherence: "sometimes_missed",
      adherenceNote: "訪問時、夕食後の薬の飲み忘れが週2回程度。お薬カレンダーを導入しました。",
      leftovers: [
        { drug: "アムロジピン錠5mg", quantity: "10錠", reason: "飲み忘れ" },
        { drug: "酸化マグネシウム錠330mg", quantity: "24錠", reason: "便が緩く本人が自己調節" },
      ],
      sideEffects: "ふらつき・むくみの訴えなし。",
      proposal:
        "酸化マグネシウム錠の減量（1日3回→1日1回）をご検討ください。次回処方時に残薬分の日数調整をお願いします。",
      patientAgreed: true,
    }),
    sentAt,
    revision: 3,
    createdAt: sentAt,
    updatedAt: sentAt,
  });
  return 1;
}
