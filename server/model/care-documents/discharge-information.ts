import { z } from "zod";
import { Diagnosis, Medication } from "../referral-letter";
import { optionalEnum } from "../nursing-instruction";
import { calendarDay, issuer, line, most, repeats, text } from "./home-nursing";
import { msg } from "../../errors";
import type { CareDocumentSpec } from "./care-document-kind";

/**
 * The content of a discharge information record (退院・退所情報記録書, hospital →
 * the patient's care manager at discharge): what the care manager needs to
 * plan the services at home, in the order of the national example form
 * (退院・退所加算 様式例). It may point at the patient's discharge summary and
 * at the pre-discharge conference (退院前カンファレンス) the author chose.
 * A draft may leave anything empty; `SendableDischargeInformation` says what
 * must be there before it goes.
 */

export const DISCHARGE_INFORMATION_TITLE = "退院・退所情報記録書";

/** 現在の医療処置: in the example form's order. */
export const MEDICAL_CARE_ITEMS = [
  "infusion",
  "oxygen",
  "suction",
  "tracheostomy",
  "gastrostomy",
  "nasogastric_tube",
  "enteral_nutrition",
  "pressure_ulcer",
  "urinary_catheter",
  "urostomy",
  "colostomy",
  "pain_control",
  "bowel_control",
  "self_injection",
  "other",
] as const;
export type MedicalCareItem = (typeof MEDICAL_CARE_ITEMS)[number];

export const MEDICAL_CARE_LABELS: Record<MedicalCareItem, string> = {
  infusion: "点滴",
  oxygen: "酸素療法",
  suction: "喀痰吸引",
  tracheostomy: "気管切開",
  gastrostomy: "胃ろう",
  nasogastric_tube: "経鼻栄養",
  enteral_nutrition: "経腸栄養",
  pressure_ulcer: "褥瘡",
  urinary_catheter: "尿道カテーテル",
  urostomy: "尿路ストーマ",
  colostomy: "消化管ストーマ",
  pain_control: "痛みコントロール",
  bowel_control: "排便コントロール",
  self_injection: "自己注射",
  other: "その他",
};

/** The ADL items of the form's 退院時の状態, in its order. */
export const ADL_ITEMS = [
  "moving",
  "transferring",
  "dressing",
  "grooming",
  "bathing",
  "eating",
  "toileting",
] as const;
export type AdlItem = (typeof ADL_ITEMS)[number];
export const ADL_LABELS: Record<AdlItem, string> = {
  moving: "移動",
  transferring: "移乗",
  dressing: "更衣",
  grooming: "整容",
  bathing: "入浴",
  eating: "食事",
  toileting: "排泄",
};

export const ADL_LEVELS = ["independent", "supervision", "partial_assistance", "full_assistance"] as const;
export type AdlLevel = (typeof ADL_LEVELS)[number];
export const ADL_LEVEL_LABELS: Record<AdlLevel, string> = {
  independent: "自立",
  supervision: "見守り",
  partial_assistance: "一部介助",
  full_assistance: "全介助",
};

/** 今後の医学管理: how the patient is followed after discharge. */
export const FOLLOW_UP_METHODS = ["outpatient", "home_visit"] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpMethod, string> = {
  outpatient: "通院",
  home_visit: "訪問診療",
};

/** Services the hospital recommends for life at home (the care manager decides). */
export const RECOMMENDED_SERVICES = [
  "home_medical_care",
  "visiting_nursing",
  "home_rehabilitation",
  "day_rehabilitation",
  "home_help",
  "day_care",
  "short_stay",
  "home_bathing",
  "welfare_equipment",
  "home_modification",
  "home_care_management",
  "other",
] as const;
export type RecommendedService = (typeof RECOMMENDED_SERVICES)[number];
export const RECOMMENDED_SERVICE_LABELS: Record<RecommendedService, string> = {
  home_medical_care: "訪問診療",
  visiting_nursing: "訪問看護",
  home_rehabilitation: "訪問リハビリテーション",
  day_rehabilitation: "通所リハビリテーション",
  home_help: "訪問介護",
  day_care: "通所介護",
  short_stay: "短期入所",
  home_bathing: "訪問入浴介護",
  welfare_equipment: "福祉用具",
  home_modification: "住宅改修",
  home_care_management: "居宅療養管理指導",
  other: "その他",
};

