import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  Bundle,
  CarePlan,
  Condition,
  Encounter,
  Goal,
  MedicationRequest,
  Observation,
} from "@medplum/fhirtypes";
import { careDocumentBundle } from "../../server/documents/fhir/care-document-bundle";
import { SECTION } from "../../server/documents/fhir/codes";
import { drawCareDocumentPdf } from "../../server/documents/pdf/care-document-pdf";
import { visitCalendarWeeks } from "../../server/documents/pdf/care-documents/nursing-report-pdf";
import type { CareDocumentContents, CareDocumentKind } from "../../server/model/care-documents/registry";
import type { CareDocumentDocument } from "../../server/model/documents";
import { DischargeInformationContent } from "../../server/model/care-documents/discharge-information";
import { NursingPlanContent } from "../../server/model/care-documents/nursing-plan";
import { NursingReportContent } from "../../server/model/care-documents/nursing-report";
import type { RelatedDocument } from "../../server/model/care-documents/related-document";
import {
  assertDocumentShape,
  assertNarrativesSafe,
  assertReferencesResolve,
  assertValid,
  ofType,
  sectionByCode,
} from "../helpers/fhir-document-checks";
import {
  completeDischargeInformation,
  completeNursingPlan,
  completeNursingReport,
} from "../helpers/home-nursing-content";
import {
  assertNotoSansJpSubsets,
  assertVisibleGlyphsInked,
  labelColumn,
  pdfRenderer,
  squeeze,
} from "../helpers/pdf";
import { sampleReferralLetter } from "../helpers/referral-documents";

const INSTRUCTION_ID = "5d7f7c1e-3c55-4b7a-9c1e-0f2b8f0a9e11";
const letter = sampleReferralLetter();
const instruction: RelatedDocument = {
  field: "instructionId",
  title: "訪問看護指示書",
  documentNumber: "2026-0012",
  facilityCode: letter.referrer.facility.code,
  issuedAt: "2026-11-28T01:00:00.000Z",
  detail: "指示期間 2026年12月1日〜2027年5月31日",
};
const conference: RelatedDocument = {
  field: "conferenceId",
  title: "退院前カンファレンス",
  documentNumber: null,
  facilityCode: null,
  issuedAt: "2026-12-10T05:00:00.000Z",
  detail: "退院前カンファレンス（山田 花子 様）",
};

const render = pdfRenderer();

/** A care document of `kind` from the sample letter's clinic to its hospital, sent, with `related` loaded. */
function documentOf<K extends CareDocumentKind>(
  kind: K,
  content: CareDocumentContents[K],
  related: RelatedDocument[] = [],
): CareDocumentDocument {
  return {
    documentId: "0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f",
    kind,
    documentNumber: "2026-000123",
    issuedAt: "2026-12-20T00:00:00.000Z",
    draft: false,
    author: { facility: letter.referrer.facility, practitioner: letter.referrer.practitioner },
    recipient: { facility: letter.destination.facility, practitioner: null },
    patient: letter.patient,
    dueOn: null,
    reply: null,
    related,
    content,
  } as CareDocumentDocument;
}

/** `labels` down the form's label column in this order, and each of `values` somewhere on the page. */
async function assertPrinted(bytes: Promise<Uint8Array>, labels: string[], values: string[]): Promise<void> {
  const pdf = await render(bytes);
  await assertNotoSansJpSubsets(pdf);
  await assertVisibleGlyphsInked(pdf, 20);
  const column = await labelColumn(pdf);
  let at = -1;
  for (const label of labels) {
    const next = column.indexOf(squeeze(label), at + 1);
    assert.ok(next > at, `${label} down the label column, after the previous one`);
    at = next;
  }
  const text = squeeze(await pdf.text());
  for (const value of values) assert.ok(text.includes(squeeze(value)), `the PDF shows ${value}`);
}

function remarksText(bundle: Bundle): string {
  return sectionByCode(bundle, SECTION.remarks.code)?.text?.div ?? "";
}

