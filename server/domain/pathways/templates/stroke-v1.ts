import type { PathwayDefinition } from "../../../model/pathway-template";
import { BARTHEL_INDEX, DISCHARGE_DESTINATION } from "./shared-instruments";

/**
 * 脳卒中地域連携クリティカルパス, version 1. Swallowing is recorded on the
 * Functional Oral Intake Scale (FOIS, 1 = nothing by mouth … 7 = total oral diet
 * without restriction): a 7-level coded scale, validated internationally and used
 * in Japanese stroke units, so rehabilitation and home can compare it without a
 * conversion table (藤島の摂食嚥下能力グレード would serve too; one scale is kept).
 */
export const strokeV1: PathwayDefinition = {
  code: "stroke",
  version: 1,
  name: { ja: "脳卒中地域連携パス", en: "Stroke regional care pathway" },
  instruments: {
    nihss: {
      kind: "integer",
      label: { ja: "NIHSS", en: "NIHSS" },
      min: 0,
      max: 42,
      step: 1,
      higherIsBetter: false,
    },
    mrs: {
      kind: "integer",
      label: { ja: "modified Rankin Scale", en: "modified Rankin Scale" },
      min: 0,
      max: 6,
      step: 1,
      higherIsBetter: false,
    },
    barthel: BARTHEL_INDEX,
    fim: {
      kind: "integer",
      label: { ja: "FIM（機能的自立度評価法）", en: "FIM (Functional Independence Measure)" },
      min: 18,
      max: 126,
      step: 1,
      higherIsBetter: true,
    },
    fois: {
      kind: "integer",
      label: { ja: "嚥下 FOIS", en: "Swallowing (FOIS)" },
      min: 1,
      max: 7,
      step: 1,
      higherIsBetter: true,
    },
    discharge_destination: DISCHARGE_DESTINATION,
  },
  stages: [
    {
      key: "acute",
      name: { ja: "急性期病院", en: "Acute hospital" },
      ownerKinds: ["hospital"],
      inpatient: true,
      targetDays: 14,
      measures: [
        { instrument: "nihss", timepoint: "admission" },
        { instrument: "barthel", timepoint: "admission" },
        { instrument: "mrs", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "fois", timepoint: "discharge" },
        { instrument: "discharge_destination", timepoint: "event" },
      ],
    },
    {
      key: "rehabilitation",
      name: { ja: "回復期リハビリテーション病院", en: "Rehabilitation hospital" },
      ownerKinds: ["hospital"],
      inpatient: true,
      targetDays: 90,
      measures: [
        { instrument: "fim", timepoint: "admission" },
        { instrument: "barthel", timepoint: "admission" },
        { instrument: "fois", timepoint: "admission" },
        { instrument: "fim", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "mrs", timepoint: "discharge" },
        { instrument: "fois", timepoint: "discharge" },
        { instrument: "discharge_destination", timepoint: "event" },
      ],
    },
    {
      key: "community",
      name: { ja: "在宅・介護施設", en: "Home or care facility" },
      ownerKinds: ["medical_clinic", "care_facility"],
      inpatient: false,
      targetDays: 180,
      measures: [
        { instrument: "barthel", timepoint: "admission" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "mrs", timepoint: "discharge" },
      ],
    },
    {
      key: "follow_up",
      name: { ja: "かかりつけ医（維持期）", en: "Follow-up clinic" },
      ownerKinds: ["medical_clinic"],
      inpatient: false,
      targetDays: 365,
      measures: [
        { instrument: "mrs", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
      ],
    },
  ],
};