/** The form's own Japanese terms, printed on the PDF, written into the FHIR document, shown by the app. */
export const DISCHARGE_INFORMATION_LABELS = {
  admissionDate: "入院（入所）日",
  dischargeDate: "退院（退所）日",
  diagnoses: "入院原因疾患",
  hospitalCourse: "入院中の経過",
  prognosis: "症状・病状の予後・予測",
  medicalCare: "現在の医療処置",
  noMedicalCare: "医療処置なし",
  followUp: "今後の医学管理",
  adl: "退院時のADL",
  adlNote: "ADLの補足",
  cognition: "認知・精神の状況",
  medications: "退院時の処方",
  noMedication: "処方なし",
  medicationManagement: "服薬管理",
  diagnosisDisclosed: "本人への病名告知",
  patientUnderstanding: "病気・障害の受け止め方（本人）",
  patientWishes: "退院後の生活に関する意向（本人）",
  familyUnderstanding: "病気・障害の受け止め方（家族）",
  familyWishes: "退院後の生活に関する意向（家族）",
  recommendedServices: "在宅で必要と考えられるサービス",
  servicesNote: "サービスについての補足",
  precautions: "留意事項・禁忌事項",
  contact: "病院の連絡先",
  summaryId: "退院時サマリ",
  conferenceId: "退院前カンファレンス",
} as const;

export const MedicalCare = z.object({
  item: z.enum(MEDICAL_CARE_ITEMS, msg("dischargeInformation.chooseMedicalCare")),
  /** settings, sizes, who does it at home: 酸素 2L/分 安静時 */
  note: line(200).default(""),
});

const adlLevel = optionalEnum(ADL_LEVELS, msg("dischargeInformation.chooseAdlLevel"));
const NO_ADL = Object.fromEntries(ADL_ITEMS.map((item) => [item, null])) as Record<AdlItem, null>;

const DischargeInformationShape = z.object({
  admissionDate: calendarDay.optional(),
  dischargeDate: calendarDay.optional(),
  diagnoses: z.array(Diagnosis).max(10, most(10)).default([]),
  hospitalCourse: text(4000).default(""),
  prognosis: text(2000).default(""),
  medicalCare: z.array(MedicalCare).max(MEDICAL_CARE_ITEMS.length).default([]),
  noMedicalCare: z.boolean().default(false),
  followUp: z
    .object({
      facility: line(200).default(""),
      method: optionalEnum(FOLLOW_UP_METHODS, msg("dischargeInformation.chooseFollowUpMethod")),
    })
    .default({ facility: "", method: null }),
  adl: z
    .object({
      moving: adlLevel,
      transferring: adlLevel,
      dressing: adlLevel,
      grooming: adlLevel,
      bathing: adlLevel,
      eating: adlLevel,
      toileting: adlLevel,
    })
    .default(NO_ADL),
  adlNote: text(1000).default(""),
  cognition: text(1000).default(""),
  medications: z.array(Medication).max(30, most(30)).default([]),
  noMedication: z.boolean().default(false),
  medicationManagement: text(500).default(""),
  /** 本人への病名告知: null when not said */
  diagnosisDisclosed: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  patientUnderstanding: text(1000).default(""),
  patientWishes: text(1000).default(""),
  familyUnderstanding: text(1000).default(""),
  familyWishes: text(1000).default(""),
  recommendedServices: z
    .array(z.enum(RECOMMENDED_SERVICES, msg("dischargeInformation.chooseService")))
    .max(RECOMMENDED_SERVICES.length)
    .default([]),
  servicesNote: text(1000).default(""),
  precautions: text(1000).default(""),
  /** whom the care manager calls at the hospital (地域連携室, the ward) */
  contact: z
    .object({
      department: line(100).default(""),
      name: line(100).default(""),
      phone: line(40).default(""),
    })
    .default({ department: "", name: "", phone: "" }),
  /** the patient's discharge summary, when there is one */
  summaryId: z
    .uuid(msg("dischargeInformation.invalidSummary"))
    .nullish()
    .transform((v) => v ?? null),
  /** the pre-discharge conference the author chose, when one was held */
  conferenceId: z
    .uuid(msg("dischargeInformation.invalidConference"))
    .nullish()
    .transform((v) => v ?? null),
});

