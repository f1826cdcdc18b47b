import { z } from "zod";
import { PROFESSIONS } from "../../model/permissions";
import { plainText, singleLineText } from "../../model/text";

const id = (what: string) =>
  z.uuid(`${what}を指定してください / Choose ${what === "患者" ? "a patient" : "one"}`);

/**
 * Vital signs with their units fixed by the field, and the widest ranges a
 * living person at home can show: a value outside is a typing slip (or a unit
 * mix-up, 36.5 typed as 365), refused on its own field.
 */
export const VITAL_RANGES = {
  systolic: { min: 40, max: 300, unit: "mmHg", ja: "収縮期血圧", en: "Systolic BP" },
  diastolic: { min: 20, max: 200, unit: "mmHg", ja: "拡張期血圧", en: "Diastolic BP" },
  pulse: { min: 20, max: 250, unit: "/min", ja: "脈拍", en: "Pulse" },
  spo2: { min: 50, max: 100, unit: "%", ja: "SpO2", en: "SpO2" },
  temperature: { min: 30, max: 45, unit: "℃", ja: "体温", en: "Temperature" },
  weight: { min: 1, max: 300, unit: "kg", ja: "体重", en: "Weight" },
} as const;
export type VitalField = keyof typeof VITAL_RANGES;
export const VITAL_FIELDS = Object.keys(VITAL_RANGES) as VitalField[];

const vital = (field: VitalField) => {
  const r = VITAL_RANGES[field];
  const message = `${r.ja}は${r.min}〜${r.max}${r.unit}で入力してください / ${r.en} must be ${r.min}–${r.max} ${r.unit}`;
  return z
    .number(message)
    .min(r.min, message)
    .max(r.max, message)
    .refine((v) => Number.isFinite(v), message)
    .optional();
};

export const VitalSignsInput = z
  .strictObject({
    systolic: vital("systolic"),
    diastolic: vital("diastolic"),
    pulse: vital("pulse"),
    spo2: vital("spo2"),
    temperature: vital("temperature"),
    weight: vital("weight"),
  })
  .superRefine((v, ctx) => {
    if ((v.systolic === undefined) !== (v.diastolic === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [v.systolic === undefined ? "systolic" : "diastolic"],
        message: "血圧は上と下の両方を入力してください / Enter both systolic and diastolic pressure",
      });
    } else if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
      ctx.addIssue({
        code: "custom",
        path: ["diastolic"],
        message: "拡張期血圧は収縮期血圧より低い値です / Diastolic pressure must be below systolic",
      });
    }
  });

export const DailyLivingInput = z.strictObject({
  meals: plainText().max(1000).optional(),
  excretion: plainText().max(1000).optional(),
  sleep: plainText().max(1000).optional(),
});

export const PROFESSION_INPUT = z.enum(PROFESSIONS, "職種を選んでください / Choose a profession");

/** A post or a reply. Its key is made by the author's device, once per draft, so a resend is not a second post. */
export const CareTeamPostInput = z
  .strictObject({
    patientId: id("患者"),
    parentId: z.uuid("投稿を指定してください / Choose a post").nullish(),
    clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "送信キーが正しくありません / Invalid draft key"),
    body: plainText().max(4000, "本文は4000文字以内です / At most 4,000 characters").default(""),
    vitals: VitalSignsInput.nullish(),
    dailyLiving: DailyLivingInput.nullish(),
    needsReply: z.boolean().default(false),
    replyDueAt: z.iso
      .datetime({ offset: true, message: "返信期限の日時が正しくありません / Invalid reply due time" })
      .nullish(),
    mentionPractitionerIds: z.array(z.uuid()).max(20).default([]),
    mentionProfessions: z.array(PROFESSION_INPUT).max(9).default([]),
  })
  .superRefine((p, ctx) => {
    const hasVitals = p.vitals && Object.values(p.vitals).some((v) => v !== undefined);
    const hasDaily = p.dailyLiving && Object.values(p.dailyLiving).some((v) => v && v.trim());
    if (!p.body.trim() && !hasVitals && !hasDaily) {
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: "本文かバイタル・生活の記録を入力してください / Write something or enter a measurement",
      });
    }
    if (p.needsReply && !p.replyDueAt) {
      ctx.addIssue({
        code: "custom",
        path: ["replyDueAt"],
        message: "返信期限を入力してください / Give a time the reply is needed by",
      });
    }
    if (p.parentId && p.needsReply) {
      ctx.addIssue({
        code: "custom",
        path: ["needsReply"],
        message: "返信には「要返信」を付けられません / A reply cannot itself ask for a reply",
      });
    }
  });
export type CareTeamPostInput = z.output<typeof CareTeamPostInput>;

export const AddCareTeamMemberInput = z.strictObject({
  patientId: id("患者"),
  practitionerId: z.uuid("メンバーを選んでください / Choose a member"),
});

export const RemoveCareTeamMemberInput = AddCareTeamMemberInput;

export const BoardQuery = z.strictObject({
  patientId: id("患者"),
  /** older than this post's time: the next page */
  before: z.iso.datetime({ offset: true }).nullish(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const ScheduleHomeVisitInput = z.strictObject({
  patientId: id("患者"),
  visitorId: z.uuid("訪問する人を選んでください / Choose who visits"),
  startsAt: z.iso.datetime({ offset: true, message: "訪問日時が正しくありません / Invalid visit time" }),
  durationMinutes: z
    .number("訪問時間（分）を入力してください / Enter the length in minutes")
    .int()
    .min(10, "訪問時間は10〜240分です / A visit lasts 10–240 minutes")
    .max(240, "訪問時間は10〜240分です / A visit lasts 10–240 minutes"),
  purpose: singleLineText().max(200).default(""),
});

export const CancelHomeVisitInput = z.strictObject({
  patientId: id("患者"),
  visitId: z.uuid("訪問予定を指定してください / Choose a visit"),
});
