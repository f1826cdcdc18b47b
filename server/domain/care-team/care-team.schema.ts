import { z } from "zod";
import { PROFESSIONS } from "../../model/permissions";
import { plainText, singleLineText } from "../../model/text";
import { msg } from "../../errors";

const patientId = () => z.uuid(msg("careTeam.choosePatient"));

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
  const message = msg("careTeam.must", { ja: r.ja, min: r.min, max: r.max, unit: r.unit, en: r.en });
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
        message: msg("careTeam.enterBothSystolicDiastolicPressure"),
      });
    } else if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
      ctx.addIssue({
        code: "custom",
        path: ["diastolic"],
        message: msg("careTeam.diastolicPressureMustBelowSystolic"),
      });
    }
  });

export const DailyLivingInput = z.strictObject({
  meals: plainText().max(1000).optional(),
  excretion: plainText().max(1000).optional(),
  sleep: plainText().max(1000).optional(),
});

export const PROFESSION_INPUT = z.enum(PROFESSIONS, msg("careTeam.chooseProfession"));

/** A post or a reply. Its key is made by the author's device, once per draft, so a resend is not a second post. */
export const CareTeamPostInput = z
  .strictObject({
    patientId: patientId(),
    parentId: z.uuid(msg("careTeam.choosePost")).nullish(),
    clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, msg("careTeam.invalidDraftKey")),
    body: plainText().max(4000, msg("careTeam.most4000Characters")).default(""),
    vitals: VitalSignsInput.nullish(),
    dailyLiving: DailyLivingInput.nullish(),
    needsReply: z.boolean().default(false),
    replyDueAt: z.iso.datetime({ offset: true, message: msg("careTeam.invalidReplyDueTime") }).nullish(),
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
        message: msg("careTeam.writeSomethingEnterMeasurement"),
      });
    }
    if (p.needsReply && !p.replyDueAt) {
      ctx.addIssue({
        code: "custom",
        path: ["replyDueAt"],
        message: msg("careTeam.giveTimeReplyNeeded"),
      });
    }
    if (p.parentId && p.needsReply) {
      ctx.addIssue({
        code: "custom",
        path: ["needsReply"],
        message: msg("careTeam.replyCannotItselfAskReply"),
      });
    }
  });
export type CareTeamPostInput = z.output<typeof CareTeamPostInput>;

export const AddCareTeamMemberInput = z.strictObject({
  patientId: patientId(),
  practitionerId: z.uuid(msg("careTeam.chooseMember")),
});

export const RemoveCareTeamMemberInput = AddCareTeamMemberInput;

export const BoardQuery = z.strictObject({
  patientId: patientId(),
  /** older than this post's time: the next page */
  before: z.iso.datetime({ offset: true }).nullish(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const ScheduleHomeVisitInput = z.strictObject({
  patientId: patientId(),
  visitorId: z.uuid(msg("careTeam.chooseWhoVisits")),
  startsAt: z.iso.datetime({ offset: true, message: msg("careTeam.invalidVisitTime") }),
  durationMinutes: z
    .number(msg("careTeam.enterLengthInMinutes"))
    .int()
    .min(10, msg("careTeam.visitLasts10240Minutes"))
    .max(240, msg("careTeam.visitLasts10240Minutes")),
  purpose: singleLineText().max(200).default(""),
});

export const CancelHomeVisitInput = z.strictObject({
  patientId: patientId(),
  visitId: z.uuid(msg("careTeam.chooseVisit")),
});
