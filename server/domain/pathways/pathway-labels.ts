import type { pathwayHandoverDeclineReason, pathwayVarianceCategory } from "../../db/schema/pathways";
import type { Label } from "../../model/pathway-template";

type Values<E extends { enumValues: readonly string[] }> = E["enumValues"][number];
export type VarianceCategory = Values<typeof pathwayVarianceCategory>;
export type HandoverDeclineReason = Values<typeof pathwayHandoverDeclineReason>;

/** バリアンスの要因分類, as Japanese critical-pathway practice groups them. */
export const VARIANCE_CATEGORY_LABELS: Record<VarianceCategory, Label> = {
  patient: { ja: "患者・家族要因", en: "Patient and family factors" },
  care_team: { ja: "医療者要因", en: "Care-team factors" },
  system: { ja: "システム・社会的要因", en: "System and social factors" },
};

export const HANDOVER_DECLINE_REASON_LABELS: Record<HandoverDeclineReason, Label> = {
  no_capacity: { ja: "受け入れ枠がない", en: "No capacity" },
  not_indicated: { ja: "適応がない", en: "Not indicated" },
  patient_declined: { ja: "患者・家族の希望", en: "The patient or family declined" },
  insufficient_information: { ja: "情報が不足", en: "Insufficient information" },
  other: { ja: "その他", en: "Other" },
};
