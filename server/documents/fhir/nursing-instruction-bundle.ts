import type { Bundle, CompositionSection, Observation, Reference, ServiceRequest } from "@medplum/fhirtypes";
import type { NursingInstructionDocument } from "../../model/documents";
import { medicationLine, medicationRequestResource, conditionResource, diagnosisLine } from "./clinical";
import { CODE_SYSTEM, HOME_CARE_DOCUMENT_SYSTEM, HOME_CARE_ITEM_SYSTEM, SECTION } from "./codes";
import { DocumentBundleBuilder, documentComposition, notWrittenSection, section } from "./document-bundle";
import { field, list, paragraph } from "./narrative";
import { organizationResource, partyNarrative, patientResource, practitionerResource } from "./participants";
import { documentIdentifierValue, present } from "./primitives";
import {
  CARE_LEVEL_LABELS,
  DEVICE_LABELS,
  NURSING_INSTRUCTION_TITLES,
} from "../../model/nursing-instruction";

/** LOINC 18776-5 "Plan of care note": the nearest general kind of document. */
const PLAN_OF_CARE = { system: CODE_SYSTEM.loinc, code: "18776-5", display: "Plan of care note" };

/**
 * A visiting-nurse instruction as a FHIR R4 `document` Bundle built as the
 * JP-CLINS documents are (Composition first, the national identifier, the
 * document-section codes), claiming no JP-CLINS profile, which has none for
 * it. The order itself is a ServiceRequest from the physician to the station
 * over the period (occurrencePeriod), its reason the main diagnosis, its
 * notes the instructions; the status items are Observations in words.
 *
 *   340 傷病名         the main diagnosis as a Condition
 *   330 臨床経過       the current condition and the status items
 *   430 投薬指示       MedicationRequests, or nilknown ("投薬なし")
 *   420 診療方針指示   the ServiceRequest and the instructions
 *   220 備考・連絡情報  the station, emergency contact, when absent, other stations
 */