describe("訪問看護計画書: PDF and FHIR", () => {
  const content = NursingPlanContent.parse(completeNursingPlan("2026-12", INSTRUCTION_ID));
  it("prints the form's items in its order with the instruction it follows, in embedded Noto Sans JP", async () => {
    await assertPrinted(
      drawCareDocumentPdf(documentOf("nursing_plan", content, [instruction])),
      [
        "計画期間",
        "訪問看護指示書",
        "看護・リハビリテーションの目標",
        "療養上の課題・支援内容",
        "訪問予定",
        "リハビリテーション計画",
        "衛生材料等が必要な処置",
        "備考",
      ],
      [
        "2026年12月",
        "要介護4",
        "文書番号 2026-0012",
        "指示期間 2026年12月1日〜2027年5月31日",
        "仙骨部の褥瘡（d2）",
        "訪問回数 週3回",
        "看護師、理学療法士",
        "ハイドロコロイドドレッシング 10cm×10cm",
        "10枚／月",
      ],
    );
  });
  it("is a CarePlan over the month based on the instruction, with its goal and activities, valid FHIR R4", () => {
    const bundle = careDocumentBundle(documentOf("nursing_plan", content, [instruction]));
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    const [plan] = ofType<CarePlan>(bundle, "CarePlan");
    assert.deepEqual(plan?.period, { start: "2026-12-01", end: "2026-12-31" });
    assert.equal(
      plan?.supportingInfo?.[0]?.identifier?.value,
      `${letter.referrer.facility.code}^2026^2026-0012`,
    );
    assert.equal(ofType<Goal>(bundle, "Goal")[0]?.description.text, content.goals);
    const visits = plan?.activity?.find((a) => a.detail?.scheduledTiming);
    assert.deepEqual(visits?.detail?.scheduledTiming?.repeat, { frequency: 3, period: 1, periodUnit: "wk" });
    assert.equal(plan?.activity?.filter((a) => a.detail?.productCodeableConcept).length, 2, "two supplies");
    assert.match(remarksText(bundle), /訪問看護指示書.*2026-0012/);
  });
  it("exports an empty draft too, valid, with nothing invented", () => {
    const bundle = careDocumentBundle(documentOf("nursing_plan", NursingPlanContent.parse({})));
    assertValid(bundle);
    assertReferencesResolve(bundle);
    assert.equal(ofType(bundle, "Goal").length, 0);
    assert.equal(ofType<CarePlan>(bundle, "CarePlan")[0]?.supportingInfo, undefined);
  });
});

describe("訪問看護報告書: the calendar on paper and in FHIR", () => {
  const content = NursingReportContent.parse(completeNursingReport());
  it("lays December 2026 out from Sunday, each visit day with its marks", () => {
    const weeks = visitCalendarWeeks(content);
    assert.equal(weeks.length, 5);
    assert.deepEqual(weeks[0], ["", "", "1", "2 ○", "3", "4 ○◇", "5"], "1 December 2026 is a Tuesday");
    assert.deepEqual(weeks[1]?.slice(1, 4), ["7 ○", "8", "9 ○×"]);
    assert.equal(weeks.at(-1)?.at(4), "31");
    assert.equal(
      visitCalendarWeeks({ month: "2026-02", visits: [] }).length,
      4,
      "February 2026 starts on a Sunday",
    );
    assert.equal(visitCalendarWeeks({ month: "2027-02", visits: [] }).length, 5);
  });
  it("prints the calendar with its legend and counts, then the course, in embedded Noto Sans JP", async () => {
    await assertPrinted(
      drawCareDocumentPdf(documentOf("nursing_report", content, [instruction])),
      [
        "報告期間",
        "訪問看護指示書",
        "訪問日",
        "病状の経過",
        "看護の内容",
        "リハビリテーションの内容",
        "家庭での介護の状況",
        "衛生材料等の使用状況",
        "衛生材料等の種類・量の変更",
        "特記すべき事項",
      ],
      [
        "4 ○◇",
        "9 ○×",
        "11 ◇",
        "△ 特別訪問看護指示書に基づく訪問",
        "訪問日数 5日（○ 4日　◇ 2日　× 1日）",
        "変更なし",
      ],
    );
  });
  it("makes each visit day a finished home-health Encounter typed by its marks, valid FHIR R4", () => {
    const bundle = careDocumentBundle(documentOf("nursing_report", content, [instruction]));
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    const visits = ofType<Encounter>(bundle, "Encounter");
    assert.deepEqual(
      visits.map((e) => [e.period?.start, e.type?.[0]?.text]),
      [
        ["2026-12-02", "○"],
        ["2026-12-04", "○◇"],
        ["2026-12-07", "○"],
        ["2026-12-09", "○×"],
        ["2026-12-11", "◇"],
      ],
    );
    assert.ok(visits.every((e) => e.status === "finished" && e.class.code === "HH"));
    assert.deepEqual(
      visits[3]?.type?.[0]?.coding?.map((c) => c.code),
      ["visit-nurse", "visit-emergency"],
    );
    const course = sectionByCode(bundle, SECTION.clinicalCourse.code);
    assert.equal(course?.entry?.length, 5);
    assert.match(remarksText(bundle), /衛生材料等の種類・量の変更.*変更なし/);
  });
  it("keeps author's markup as text in every narrative", () => {
    const markup = "<b>家族&介護</b>";
    const bundle = careDocumentBundle(
      documentOf("nursing_report", NursingReportContent.parse(completeNursingReport({ familyCare: markup }))),
    );
    assertNarrativesSafe(bundle, markup, 2);
  });
});