function checkConsistency(c: z.output<typeof DischargeInformationShape>, ctx: z.RefinementCtx) {
  const issue = issuer(ctx);
  if (c.admissionDate && c.dischargeDate && c.dischargeDate < c.admissionDate) {
    issue(["dischargeDate"], msg("dischargeInformation.dischargeBeforeAdmission"));
  }
  for (const i of repeats(c.medicalCare, (m) => m.item)) {
    issue(["medicalCare", i, "item"], msg("dischargeInformation.medicalCareListedTwice"));
  }
  if (c.noMedicalCare && c.medicalCare.length > 0) {
    issue(["noMedicalCare"], msg("dischargeInformation.noMedicalCareContradictsList"));
  }
  if (c.noMedication && c.medications.length > 0) {
    issue(["noMedication"], msg("nursingInstruction.noMedicationContradictsList"));
  }
  for (const i of repeats(c.recommendedServices, (s) => s)) {
    issue(["recommendedServices", i], msg("dischargeInformation.serviceListedTwice"));
  }
}

export const DischargeInformationContent = DischargeInformationShape.superRefine(checkConsistency);
export type DischargeInformationContent = z.output<typeof DischargeInformationContent>;

/** What a record must contain before it is sent to the care manager. */
export const SendableDischargeInformation = DischargeInformationContent.superRefine((c, ctx) => {
  const issue = issuer(ctx);
  if (!c.dischargeDate) issue(["dischargeDate"], msg("dischargeInformation.enterDischargeDate"));
  if (c.diagnoses.length === 0) issue(["diagnoses"], msg("dischargeInformation.enterDiagnosis"));
  if (!c.hospitalCourse) issue(["hospitalCourse"], msg("dischargeInformation.enterHospitalCourse"));
  if (c.medicalCare.length === 0 && !c.noMedicalCare) {
    issue(["medicalCare"], msg("dischargeInformation.listMedicalCareOrMarkNone"));
  }
  for (const item of ADL_ITEMS) {
    if (!c.adl[item]) issue(["adl", item], msg("dischargeInformation.chooseAdlLevel"));
  }
  if (c.medications.length === 0 && !c.noMedication) {
    issue(["medications"], msg("nursingInstruction.listMedicinesOrMarkNone"));
  }
  if (!c.patientWishes && !c.familyWishes) {
    issue(["patientWishes"], msg("dischargeInformation.enterWishes"));
  }
  if (c.recommendedServices.length === 0 && !c.servicesNote) {
    issue(["recommendedServices"], msg("dischargeInformation.recommendServices"));
  }
  if (!c.contact.name) issue(["contact", "name"], msg("dischargeInformation.enterContactName"));
  if (!c.contact.phone) issue(["contact", "phone"], msg("dischargeInformation.enterContactPhone"));
});

export const DISCHARGE_INFORMATION = {
  kind: "discharge_information",
  content: DischargeInformationContent,
  sendable: SendableDischargeInformation,
  // written for the care manager, who sees the care part of the record
  dataKind: "care",
  author: { facilityKinds: ["hospital"], professions: ["physician", "nurse", "liaison"] },
  recipient: { facilityKinds: ["care_facility"], professions: ["care_manager"], desk: ["care_manager"] },
  replies: ["acknowledge"],
  terms: {
    title: DISCHARGE_INFORMATION_TITLE,
    shortTitle: "退院・退所情報",
    authorRole: "医療機関",
    recipientRole: "介護支援専門員",
    lead: "退院（退所）にあたり、居宅サービス計画の作成に必要な情報を下記のとおり提供いたします。",
    labels: DISCHARGE_INFORMATION_LABELS,
  },
} as const satisfies CareDocumentSpec<"discharge_information", DischargeInformationContent>;
