import type { PathwayDefinition } from "../../../model/pathway-template";
import { BARTHEL_INDEX, DISCHARGE_DESTINATION } from "./shared-instruments";

/**
 * 大腿骨頸部骨折地域連携クリティカルパス, version 1. Walking ability is the
 * six-level scale of Japanese hip-fracture pathways, best first, recorded
 * before the injury (asked at admission) and at the end of every stage.
 */
export const hipFractureV1: PathwayDefinition = {
  code: "hip_fracture",
  version: 1,
  name: { ja: "大腿骨頸部骨折地域連携パス", en: "Hip fracture regional care pathway" },
  instruments: {
    walking: {
      kind: "code",
      label: { ja: "歩行能力", en: "Walking ability" },
      codes: [
        { code: "independent", label: { ja: "独歩", en: "Walks unaided" } },
        { code: "cane", label: { ja: "杖歩行", en: "Walks with a cane" } },
        { code: "walker", label: { ja: "歩行器歩行", en: "Walks with a walker" } },
        { code: "assisted", label: { ja: "介助歩行", en: "Walks with assistance" } },
        { code: "wheelchair", label: { ja: "車椅子", en: "Wheelchair" } },
        { code: "bedridden", label: { ja: "寝たきり", en: "Bedridden" } },
      ],
    },
    barthel: BARTHEL_INDEX,
    surgery_date: { kind: "date", label: { ja: "手術日", en: "Surgery date" } },
    surgery_type: {
      kind: "code",
      label: { ja: "術式", en: "Surgery" },
      codes: [
        { code: "hemiarthroplasty", label: { ja: "人工骨頭置換術", en: "Hemiarthroplasty" } },
        { code: "osteosynthesis", label: { ja: "骨接合術", en: "Internal fixation (osteosynthesis)" } },
        {
          code: "total_hip_arthroplasty",
          label: { ja: "人工股関節全置換術", en: "Total hip arthroplasty" },
        },
        { code: "conservative", label: { ja: "保存療法（手術なし）", en: "Non-operative treatment" } },
        { code: "other", label: { ja: "その他", en: "Other" } },
      ],
    },
    weight_bearing: {
      kind: "code",
      label: { ja: "荷重", en: "Weight bearing" },
      codes: [
        { code: "full", label: { ja: "全荷重", en: "Full weight bearing" } },
        { code: "partial", label: { ja: "部分荷重", en: "Partial weight bearing" } },
        { code: "none", label: { ja: "免荷", en: "Non-weight bearing" } },
      ],
    },
    osteoporosis_treatment: {
      kind: "boolean",
      label: { ja: "骨粗鬆症治療の開始", en: "Osteoporosis treatment started" },
    },
    discharge_destination: DISCHARGE_DESTINATION,
  },
  stages: [
    {
      key: "acute",
      name: { ja: "急性期病院", en: "Acute hospital" },
      ownerKinds: ["hospital"],
      inpatient: true,
      targetDays: 21,
      measures: [
        { instrument: "walking", timepoint: "pre_injury" },
        { instrument: "barthel", timepoint: "admission" },
        { instrument: "surgery_date", timepoint: "event" },
        { instrument: "surgery_type", timepoint: "event" },
        { instrument: "weight_bearing", timepoint: "discharge" },
        { instrument: "walking", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "osteoporosis_treatment", timepoint: "event" },
        { instrument: "discharge_destination", timepoint: "event" },
      ],
    },
    {
      key: "rehabilitation",
      name: { ja: "回復期リハビリテーション病院", en: "Rehabilitation hospital" },
      ownerKinds: ["hospital"],
      inpatient: true,
      targetDays: 60,
      measures: [
        { instrument: "walking", timepoint: "admission" },
        { instrument: "barthel", timepoint: "admission" },
        { instrument: "weight_bearing", timepoint: "admission" },
        { instrument: "walking", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "osteoporosis_treatment", timepoint: "event" },
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
        { instrument: "walking", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
      ],
    },
    {
      key: "follow_up",
      name: { ja: "かかりつけ医（維持期）", en: "Follow-up clinic" },
      ownerKinds: ["medical_clinic"],
      inpatient: false,
      targetDays: 365,
      measures: [
        { instrument: "walking", timepoint: "discharge" },
        { instrument: "barthel", timepoint: "discharge" },
        { instrument: "osteoporosis_treatment", timepoint: "event" },
      ],
    },
  ],
};