describe("退院・退所情報記録書: PDF and FHIR", () => {
  const content = DischargeInformationContent.parse(completeDischargeInformation());
  it("prints what the care manager needs, in the example form's order, with the conference chosen", async () => {
    await assertPrinted(
      drawCareDocumentPdf(documentOf("discharge_information", content, [conference])),
      [
        "入院（入所）日",
        "入院原因疾患",
        "入院中の経過",
        "現在の医療処置",
        "今後の医学管理",
        "退院時のADL",
        "退院時の処方",
        "退院後の生活に関する意向（本人）",
        "在宅で必要と考えられるサービス",
        "退院時サマリ",
        "退院前カンファレンス",
        "病院の連絡先",
      ],
      [
        "2026年12月15日",
        "誤嚥性肺炎",
        "胃ろう（20Fr",
        "やまだ内科クリニック",
        "一部介助",
        "アムロジピン錠5mg",
        "訪問診療、訪問看護、短期入所",
        "2026年12月10日",
        "地域医療連携室",
        "連携 花子",
        "電話 0238-00-1111",
      ],
    );
  });
  it("carries the stay, diagnoses, ADL and discharge medicines as resources, valid FHIR R4", () => {
    const bundle = careDocumentBundle(documentOf("discharge_information", content, [conference]));
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    const [stay] = ofType<Encounter>(bundle, "Encounter");
    assert.deepEqual(stay?.period, { start: "2026-11-20", end: "2026-12-15" });
    assert.equal(ofType<Condition>(bundle, "Condition")[0]?.code?.coding?.[0]?.code, "J69.0");
    const adl = ofType<Observation>(bundle, "Observation");
    assert.equal(adl.length, 7);
    assert.equal(adl.find((o) => o.code.text === "整容")?.valueCodeableConcept?.text, "一部介助");
    const [medicine] = ofType<MedicationRequest>(bundle, "MedicationRequest");
    assert.equal(medicine?.category?.[0]?.coding?.[0]?.code, "discharge");
    assert.ok(sectionByCode(bundle, SECTION.instructionOnDischarge.code)?.text?.div.includes("短期入所"));
    assert.match(remarksText(bundle), /退院前カンファレンス/);
  });
  it("says 'none' with the empty reason when no medicine is prescribed, and exports an empty draft", () => {
    const none = DischargeInformationContent.parse(
      completeDischargeInformation({ medications: [], noMedication: true }),
    );
    const bundle = careDocumentBundle(documentOf("discharge_information", none));
    assertValid(bundle);
    const medication = sectionByCode(bundle, SECTION.medicationOnDischarge.code);
    assert.equal(medication?.emptyReason?.coding?.[0]?.code, "nilknown");
    const empty = careDocumentBundle(
      documentOf("discharge_information", DischargeInformationContent.parse({})),
    );
    assertValid(empty);
    assertReferencesResolve(empty);
    assert.equal(ofType(empty, "Encounter").length, 0);
  });
});
