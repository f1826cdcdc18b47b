import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { documentCounters, nursingInstructions } from "../../db/schema";
import { NursingInstructionContent } from "../../model/nursing-instruction";
import { DEMO_PATIENTS } from "./cast";
import type { DemoNetwork } from "./network";

const DAY = 86_400_000;
const tokyoDay = (at: Date) => at.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });

/**
 * One visiting-nurse instruction (訪問看護指示書) in force for the demo home-care
 * patient (山田 花子): from the demo clinic's GP (gp.yamada) to the visiting-nurse
 * station inside her consent whose nurse is on her care team, sent about five
 * and a half months ago, acknowledged by the station, ending in 10 days, so it
 * shows on her page and in both worklists as ending soon. Its document number
 * is the clinic's first of the year, taken from the clinic's counter as a send
 * would. Rows only, inside the seeding transaction; 0 when the cast lacks a
 * piece (no station in her consent).
 */
export async function seedNursingInstructions(
  tx: Db,
  network: DemoNetwork,
  now = new Date(),
): Promise<number> {
  const gp = network.practitioners.find((p) => p.loginId === "gp.yamada");
  const patient = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented);
  if (!gp || !patient) return 0;
  const scope = new Set(
    network.consentScope.filter((s) => s.patientId === patient.id && !s.withdrawnOn).map((s) => s.facilityId),
  );
  const stationIds = new Set(
    network.facilities.filter((f) => f.kind === "visiting_nurse_station" && scope.has(f.id)).map((f) => f.id),
  );
  // the demo sign-in (vn.tanaka) first, as the care team seeds it
  const nurse = [...network.practitioners]
    .sort((a, b) => Number(/^p\d/.test(a.loginId)) - Number(/^p\d/.test(b.loginId)))
    .find((p) => p.profession === "visiting_nurse" && stationIds.has(p.facilityId));
  if (!nurse || !scope.has(gp.facilityId)) return 0;

  const end = tokyoDay(new Date(now.getTime() + 10 * DAY));
  const start = tokyoDay(new Date(now.getTime() - 170 * DAY));
  const sentAt = new Date(`${start}T10:00:00+09:00`);
  const content = NursingInstructionContent.parse({
    kind: "regular",
    periodStart: start,
    periodEnd: end,
    mainDiagnosis: { name: "脳梗塞後遺症", icd10: "I69.3" },
    otherDiagnoses: "高血圧症",
    currentCondition: "左片麻痺。屋内は伝い歩き。仙骨部に発赤あり、体位変換と除圧を継続中。",
    medications: [
      { name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝食後" },
      { name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" },
    ],
    bedriddenLevel: "B1",
    dementiaLevel: "I",
    careLevel: "care_3",
    pressureUlcerDepth: "d1",
    careInstructions: "血圧・体重の観察。転倒予防（夜間のトイレ動線の確認）。服薬確認。",
    rehabilitation: "下肢の筋力訓練と屋内歩行訓練（週2回）",
    woundCare: "仙骨部: 清拭後にアズノール軟膏塗布、2時間毎の体位変換",
    emergencyContact: "やまだ内科クリニック（24時間対応）",
    whenAbsent: "連携先の当番医に連絡",
  });
  const year = Number(start.slice(0, 4));
  const [counter] = await tx
    .insert(documentCounters)
    .values({ facilityId: gp.facilityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.facilityId, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  await tx.insert(nursingInstructions).values({
    documentNumber: `${year}-${String(counter!.last).padStart(6, "0")}`,
    kind: "regular",
    status: "acknowledged",
    patientId: patient.id,
    authorId: gp.id,
    authorFacilityId: gp.facilityId,
    stationFacilityId: nurse.facilityId,
    periodStart: start,
    periodEnd: end,
    content,
    sentAt,
    acknowledgedAt: new Date(sentAt.getTime() + 3 * 3600_000),
    acknowledgedById: nurse.id,
    revision: 3,
    createdAt: sentAt,
    updatedAt: new Date(sentAt.getTime() + 3 * 3600_000),
  });
  return 1;
}
