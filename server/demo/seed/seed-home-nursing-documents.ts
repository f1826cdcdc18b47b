import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments, documentCounters, nursingInstructions } from "../../db/schema";
import { daysOfMonth } from "../../model/care-documents/home-nursing";
import { SendableNursingPlan } from "../../model/care-documents/nursing-plan";
import { SendableNursingReport, type ReportVisit } from "../../model/care-documents/nursing-report";
import { SendableDischargeInformation } from "../../model/care-documents/discharge-information";
import type { CareDocumentKind } from "../../model/care-documents/registry";
import { DEMO_PATIENTS } from "./cast";
import type { DemoNetwork } from "./network";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const tokyoDay = (at: Date) => at.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
/** YYYY-MM of the month `offset` months from the one of `day`. */
const monthFrom = (day: string, offset: number) => {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + offset, 1));
  return d.toISOString().slice(0, 7);
};
type Practitioner = DemoNetwork["practitioners"][number];

/**
 * The station's and the hospital's care documents in the demo, each in a
 * state a team would have it in:
 * - 山田 花子 (vn.tanaka's station → gp.yamada, following the seeded
 *   instruction): this month's 訪問看護計画書 acknowledged by the GP, last
 *   month's 訪問看護報告書 sent and waiting on the GP's worklist, and next
 *   month's plan as the nurse's draft.
 * - patients whose consent covers the demo hospital and the demo care office
 *   (cm.watanabe's): a 退院・退所情報記録書 from the hospital's liaison office
 *   (liaison.suzuki) acknowledged by the care manager, one sent and waiting,
 *   one still the liaison's draft; as many as there are such patients, up to three.
 * Every content is the kind's sendable content (drafts too, so sending one
 * works). Rows only, inside the seeding transaction; the document numbers come
 * from each facility's counter as a send takes them.
 */
