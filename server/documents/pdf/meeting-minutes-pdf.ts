import type { MeetingMinutesDocument, MinutesCase } from "../../model/pathway-meetings";
import { wallTimeIn } from "../../model/zoned-time";
import type { Label } from "../../model/pathway-template";
import { DISPLAY_TIME_ZONE, formatDate, parseDate } from "./format";
import { DocumentLayout, colors, type Block, type FieldContent } from "./layout";
import { renderOffThread } from "./off-thread";
import { WIDE_SPACE } from "./document-parts";

export const MEETING_MINUTES_TITLE = "パス会議 議事録";
export const MEETING_MINUTES_SUBTITLE = "Minutes";
/** The one line a case outside the reader's consent leaves: its place on the agenda, nothing of who or why. */
export const REDACTED_CASE = "同意の範囲外のため非表示 / Hidden: outside the patient's consent";

/** A label of the form's label column: Japanese above English. */
const both = (ja: string, en: string) => `${ja}\n${en}`;
const inline = (ja: string, en: string) => `${ja} / ${en}`;
const bilingual = (label: Label) => (label.ja === label.en ? label.ja : inline(label.ja, label.en));

const NOT_GIVEN = inline("記載なし", "Not given");
const NO_DUE = inline("期限なし", "No due date");

const OCCURRENCE_STATUS: Record<MeetingMinutesDocument["occurrence"]["status"], string> = {
  scheduled: inline("予定（未開催）", "Scheduled"),
  /** the room was opened: the meeting is, or was, held */
  open: inline("開催", "Held"),
  cancelled: inline("この回は中止", "Cancelled"),
};

const CASE_STATUS: Record<string, string> = {
  active: inline("実施中", "Active"),
  completed: inline("完了", "Completed"),
  withdrawn: inline("中止", "Withdrawn"),
};

const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"];
const pad = (n: number) => String(n).padStart(2, "0");

/** 2026年12月10日（木） in Tokyo, whatever the server's zone. */
function tokyoDay(iso: string): string {
  const w = wallTimeIn(new Date(iso), DISPLAY_TIME_ZONE);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()];
  return `${formatDate(w, { era: false })}（${weekday}）`;
}

