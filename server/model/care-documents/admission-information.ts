import { z } from "zod";
import { msg } from "../../errors";
import {
  CARE_LEVELS,
  CARE_LEVEL_LABELS,
  DEMENTIA_LABELS,
  DEMENTIA_LEVELS,
  optionalEnum,
} from "../nursing-instruction";
import type { CareDocumentSpec } from "./care-document-kind";
import { choice, day, line, text } from "./content-fields";
import { ADL_LABELS, ADL_LEVELS, ADL_LEVEL_LABELS } from "./discharge-information";
import { issuer } from "./home-nursing";

/**
 * The content of an admission information form (入院時情報提供書, the care
 * manager of a home-care support office → the hospital on the person's
 * admission): what the ward and its liaison office need to know of the
 * person's life at home, in the order of the national example form
 * (入院時情報連携加算 様式例): the long-term care level and its period, the
 * services used, family and the key person, ADL, cognition, who manages the
 * medicines, the person's and the family's wishes. Expected within 3 days of
 * admission (the due rule: admission date + 3). A draft may leave anything
 * empty; `SendableAdmissionInformation` says what must be there before it goes.
 */

export const ADMISSION_INFORMATION_TITLE = "入院時情報提供書";

/** The ADL items the form asks about, in its order (a subset of the discharge record's). */
export const ADMISSION_ADL_ITEMS = ["moving", "eating", "toileting", "bathing", "dressing"] as const;
export type AdmissionAdlItem = (typeof ADMISSION_ADL_ITEMS)[number];
export { ADL_LABELS, ADL_LEVELS, ADL_LEVEL_LABELS };

/** 認知症高齢者の日常生活自立度, with 自立 (the form's first box) before Ⅰ〜M. */
export const COGNITION_LEVELS = ["independent", ...DEMENTIA_LEVELS] as const;
export type CognitionLevel = (typeof COGNITION_LEVELS)[number];
export const COGNITION_LEVEL_LABELS: Record<CognitionLevel, string> = {
  independent: "自立",
  ...DEMENTIA_LABELS,
};

export { CARE_LEVELS, CARE_LEVEL_LABELS };

/** The long-term care services (居宅サービス等) a person may be using at home. */
export const CARE_SERVICES = [
  "home_help",
  "home_bathing",
  "visiting_nursing",
  "home_rehabilitation",
  "home_care_management",
  "day_care",
  "day_rehabilitation",
  "short_stay",
  "small_multifunctional",
  "welfare_equipment",
  "home_medical_care",
  "other",
] as const;
export type CareService = (typeof CARE_SERVICES)[number];
export const CARE_SERVICE_LABELS: Record<CareService, string> = {
  home_help: "訪問介護",
  home_bathing: "訪問入浴介護",
  visiting_nursing: "訪問看護",
  home_rehabilitation: "訪問リハビリテーション",
  home_care_management: "居宅療養管理指導",
  day_care: "通所介護",
  day_rehabilitation: "通所リハビリテーション",
  short_stay: "短期入所",
  small_multifunctional: "小規模多機能型居宅介護",
  welfare_equipment: "福祉用具貸与",
  home_medical_care: "訪問診療",
  other: "その他",
};

/** Who manages the person's medicines at home (服薬管理). */
export const MEDICATION_MANAGERS = ["self", "family", "care_staff", "visiting_nurse", "other"] as const;
export type MedicationManager = (typeof MEDICATION_MANAGERS)[number];
export const MEDICATION_MANAGER_LABELS: Record<MedicationManager, string> = {
  self: "本人",
  family: "家族",
  care_staff: "介護職員（ヘルパー等）",
  visiting_nurse: "訪問看護師",
  other: "その他",
};

/** The form's own Japanese terms, printed on the PDF, written into the FHIR document, shown by the app. */
export const ADMISSION_INFORMATION_LABELS = {
  admissionDate: "入院日",
  careLevel: "要介護度",
  certificationStart: "認定有効期間（開始）",
  certificationEnd: "認定有効期間（終了）",
  services: "利用している介護サービス",
  noServices: "利用しているサービスなし",
  service: "サービスの種類",
  provider: "事業所",
  frequency: "利用頻度",
  family: "家族・キーパーソン",
  name: "氏名",
  relationship: "続柄",
  contact: "連絡先",
  livesTogether: "同居",
  keyPerson: "キーパーソン",
  adl: "ADL",
  adlNote: "ADLの補足",
  cognitionLevel: "認知症高齢者の日常生活自立度",
  cognitionNote: "認知・精神面の状況",
  medicationManager: "服薬管理",
  medicationNote: "服薬管理の補足",
  patientWishes: "本人の意向",
  familyWishes: "家族の意向",
  notes: "特記事項",
} as const;

export const UsedService = z.object({
  service: z.enum(CARE_SERVICES, msg("admissionInformation.chooseService")),
  /** the provider's name: ヘルパーステーションながい */
  provider: line(200),
  /** 週2回, 月4回 */
  frequency: line(100),
});
export type UsedService = z.output<typeof UsedService>;

export const FamilyMember = z.object({
  name: line(100).refine((v) => v !== "", msg("admissionInformation.enterFamilyName")),
  /** 続柄: 長女, 夫, 成年後見人 */
  relationship: line(50),
  /** a phone number, as the family gave it */
  contact: line(100),
  livesTogether: z.boolean().default(false),
  keyPerson: z.boolean().default(false),
});
export type FamilyMember = z.output<typeof FamilyMember>;