export async function seedHomeNursingDocuments(
  tx: Db,
  network: DemoNetwork,
  now = new Date(),
): Promise<number> {
  const byLogin = (login: string) => network.practitioners.find((p) => p.loginId === login);
  // each patient's facilities in consent, gathered once: looking them up in the whole scope per
  // patient took minutes on the reference network (18,000 patients, 100,000 scope rows)
  const scopes = new Map<string, Set<string>>();
  for (const s of network.consentScope) {
    if (s.withdrawnOn) continue;
    const set = scopes.get(s.patientId) ?? new Set<string>();
    set.add(s.facilityId);
    scopes.set(s.patientId, set);
  }
  const scopeOf = (patientId: string) => scopes.get(patientId) ?? new Set<string>();
  const numberFor = async (facilityId: string, at: Date) => {
    const year = Number(tokyoDay(at).slice(0, 4));
    const [counter] = await tx
      .insert(documentCounters)
      .values({ facilityId, year, last: 1 })
      .onConflictDoUpdate({
        target: [documentCounters.facilityId, documentCounters.year],
        set: { last: sql`${documentCounters.last} + 1` },
      })
      .returning({ last: documentCounters.last });
    return `${year}-${String(counter!.last).padStart(6, "0")}`;
  };
  const write = async (d: {
    kind: CareDocumentKind;
    status: "draft" | "sent" | "acknowledged";
    patientId: string;
    author: Practitioner;
    recipient: Practitioner;
    content: Record<string, unknown>;
    at: Date;
  }) => {
    const sent = d.status !== "draft";
    const repliedAt = d.status === "acknowledged" ? new Date(d.at.getTime() + 20 * HOUR) : null;
    await tx.insert(careDocuments).values({
      kind: d.kind,
      status: d.status,
      documentNumber: sent ? await numberFor(d.author.facilityId, d.at) : null,
      patientId: d.patientId,
      authorId: d.author.id,
      authorFacilityId: d.author.facilityId,
      recipientFacilityId: d.recipient.facilityId,
      recipientPractitionerId: d.recipient.id,
      content: d.content,
      sentAt: sent ? d.at : null,
      repliedAt,
      repliedById: repliedAt ? d.recipient.id : null,
      revision: sent ? 3 : 2,
      createdAt: new Date(d.at.getTime() - 2 * HOUR),
      updatedAt: repliedAt ?? d.at,
    });
    return 1;
  };
  let written = 0;
  const today = tokyoDay(now);

  const gp = byLogin("gp.yamada");
  const nurse = byLogin("vn.tanaka");
  const hanako = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented);
  if (
    gp &&
    nurse &&
    hanako &&
    scopeOf(hanako.id).has(nurse.facilityId) &&
    scopeOf(hanako.id).has(gp.facilityId)
  ) {
    const [instruction] = await tx
      .select({ id: nursingInstructions.id })
      .from(nursingInstructions)
      .where(
        and(
          eq(nursingInstructions.patientId, hanako.id),
          eq(nursingInstructions.stationFacilityId, nurse.facilityId),
        ),
      )
      .orderBy(desc(nursingInstructions.periodEnd))
      .limit(1);
    const instructionId = instruction?.id ?? null;
    const thisMonth = today.slice(0, 7);
    const lastMonth = monthFrom(today, -1);
    const nextMonth = monthFrom(today, 1);
    const plan = (month: string) =>
      SendableNursingPlan.parse({
        month,
        instructionId,
        careLevel: "care_3",
        goals: "仙骨部の発赤を悪化させず、転倒なく自宅での生活を続ける。",
        problems: [
          {
            recordedOn: `${month}-01`,
            problem: "仙骨部の発赤（d1）",
            support: "訪問時の皮膚観察、体位変換と除圧マットの使用状況の確認、家族への除圧の指導",
            evaluation: "",
          },
          {
            recordedOn: `${month}-01`,
            problem: "左片麻痺による夜間の転倒の危険",
            support: "トイレまでの動線の確認、手すり・足元灯の設置の助言、下肢筋力訓練",
            evaluation: "",
          },
        ],
        visitsPerWeek: 2,
        visitProfessions: ["nurse", "physical_therapist"],
        visitNote: "火・金 午前（理学療法士は金曜）",
        rehabilitationPlan: "下肢の筋力訓練と屋内歩行訓練（理学療法士 週1回）",
        suppliesNeeded: true,
        supplies: [{ name: "皮膚保護剤（スプレー）", use: "仙骨部の予防的スキンケア", quantity: "1本／月" }],
      });
    // Tuesdays and Fridays of last month; a therapist on Fridays, one emergency visit
    const visits: ReportVisit[] = daysOfMonth(lastMonth)
      .filter((d) => [2, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
      .map((date) => ({
        date,
        marks: new Date(`${date}T00:00:00Z`).getUTCDay() === 5 ? ["nurse", "therapist"] : ["nurse"],
      }));
    const emergency = visits[3];
    if (emergency) emergency.marks = [...emergency.marks, "emergency"];
    const report = SendableNursingReport.parse({
      month: lastMonth,
      instructionId,
      careLevel: "care_3",
      visits,
      conditionCourse: `血圧は130〜145/80前後で安定。仙骨部の発赤は消退傾向。${
        emergency
          ? `${Number(emergency.date.slice(5, 7))}月${Number(emergency.date.slice(8))}日に夜間の転倒あり緊急訪問、外傷なし。`
          : ""
      }`,
      nursingGiven: "全身状態の観察、服薬確認（お薬カレンダー）、仙骨部のスキンケア、家族への体位変換の指導",
      rehabilitationGiven: "下肢の筋力訓練、屋内の伝い歩き訓練（10m×3往復）",
      familyCare: "夫（80代）が主介護者。夜間のトイレ介助で睡眠不足の訴えあり。",
      suppliesUsed: [{ name: "皮膚保護剤（スプレー）", use: "毎日", quantity: "1本" }],
      specialNotes: "夜間の転倒予防のため、ポータブルトイレの導入をケアマネジャーと相談中。",
    });
    const monthStart = (month: string, day: number) => new Date(`${month}-0${day}T10:00:00+09:00`);
    // a plan follows an instruction: without one in the demo, only the report is seeded
    const withPlan = instructionId !== null;
    const planAt = monthStart(thisMonth, 1) > now ? new Date(now.getTime() - DAY) : monthStart(thisMonth, 1);
    if (withPlan)
      written += await write({
        kind: "nursing_plan",
        status: "acknowledged",
        patientId: hanako.id,
        author: nurse,
        recipient: gp,
        content: plan(thisMonth),
        at: planAt,
      });
    written += await write({
      kind: "nursing_report",
      status: "sent",
      patientId: hanako.id,
      author: nurse,
      recipient: gp,
      content: report,
      at: new Date(now.getTime() - 6 * HOUR),
    });
    if (withPlan)
      written += await write({
        kind: "nursing_plan",
        status: "draft",
        patientId: hanako.id,
        author: nurse,
        recipient: gp,
        content: plan(nextMonth),
        at: new Date(now.getTime() - 3 * HOUR),
      });
  }

  const liaison = byLogin("liaison.suzuki");
  const careManager = byLogin("cm.watanabe");
  if (liaison && careManager) {
    const discharged = network.patients
      .filter((p) => p.regionalId !== DEMO_PATIENTS.notConsented)
      .filter((p) => {
        const scope = scopeOf(p.id);
        return scope.has(liaison.facilityId) && scope.has(careManager.facilityId);
      })
      .sort((a, b) => a.regionalId.localeCompare(b.regionalId))
      .slice(0, 3);
    const states = ["acknowledged", "sent", "draft"] as const;
    for (const [i, patient] of discharged.entries()) {
      const dischargeDate = tokyoDay(new Date(now.getTime() - (10 - 4 * i) * DAY));
      const admissionDate = tokyoDay(new Date(Date.parse(`${dischargeDate}T00:00:00Z`) - (24 + 5 * i) * DAY));
      const content = SendableDischargeInformation.parse(
        i % 2 === 0
          ? {
              admissionDate,
              dischargeDate,
              diagnoses: [{ name: "左大腿骨頸部骨折", icd10: "S72.0", certainty: "confirmed" }],
              hospitalCourse: "人工骨頭置換術後、回復期のリハビリで歩行器歩行が可能になり自宅退院。",
              prognosis: "転倒による再骨折の恐れあり",
              noMedicalCare: true,
              followUp: { facility: "米沢中央病院 整形外科", method: "outpatient" },
              adl: {
                moving: "supervision",
                transferring: "supervision",
                dressing: "partial_assistance",
                grooming: "independent",
                bathing: "partial_assistance",
                eating: "independent",
                toileting: "supervision",
              },
              adlNote: "屋内は歩行器、屋外は車椅子。",
              cognition: "年齢相応",
              medications: [
                { name: "エルデカルシトールカプセル0.75μg", dosage: "1回1カプセル 1日1回 朝食後" },
                { name: "アセトアミノフェン錠200mg", dosage: "疼痛時 1回2錠" },
              ],
              medicationManagement: "本人が管理（一包化）",
              diagnosisDisclosed: true,
              patientWishes: "自宅で一人でトイレに行けるようにしたい",
              familyWishes: "日中独居になるので見守りがほしい",
              recommendedServices: ["day_rehabilitation", "welfare_equipment", "home_modification"],
              servicesNote: "浴室とトイレに手すりの設置を勧めます。",
              precautions: "股関節の深い屈曲・内旋を避ける（脱臼予防）",
              contact: { department: "地域医療連携室", name: "鈴木 由美", phone: "0238-22-0001" },
            }
          : {
              admissionDate,
              dischargeDate,
              diagnoses: [{ name: "心不全増悪", icd10: "I50.9", certainty: "confirmed" }],
              hospitalCourse: "利尿薬の調整で体重が4kg減少し症状改善。塩分制限の指導を行った。",
              prognosis: "体重増加・むくみで再増悪の恐れ",
              medicalCare: [{ item: "oxygen", note: "在宅酸素 1L/分 労作時" }],
              followUp: { facility: "長井さくら内科クリニック", method: "home_visit" },
              adl: {
                moving: "supervision",
                transferring: "independent",
                dressing: "independent",
                grooming: "independent",
                bathing: "partial_assistance",
                eating: "independent",
                toileting: "independent",
              },
              cognition: "もの忘れあり、服薬の自己管理は難しい",
              medications: [{ name: "フロセミド錠20mg", dosage: "1回1錠 1日1回 朝食後" }],
              medicationManagement: "家族が朝に手渡し",
              diagnosisDisclosed: true,
              patientWishes: "家で過ごしたい",
              familyWishes: "体重と息切れを誰かに見てほしい",
              recommendedServices: ["home_medical_care", "visiting_nursing", "home_care_management"],
              precautions: "毎朝の体重測定（2日で2kg増えたら受診）",
              contact: { department: "地域医療連携室", name: "鈴木 由美", phone: "0238-22-0001" },
            },
      );
      written += await write({
        kind: "discharge_information",
        status: states[i]!,
        patientId: patient.id,
        author: liaison,
        recipient: careManager,
        content,
        at: new Date(Math.min(Date.parse(`${dischargeDate}T15:00:00+09:00`), now.getTime() - HOUR)),
      });
    }
  }
  return written;
}
