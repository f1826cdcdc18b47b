import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MEETING_MINUTES_TITLE,
  REDACTED_CASE,
  renderMeetingMinutesPdf,
} from "../../server/documents/pdf/meeting-minutes-pdf";
import type { MeetingMinutesDocument } from "../../server/model/pathway-meetings";
import {
  assertEveryPageFramed,
  assertNotoSansJpSubsets,
  assertVisibleGlyphsInked,
  pdfRenderer,
  type PdfFile,
  squeeze,
} from "../helpers/pdf";

const render = pdfRenderer();

/**
 * The words right of the form's label column and between the running header and
 * footer, page after page: the sections' content as one text, so that a paragraph
 * broken across pages reads whole (pdftotext alone puts the footer, the next header
 * and the label 症例 n（続き） in between). A4 in points: labels end at x = 124.
 */
async function contentText(pdf: PdfFile): Promise<string> {
  let text = "";
  for (let page = 1; page <= (await pdf.pageCount()); page++) {
    const words = await pdf.words(page);
    text += words
      .filter((w) => w.xMin > 124 && w.yMin > 45 && w.yMax < 800)
      .map((w) => w.text)
      .join("");
  }
  return text;
}

const LONG_DECISION =
  "回復期リハビリテーション病院への転院を調整し、嚥下評価の結果と食形態（全粥・きざみ食、とろみ付き）を転院先へ申し送る。家族への説明は来週の面談で主治医から行い、介護保険の申請状況も確認する";

/** An occurrence on 10 Dec 2026 at 18:30 in Tokyo with `count` cases, every third outside the reader's consent. */
function minutesWith(count: number): MeetingMinutesDocument {
  const caseAt = (position: number): MeetingMinutesDocument["cases"][number] =>
    position % 3 === 2
      ? { position, redacted: true }
      : {
          position,
          redacted: false,
          enrolmentId: `enrolment-${position}`,
          patientId: `patient-${position}`,
          regionalId: `R${String(position).padStart(7, "0")}`,
          name: `連携 太郎${position}`,
          nameKana: "レンケイ タロウ",
          birthDate: "1945-02-03",
          sex: "male",
          pathway: "stroke",
          pathwayName: { ja: "脳卒中地域連携パス", en: "Stroke regional pathway" },
          status: "active",
          currentStage: {
            key: "rehabilitation",
            name: { ja: "回復期", en: "Rehabilitation" },
            facilityName: "南陽リハビリテーション病院",
          },
          reasons: { stageChanged: true, variances: position % 2, added: false },
          decisions: [
            {
              id: `decision-${position}`,
              decision: `${position + 1}件目：${LONG_DECISION}`,
              responsibleFacilityId: "facility",
              responsibleFacilityName: "長井さくら内科クリニック",
              dueOn: position % 2 ? null : "2026-12-24",
            },
          ],
        };
  return {
    meeting: {
      id: "meeting",
      title: "脳卒中地域連携パス会議",
      pathway: { code: "stroke", name: { ja: "脳卒中地域連携パス", en: "Stroke regional pathway" } },
      status: "scheduled",
      location: "",
      organizerFacilityName: "米沢中央病院",
    },
    occurrence: {
      id: "occurrence",
      startsAt: "2026-12-10T09:30:00.000Z",
      endsAt: "2026-12-10T11:00:00.000Z",
      status: "open",
    },
    window: { since: "2026-12-03T09:30:00.000Z", until: "2026-12-10T09:30:00.000Z" },
    attendance: [
      {
        name: "鈴木 由美",
        facilityName: "米沢中央病院",
        firstJoinedAt: "2026-12-10T09:25:00.000Z",
        lastJoinedAt: "2026-12-10T10:02:00.000Z",
      },
    ],
    cases: Array.from({ length: count }, (_, i) => caseAt(i)),
    issuer: { id: "issuer", code: "0610000001", name: "米沢中央病院", address: "", phone: "" },
    printedBy: "鈴木 由美",
    issuedAt: "2026-12-10T11:05:00.000Z",
  };
}

describe("the minutes of a pathway-meeting occurrence as a PDF", () => {
  it("flows many cases onto numbered pages, each framed, long decisions wrapped whole", async () => {
    const pdf = await render(renderMeetingMinutesPdf(minutesWith(24)));
    await assertEveryPageFramed(pdf, [`${MEETING_MINUTES_TITLE} / Minutes`], 3);
    const text = await contentText(pdf);
    for (let position = 0; position < 24; position++) {
      if (position % 3 === 2) continue;
      assert.ok(text.includes(`連携太郎${position}`), `case ${position + 1}`);
      assert.ok(
        text.includes(squeeze(`${position + 1}件目：${LONG_DECISION}`)),
        `decision ${position + 1} whole`,
      );
    }
    assert.equal(
      squeeze(await pdf.text()).split(squeeze(REDACTED_CASE)).length - 1,
      8,
      "one line for each case outside the consent",
    );
    await assertNotoSansJpSubsets(pdf);
    await assertVisibleGlyphsInked(pdf, 20);
  });

  it("shows times in Japan time whatever the server's zone, and says what was not given", async () => {
    const pdf = await render(renderMeetingMinutesPdf(minutesWith(1)));
    const text = squeeze(await pdf.text());
    for (const expected of [
      "2026年12月10日（木）18:30〜20:00（日本時間/JST）",
      "2026年12月10日18:25",
      "2026年12月10日19:02",
      "出力/Printed2026年12月10日（木）20:05",
      "記載なし/Notgiven",
      "開催/Held",
      "2026年12月24日",
      "段階の変更/Stagechanged",
    ]) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
    const info = await pdf.info();
    assert.equal(info.Title, `${MEETING_MINUTES_TITLE}（脳卒中地域連携パス会議）`);
    assert.ok(!JSON.stringify(info).includes("連携 太郎"), "no patient in the metadata");
  });

  it("prints an empty agenda and nobody attending as such", async () => {
    const pdf = await render(renderMeetingMinutesPdf({ ...minutesWith(0), attendance: [] }));
    const text = squeeze(await pdf.text());
    assert.ok(text.includes("議題の症例はありません"));
    assert.ok(text.includes("参加者はいません"));
    assert.equal(await pdf.pageCount(), 1);
  });
});