export function nursingInstructionBundle(doc: NursingInstructionDocument): Bundle {
  const { author, content } = doc;
  const title = NURSING_INSTRUCTION_TITLES[content.kind];
  const b = new DocumentBundleBuilder(`nursing-instruction/${doc.instructionId}`);
  const patient = b.add("patient", patientResource(doc.patient, author.facility));
  const physician = b.add("practitioner/author", practitionerResource(author.practitioner));
  const authorOrg = b.add("organization/author", organizationResource(author.facility, null));
  const station = doc.station ? b.add("organization/station", organizationResource(doc.station, null)) : null;

  const diagnosis = present(content.mainDiagnosis.name)
    ? b.add(
        "condition/main",
        conditionResource({ ...content.mainDiagnosis, certainty: "confirmed" }, patient, "problem-list-item"),
      )
    : null;
  const medications = content.medications.map((m, i) =>
    b.add(`medication/${i}`, medicationRequestResource(m, patient)),
  );
  const items: { role: string; code: string; label: string; value: string | null }[] = [
    {
      role: "bedridden",
      code: "bedridden-level",
      label: "障害高齢者の日常生活自立度（寝たきり度）",
      value: content.bedriddenLevel,
    },
    {
      role: "dementia",
      code: "dementia-level",
      label: "認知症高齢者の日常生活自立度",
      value: content.dementiaLevel,
    },
    {
      role: "care-level",
      code: "care-level",
      label: "要介護認定の状況",
      value: content.careLevel ? CARE_LEVEL_LABELS[content.careLevel] : null,
    },
    {
      role: "pressure-ulcer",
      code: "pressure-ulcer-depth",
      label: "褥瘡の深さ（DESIGN-R）",
      value: content.pressureUlcerDepth,
    },
  ];
  const observations: Reference<Observation>[] = items.flatMap((item) =>
    item.value
      ? [
          b.add(`observation/${item.role}`, {
            resourceType: "Observation",
            status: "final",
            code: {
              coding: [{ system: HOME_CARE_ITEM_SYSTEM, code: item.code, display: item.label }],
              text: item.label,
            },
            subject: patient,
            valueCodeableConcept: { text: item.value },
          } satisfies Observation),
        ]
      : [],
  );
  const instructions = [
    ["療養生活指導上の留意事項", content.careInstructions],
    ["リハビリテーション", content.rehabilitation],
    ["褥瘡の処置等", content.woundCare],
    ["装着・使用医療機器等の操作援助・管理", content.deviceManagement],
    ["その他", content.otherInstructions],
  ].filter(([, text]) => present(text)) as [string, string][];
  const devices = content.devices.map((d) =>
    d.note ? `${DEVICE_LABELS[d.device]}（${d.note}）` : DEVICE_LABELS[d.device],
  );
  const order = b.add("service-request", {
    resourceType: "ServiceRequest",
    status: doc.draft ? "draft" : "active",
    intent: "order",
    code: {
      coding: [
        {
          system: HOME_CARE_DOCUMENT_SYSTEM,
          code: `visiting-nurse-instruction-${content.kind}`,
          display: title,
        },
      ],
      text: title,
    },
    subject: patient,
    ...(content.periodStart
      ? {
          occurrencePeriod: {
            start: content.periodStart,
            ...(content.periodEnd ? { end: content.periodEnd } : {}),
          },
        }
      : {}),
    requester: physician,
    ...(station ? { performer: [station] } : {}),
    ...(diagnosis ? { reasonReference: [diagnosis] } : {}),
    ...(present(content.specialReason) ? { reasonCode: [{ text: content.specialReason }] } : {}),
    ...(instructions.length > 0 || devices.length > 0
      ? {
          note: [
            ...instructions.map(([label, text]) => ({ text: `${label}：${text}` })),
            ...(devices.length > 0 ? [{ text: `装着・使用医療機器等：${devices.join("、")}` }] : []),
          ],
        }
      : {}),
  } satisfies ServiceRequest);

  const period = `${content.periodStart ?? "（記載なし）"} 〜 ${content.periodEnd ?? "（記載なし）"}`;
  const structured = section(SECTION.structured, "構造情報", {
    sections: [
      diagnosis
        ? section(SECTION.problem, "主たる傷病名", {
            narrative: [
              paragraph(diagnosisLine({ ...content.mainDiagnosis, certainty: "confirmed" })),
              ...(present(content.otherDiagnoses) ? [field("その他の傷病名", content.otherDiagnoses)] : []),
            ],
            entries: [diagnosis],
          })
        : notWrittenSection(SECTION.problem, "主たる傷病名"),
      section(SECTION.clinicalCourse, "現在の状況", {
        narrative: [
          ...(present(content.currentCondition) ? [field("病状・治療状態", content.currentCondition)] : []),
          ...items.map((item) => field(item.label, item.value ?? "（記載なし）")),
          field("装着・使用医療機器等", devices.length > 0 ? devices.join("、") : "なし"),
        ],
        ...(observations.length > 0 ? { entries: observations } : {}),
      }),
      medications.length > 0
        ? section(SECTION.medication, "投与中の薬剤の用量・用法", {
            narrative: [list(content.medications.map(medicationLine))],
            entries: medications,
          })
        : section(SECTION.medication, "投与中の薬剤の用量・用法", {
            narrative: [paragraph(content.noMedication ? "投薬なし" : "（記載なし）")],
            emptyReason: content.noMedication ? "nilknown" : "unavailable",
          }),
      section(SECTION.clinicalInstruction, "指示事項", {
        narrative: [
          field(content.kind === "special" ? "特別指示期間" : "指示期間", period),
          ...(present(content.specialReason) ? [field("特別指示の理由", content.specialReason)] : []),
          ...instructions.map(([label, text]) => field(label, text)),
        ],
        entries: [order],
      }),
    ],
  });
  const remarks: CompositionSection[] = [
    section(SECTION.remarks, "備考・連絡情報", {
      narrative: [
        ...(doc.station ? [field("訪問看護ステーション", doc.station.name)] : []),
        ...partyNarrative(author.facility, null, author.practitioner),
        field("緊急時の連絡先", content.emergencyContact || "（記載なし）"),
        ...(present(content.whenAbsent) ? [field("不在時の対応法", content.whenAbsent)] : []),
        field("他の訪問看護ステーションへの指示", content.otherStations || "無"),
      ],
    }),
  ];

  const identifierValue = documentIdentifierValue(
    author.facility.code,
    doc.issuedAt,
    doc.draft ? "draft" : doc.documentNumber,
  );
  const composition = documentComposition({
    identifierValue,
    version: 1,
    issuedAt: doc.issuedAt,
    draft: doc.draft,
    type: { ...PLAN_OF_CARE },
    category: {
      system: HOME_CARE_DOCUMENT_SYSTEM,
      code: `visiting-nurse-instruction-${content.kind}`,
      display: title,
    },
    title,
    subject: patient,
    author: [physician, authorOrg],
    custodian: authorOrg,
    ...(content.periodStart
      ? {
          event: {
            period: { start: content.periodStart, ...(content.periodEnd ? { end: content.periodEnd } : {}) },
          },
        }
      : {}),
    section: [structured, ...remarks],
  });
  return b.bundle(composition, { identifierValue, issuedAt: doc.issuedAt });
}
