import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careTeamMembers, careTeamPosts, careTeamReads, homeVisits } from "../../db/schema";
import type { VitalSigns } from "../../db/schema";
import { recountUnread } from "../../domain/care-team/care-team-unread";
import { DEMO_PATIENTS } from "./cast";
import type { DemoNetwork } from "./network";

type Practitioner = DemoNetwork["practitioners"][number];

const HOUR = 3600_000;

/**
 * Home care teams (在宅ケアチーム) for the demo: 山田 花子's team (the demo
 * clinic's GP, the visiting nurse, the pharmacist: all inside her consent; the
 * care manager's office is not, so adding her shows the 連携先追加 step), and
 * the teams of two more patients whose consent already covers the demo clinic,
 * with whoever of a pharmacy, a visiting-nurse station and a care office their
 * consent covers. Each team has posts (vital signs, a question needing a reply
 * and its answer, notes), read receipts and the coming home visits. Rows only,
 * written in the seeding transaction and covered by its one audit event; no
 * consent is changed and no file is added.
 */
export async function seedHomeCare(tx: Db, network: DemoNetwork, now = new Date()): Promise<number> {
  const ids = network.demoFacilityIds;
  const byLogin = (login: string) => network.practitioners.find((p) => p.loginId === login);
  const gp = byLogin("gp.yamada");
  if (!gp) return 0;
  const scopeOf = new Map<string, Set<string>>();
  for (const s of network.consentScope) {
    if (s.withdrawnOn) continue;
    const set = scopeOf.get(s.patientId) ?? new Set<string>();
    set.add(s.facilityId);
    scopeOf.set(s.patientId, set);
  }
  // the demo sign-ins first (vn.tanaka, ph.ito, cm.watanabe), so the demo shows their teams
  const demoFirst = [...network.practitioners].sort(
    (a, b) => Number(/^p\d/.test(a.loginId)) - Number(/^p\d/.test(b.loginId)),
  );
  const staffAt = (facilityIds: Set<string>, profession: Practitioner["profession"]) =>
    demoFirst.find((p) => p.profession === profession && facilityIds.has(p.facilityId));

  const demo = network.patients.find((p) => p.regionalId === DEMO_PATIENTS.consented);
  const others = network.patients
    .filter((p) => p.id !== demo?.id && p.regionalId !== DEMO_PATIENTS.notConsented)
    .map((p) => ({ patient: p, scope: scopeOf.get(p.id) ?? new Set<string>() }))
    .filter((x) => x.scope.has(ids.demoClinic))
    .map((x) => ({
      ...x,
      score: (["pharmacist", "visiting_nurse", "care_manager"] as const).filter((k) => staffAt(x.scope, k))
        .length,
    }))
    .sort((a, b) => b.score - a.score || a.patient.regionalId.localeCompare(b.patient.regionalId))
    .slice(0, 2);

  const teams = [
    ...(demo ? [{ patient: demo, scope: scopeOf.get(demo.id) ?? new Set<string>() }] : []),
    ...others,
  ];
  let written = 0;
  for (const [i, { patient, scope }] of teams.entries()) {
    const members = [
      gp,
      staffAt(scope, "visiting_nurse"),
      staffAt(scope, "pharmacist"),
      staffAt(scope, "care_manager"),
    ].filter((p): p is Practitioner => !!p && scope.has(p.facilityId));
    if (!members.some((m) => m.id === gp.id)) continue;
    await tx.insert(careTeamMembers).values(
      members.map((m, k) => ({
        patientId: patient.id,
        practitionerId: m.id,
        facilityId: m.facilityId,
        addedBy: gp.id,
        addedAt: new Date(now.getTime() - (30 - k) * 24 * HOUR),
      })),
    );
    const nurse = members.find((m) => m.profession === "visiting_nurse");
    const pharmacist = members.find((m) => m.profession === "pharmacist");
    const careManager = members.find((m) => m.profession === "care_manager");
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
    const post = async (
      author: Practitioner,
      hoursAgo: number,
      values: {
        body: string;
        vitals?: VitalSigns;
        dailyLiving?: { meals?: string; excretion?: string; sleep?: string };
        parentId?: string;
        needsReply?: boolean;
        replyDueInHours?: number;
        mention?: Practitioner[];
        readBy?: Practitioner[];
      },
    ) => {
      const [row] = await tx
        .insert(careTeamPosts)
        .values({
          patientId: patient.id,
          parentId: values.parentId ?? null,
          authorId: author.id,
          authorFacilityId: author.facilityId,
          authorProfession: author.profession,
          kind: values.vitals ? "vitals" : values.dailyLiving ? "daily_living" : "note",
          body: values.body,
          vitals: values.vitals ?? null,
          dailyLiving: values.dailyLiving ?? null,
          needsReply: values.needsReply ?? false,
          replyDueAt: values.needsReply
            ? new Date(at(hoursAgo).getTime() + (values.replyDueInHours ?? 24) * HOUR)
            : null,
          mentionedPractitionerIds: (values.mention ?? []).map((m) => m.id),
          clientKey: `demo-seed-${i}-${hoursAgo}-${author.id.slice(0, 8)}`,
          createdAt: at(hoursAgo),
        })
        .returning({ id: careTeamPosts.id });
      const readers = [author, ...(values.readBy ?? [])];
      await tx.insert(careTeamReads).values(
        readers.map((r, k) => ({
          postId: row!.id,
          practitionerId: r.id,
          readAt: new Date(at(hoursAgo).getTime() + k * 20 * 60_000),
        })),
      );
      written += 1;
      return row!.id;
    };

    if (nurse) {
      const asked = await post(nurse, 50, {
        body: "定期訪問。仙骨部に発赤（d1）あり、体位変換を2時間毎に指導しました。軟膏の処方をご検討ください。",
        vitals: { systolic: 142, diastolic: 84, pulse: 78, spo2: 95, temperature: 36.9, weight: 47.6 },
        dailyLiving: { meals: "朝昼とも7割", excretion: "排便2日なし", sleep: "夜間2回覚醒" },
        needsReply: true,
        replyDueInHours: 24,
        mention: [gp],
        readBy: [gp, ...(pharmacist ? [pharmacist] : [])],
      });
      await post(gp, 46, {
        parentId: asked,
        body: "ご報告ありがとうございます。アズノール軟膏を処方しました。次回訪問で塗布と経過の確認をお願いします。",
        readBy: [nurse],
      });
      await tx
        .update(careTeamPosts)
        .set({ answeredAt: at(46), replyCount: 1 })
        .where(eqId(asked));
    }
    if (pharmacist) {
      await post(pharmacist, 20, {
        body: "居宅療養管理指導で訪問。残薬が約1週間分ありました。服薬カレンダーを導入し、ご家族に説明しました。",
        readBy: [gp],
      });
    }
    if (careManager) {
      await post(careManager, 8, {
        body: "来週からデイサービスを週2回（火・金）に増やします。入浴はデイで対応します。",
        dailyLiving: { meals: "デイでは昼食全量" },
      });
    }
    if (nurse) {
      // still waiting for an answer: shows on the GP's worklist as needing a reply
      await post(nurse, 3, {
        body: "本日SpO2がやや低めです。在宅酸素の導入についてご相談させてください。",
        vitals: { spo2: 92, pulse: 88, temperature: 37.2 },
        needsReply: true,
        replyDueInHours: 48,
        mention: [gp],
      });
      await tx.insert(homeVisits).values([
        {
          patientId: patient.id,
          visitorId: nurse.id,
          facilityId: nurse.facilityId,
          startsAt: nextTokyoTime(now, 1, 10),
          durationMinutes: 60,
          purpose: "褥瘡処置・バイタル測定",
          createdBy: nurse.id,
        },
        {
          patientId: patient.id,
          visitorId: gp.id,
          facilityId: gp.facilityId,
          startsAt: nextTokyoTime(now, 3 + i, 14),
          durationMinutes: 30,
          purpose: "訪問診療",
          createdBy: gp.id,
        },
      ]);
    }
  }
  // the rows went in directly: the members' unread counts from the posts and receipts written
  if (teams.length)
    await recountUnread(
      tx,
      teams.map((x) => x.patient.id),
    );
  return written;
}

const eqId = (id: string) => eq(careTeamPosts.id, id);

/** `days` days after `now`'s Tokyo date, at `hour`:00 Tokyo time. */
function nextTokyoTime(now: Date, days: number, hour: number): Date {
  const day = new Date(now.getTime() + days * 24 * HOUR).toLocaleDateString("sv-SE", {
    timeZone: "Asia/Tokyo",
  });
  return new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+09:00`);
}
