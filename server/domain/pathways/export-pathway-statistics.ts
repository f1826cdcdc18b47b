import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  computePathwayStatistics,
  destinationLabel,
  pathwayLabel,
  requireStatisticsViewer,
  stageLabel,
  varianceLabel,
  type PathwayStatistics,
} from "./pathway-statistics";
import { PathwayStatisticsQuery } from "./pathways.schema";
import { auditPathways } from "./pathways-audit";

const ENROLMENT_STATUS = { active: "実施中", completed: "完了", withdrawn: "中止" } as const;

export const STATISTICS_CSV_HEADER = [
  "指標 / metric",
  "パス / pathway",
  "段階 / stage",
  "区分 / category",
  "件数 / n",
  "値 / value",
];

/**
 * The region's pathway statistics as one CSV table (RFC 4180: CRLF, quoted
 * where needed), UTF-8 with a byte-order mark so Excel in Japan opens it
 * without garbling; one row per figure, in long form for pivot tables.
 */
export async function exportPathwayStatisticsCsv(db: Db, actor: Actor, rawQuery: unknown) {
  const query = parseInput(PathwayStatisticsQuery, rawQuery);
  await requireStatisticsViewer(db, actor, "pathway.statistics_export", query);
  const statistics = await computePathwayStatistics(db, query);
  await auditPathways(db, actor, "pathway.statistics_export", {
    purpose: "administration",
    details: { ...query, format: "csv" },
  });
  const period = `${query.from ?? "start"}_${query.to ?? "today"}`;
  return {
    fileName: `pathway-statistics_${query.pathway ?? "all"}_${period}.csv`,
    mediaType: "text/csv; charset=utf-8",
    text: toCsv([STATISTICS_CSV_HEADER, ...statisticsRows(statistics)]),
  };
}

type Cell = string | number | null;

export function statisticsRows(st: PathwayStatistics): Cell[][] {
  const round = (x: number) => Math.round(x * 10) / 10;
  return [
    ...st.enrolments.map((r) => [
      "登録数 / enrolments",
      pathwayLabel(r.pathway).ja,
      "",
      ENROLMENT_STATUS[r.status],
      r.n,
      null,
    ]),
    ...st.stages.map((r) => [
      "到達患者数 / patients reaching the stage",
      pathwayLabel(r.pathway).ja,
      stageLabel(r.pathway, r.stageKey).ja,
      "",
      r.patients,
      null,
    ]),
    ...st.stages.map((r) => [
      "現在この段階 / in the stage now",
      pathwayLabel(r.pathway).ja,
      stageLabel(r.pathway, r.stageKey).ja,
      "",
      r.inStage,
      null,
    ]),
    ...st.lengthOfStay.flatMap((r) => [
      [
        "在院日数 中央値 / median length of stay (days)",
        pathwayLabel(r.pathway).ja,
        stageLabel(r.pathway, r.stageKey).ja,
        r.targetDays === null ? "" : `目標 ${r.targetDays}日`,
        r.n,
        round(r.median),
      ],
      [
        "在院日数 平均 / mean length of stay (days)",
        pathwayLabel(r.pathway).ja,
        stageLabel(r.pathway, r.stageKey).ja,
        "",
        r.n,
        round(r.mean),
      ],
    ]),
    ...st.gains.flatMap((r) => {
      const name = r.instrument === "barthel" ? "Barthel Index" : "FIM";
      return [
        [
          `${name} 利得 中央値 / median ${name} gain`,
          pathwayLabel(r.pathway).ja,
          stageLabel(r.pathway, r.stageKey).ja,
          "",
          r.n,
          round(r.median),
        ],
        [
          `${name} 利得 平均 / mean ${name} gain`,
          pathwayLabel(r.pathway).ja,
          stageLabel(r.pathway, r.stageKey).ja,
          "",
          r.n,
          round(r.mean),
        ],
      ];
    }),
    ...st.dischargeDestinations.map((r) => [
      "退院先 / discharge destination",
      pathwayLabel(r.pathway).ja,
      stageLabel(r.pathway, r.stageKey).ja,
      destinationLabel(r.pathway, r.destination).ja,
      r.n,
      null,
    ]),
    ...st.variances.map((r) => [
      "バリアンス件数 / variances",
      pathwayLabel(r.pathway).ja,
      stageLabel(r.pathway, r.stageKey).ja,
      varianceLabel(r.category).ja,
      r.n,
      r.delayDays,
    ]),
  ];
}

/**
 * RFC 4180 text with a UTF-8 byte-order mark. A text cell that a spreadsheet
 * would run as a formula (=, +, -, @ first) is prefixed with an apostrophe;
 * numbers are written as numbers, negative gains included.
 */
export function toCsv(rows: Cell[][]): string {
  const cell = (value: Cell): string => {
    if (value === null) return "";
    if (typeof value === "number") return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