/** 18:30 in Tokyo. */
function tokyoTime(iso: string): string {
  const w = wallTimeIn(new Date(iso), DISPLAY_TIME_ZONE);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** 2026年12月10日（木） 18:30 in Tokyo. */
const tokyoDateTime = (iso: string) => `${tokyoDay(iso)} ${tokyoTime(iso)}`;

/** 2026年12月10日 18:30 in Tokyo: for table cells. */
const tokyoMoment = (iso: string) =>
  `${formatDate(wallTimeIn(new Date(iso), DISPLAY_TIME_ZONE), { era: false })} ${tokyoTime(iso)}`;

/**
 * 議事録 of one pathway-meeting occurrence as a PDF, for one reader, in the
 * layout of the other clinical documents: the meeting (when in Japan time,
 * where, who organized it, its status, who printed it when), who attended,
 * then each case on the agenda with why it is there and what was decided. A
 * case outside the reader's consent is one grey line.
 */
export function renderMeetingMinutesPdf(doc: MeetingMinutesDocument): Promise<Uint8Array> {
  return renderOffThread("meetingMinutes", doc, () => drawMeetingMinutesPdf(doc));
}

/** The same, drawn in this thread (the PDF worker's job). */
export async function drawMeetingMinutesPdf(doc: MeetingMinutesDocument): Promise<Uint8Array> {
  const { meeting, occurrence, issuer } = doc;
  const day = tokyoDay(occurrence.startsAt);
  const when = `${day} ${tokyoTime(occurrence.startsAt)}〜${tokyoTime(occurrence.endsAt)}`;
  const pathway = meeting.pathway
    ? bilingual(meeting.pathway.name)
    : inline("脳卒中・大腿骨頸部骨折", "Stroke and hip fracture");
  const layout = await DocumentLayout.create({
    title: `${MEETING_MINUTES_TITLE} / ${MEETING_MINUTES_SUBTITLE}`,
    subject: `${meeting.title}${WIDE_SPACE}${day}`,
    footer: `出力 / Printed by ${issuer.name}${WIDE_SPACE}${tokyoDateTime(doc.issuedAt)}`,
    draft: false,
    // No patient in the metadata: file lists and search indexes show it.
    metadata: {
      title: `${MEETING_MINUTES_TITLE}（${meeting.title}）`,
      author: issuer.name,
      subject: `${pathway} ${day}`,
      createdAt: new Date(doc.issuedAt),
    },
  });

  layout.flow([
    { kind: "title", text: MEETING_MINUTES_TITLE, subtitle: MEETING_MINUTES_SUBTITLE },
    {
      kind: "text",
      text: `出力 / Printed ${tokyoDateTime(doc.issuedAt)}（日本時間 / JST）`,
      style: { size: 9, align: "right" },
    },
    {
      kind: "text",
      text: `${issuer.name}${WIDE_SPACE}${doc.printedBy}`,
      style: { size: 8.5, align: "right", color: colors.muted },
    },
    { kind: "space", height: 6 },
  ]);
  const status =
    meeting.status === "cancelled"
      ? `${OCCURRENCE_STATUS[occurrence.status]}\n${inline("会議は中止されました", "The meeting was cancelled")}`
      : OCCURRENCE_STATUS[occurrence.status];
  layout.fields([
    [{ label: both("会議名", "Meeting"), content: meeting.title }],
    [{ label: both("日時", "Date and time"), content: `${when}（日本時間 / JST）` }],
    [
      { label: both("パス", "Pathway"), content: pathway },
      { label: both("状態", "Status"), content: status },
    ],
    [
      { label: both("場所", "Place"), content: meeting.location || NOT_GIVEN },
      { label: both("主催施設", "Organizer"), content: meeting.organizerFacilityName },
    ],
    [
      {
        label: both("議題の対象期間", "Agenda window"),
        content: `${tokyoDateTime(doc.window.since)} 〜 ${tokyoDateTime(doc.window.until)} の変化から作成 / Built from the changes in this period`,
      },
    ],
  ]);
  layout.section(both("出席者", "Attendance"), attendance(doc.attendance));
  if (doc.cases.length === 0) {
    layout.section(both("議題", "Agenda"), inline("議題の症例はありません", "No cases on the agenda"));
  }
  for (const c of doc.cases) {
    const label = both(`症例 ${c.position + 1}`, `Case ${c.position + 1}`);
    if (c.redacted) {
      layout.section(label, [{ kind: "text", text: REDACTED_CASE, style: { color: colors.muted } }]);
    } else {
      layout.section(label, caseContent(c));
    }
  }
  return layout.finish();
}

function attendance(rows: MeetingMinutesDocument["attendance"]): FieldContent {
  if (rows.length === 0) return inline("参加者はいません", "Nobody joined");
  return [
    {
      kind: "table",
      columns: [
        { header: both("氏名", "Name"), weight: 1 },
        { header: both("施設", "Facility"), weight: 1.4 },
        { header: both("最初の参加", "First joined"), weight: 1.3 },
        { header: both("最後の参加", "Last joined"), weight: 1.3 },
      ],
      rows: rows.map((a) => [
        a.name,
        a.facilityName,
        tokyoMoment(a.firstJoinedAt),
        tokyoMoment(a.lastJoinedAt),
      ]),
    },
  ];
}

function caseContent(c: MinutesCase): Block[] {
  const stage = c.currentStage
    ? `${inline("現在の段階", "Current stage")}: ${bilingual(c.currentStage.name)}${c.currentStage.facilityName ? `（${c.currentStage.facilityName}）` : ""}`
    : inline("パス終了", "Pathway ended");
  const reasons = [
    c.reasons.stageChanged ? inline("段階の変更", "Stage changed") : null,
    c.reasons.variances > 0
      ? inline(
          `逸脱 ${c.reasons.variances}件`,
          `${c.reasons.variances} variance${c.reasons.variances === 1 ? "" : "s"}`,
        )
      : null,
    c.reasons.added ? inline("追加", "Added by the coordinator") : null,
  ].filter((r): r is string => r !== null);
  const blocks: Block[] = [
    { kind: "text", text: `${c.nameKana}`, style: { size: 8, color: colors.muted } },
    { kind: "text", text: c.name, style: { size: 12, bold: true } },
    {
      kind: "text",
      text: `${inline("地域ID", "Regional ID")}: ${c.regionalId}`,
      style: { size: 9 },
    },
    {
      kind: "text",
      text: `${bilingual(c.pathwayName)}（${CASE_STATUS[c.status] ?? c.status}）\n${stage}`,
      style: { size: 9 },
    },
    {
      kind: "text",
      text: `${inline("議題の理由", "On the agenda for")}: ${reasons.join("、") || NOT_GIVEN}`,
      style: { size: 9 },
    },
    { kind: "space", height: 3 },
  ];
  if (c.decisions.length === 0) {
    blocks.push({
      kind: "text",
      text: inline("決定事項なし", "No decisions"),
      style: { size: 9, color: colors.muted },
    });
    return blocks;
  }
  // Each decision a paragraph of the full width, its facility and due date below it, rather
  // than table columns: a long decision then reads (and extracts, and copies) in one piece.
  blocks.push({ kind: "text", text: inline("決定事項", "Decisions"), style: { size: 8.5, bold: true } });
  c.decisions.forEach((d, i) => {
    const due = d.dueOn ? formatDate(parseDate(d.dueOn), { era: false }) : NO_DUE;
    blocks.push(
      { kind: "text", text: `${i + 1}. ${d.decision}`, style: { size: 9.5, lineHeight: 1.4 } },
      {
        kind: "text",
        text: `${inline("担当施設", "Responsible facility")}: ${d.responsibleFacilityName}${WIDE_SPACE}${inline("期限", "Due")}: ${due}`,
        style: { size: 8.5, color: colors.muted },
      },
    );
  });
  return blocks;
}