const adlLevel = optionalEnum(ADL_LEVELS, msg("dischargeInformation.chooseAdlLevel"));
const NO_ADL = Object.fromEntries(ADMISSION_ADL_ITEMS.map((item) => [item, null])) as Record<
  AdmissionAdlItem,
  null
>;

const AdmissionInformationShape = z.object({
  admissionDate: day(),
  /** 要介護度 and its certification period (認定有効期間) */
  careLevel: choice(CARE_LEVELS),
  certificationStart: day(),
  certificationEnd: day(),
  services: z.array(UsedService).max(20, msg("admissionInformation.most20Services")).default([]),
  noServices: z.boolean().default(false),
  family: z.array(FamilyMember).max(10, msg("admissionInformation.most10FamilyMembers")).default([]),
  adl: z
    .object({
      moving: adlLevel,
      eating: adlLevel,
      toileting: adlLevel,
      bathing: adlLevel,
      dressing: adlLevel,
    })
    .default(NO_ADL),
  adlNote: text(1000),
  cognitionLevel: choice(COGNITION_LEVELS),
  cognitionNote: text(1000),
  medicationManager: choice(MEDICATION_MANAGERS),
  medicationNote: text(500),
  patientWishes: text(1000),
  familyWishes: text(1000),
  notes: text(2000),
});

function checkConsistency(c: z.output<typeof AdmissionInformationShape>, ctx: z.RefinementCtx) {
  const issue = issuer(ctx);
  if (c.certificationStart && c.certificationEnd && c.certificationEnd < c.certificationStart) {
    issue(["certificationEnd"], msg("admissionInformation.certificationEndsBeforeStart"));
  }
  if (c.noServices && c.services.length > 0) {
    issue(["noServices"], msg("careDocument.noneContradictsList"));
  }
  c.family.forEach((f, i) => {
    if (f.keyPerson && c.family.findIndex((g) => g.keyPerson) < i) {
      issue(["family", i, "keyPerson"], msg("admissionInformation.oneKeyPerson"));
    }
  });
}

export const AdmissionInformationContent = AdmissionInformationShape.superRefine(checkConsistency);
export type AdmissionInformationContent = z.output<typeof AdmissionInformationContent>;

/** Whether the care level is a certified one (要支援・要介護), which has a certification period. */
const certified = (level: AdmissionInformationContent["careLevel"]) =>
  !!level && (level.startsWith("support_") || level.startsWith("care_"));

/** What the form must contain before it goes to the hospital. */
export const SendableAdmissionInformation = AdmissionInformationContent.superRefine((c, ctx) => {
  const issue = issuer(ctx);
  if (!c.admissionDate) issue(["admissionDate"], msg("admissionInformation.enterAdmissionDate"));
  if (!c.careLevel) issue(["careLevel"], msg("nursingInstruction.chooseCareLevel"));
  if (certified(c.careLevel)) {
    if (!c.certificationStart)
      issue(["certificationStart"], msg("admissionInformation.enterCertificationPeriod"));
    if (!c.certificationEnd)
      issue(["certificationEnd"], msg("admissionInformation.enterCertificationPeriod"));
  }
  if (c.services.length === 0 && !c.noServices) {
    issue(["services"], msg("careDocument.listOrMarkNone"));
  }
  c.services.forEach((s, i) => {
    if (!s.provider) issue(["services", i, "provider"], msg("admissionInformation.enterProvider"));
  });
  if (!c.family.some((f) => f.keyPerson)) issue(["family"], msg("admissionInformation.chooseKeyPerson"));
  c.family.forEach((f, i) => {
    if (!f.keyPerson) return;
    if (!f.relationship)
      issue(["family", i, "relationship"], msg("admissionInformation.enterKeyPersonRelationship"));
    if (!f.contact) issue(["family", i, "contact"], msg("admissionInformation.enterKeyPersonContact"));
  });
  for (const item of ADMISSION_ADL_ITEMS) {
    if (!c.adl[item]) issue(["adl", item], msg("dischargeInformation.chooseAdlLevel"));
  }
  if (!c.cognitionLevel) issue(["cognitionLevel"], msg("nursingInstruction.chooseDementiaLevel"));
  if (!c.medicationManager) issue(["medicationManager"], msg("admissionInformation.chooseMedicationManager"));
  if (!c.patientWishes && !c.familyWishes) issue(["patientWishes"], msg("admissionInformation.enterWishes"));
});

export const ADMISSION_INFORMATION = {
  kind: "admission_information",
  content: AdmissionInformationContent,
  sendable: SendableAdmissionInformation,
  // the person's care at home: the care manager sees this part of the record, the hospital's liaison office too
  dataKind: "care",
  author: { facilityKinds: ["care_facility"], professions: ["care_manager"] },
  recipient: {
    facilityKinds: ["hospital"],
    // the liaison office receives it; the ward's nurses and the physician may be named and may acknowledge
    professions: ["liaison", "nurse", "physician"],
    desk: ["liaison"],
  },
  replies: ["acknowledge"],
  due: { from: "admissionDate", days: 3 },
  terms: {
    title: ADMISSION_INFORMATION_TITLE,
    shortTitle: "入院時情報",
    authorRole: "居宅介護支援事業所",
    recipientRole: "医療機関",
    lead: "利用者の入院にあたり、在宅での生活の状況について下記のとおり情報提供いたします。",
    labels: ADMISSION_INFORMATION_LABELS,
  },
} as const satisfies CareDocumentSpec<"admission_information", AdmissionInformationContent>;
