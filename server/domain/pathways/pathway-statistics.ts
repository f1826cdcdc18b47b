import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { pathwayEnrolments as e, pathwayStages as s, pathwayVariances as v } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { hasRole, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { isPathwayCoordinator } from "./load-enrolment";
import { VARIANCE_CATEGORY_LABELS, type VarianceCategory } from "./pathway-labels";
import type { Label, PathwayCode, PathwayDefinition } from "../../model/pathway-template";
import { PathwayStatisticsQuery } from "./pathways.schema";
import { PATHWAY_TEMPLATES } from "./templates";
import { auditPathways } from "./pathways-audit";

/**
 * Outcome statistics for the region (地域連携パスの成績): counts, medians and
 * gains computed by the database over a cohort (pathways that started, by the
 * first admission, in a period), never by loading the rows. Aggregates only:
 * no patient identifier leaves this function. Seen by those who run and
 * account for the pathways: coordinators (the liaison offices), facility
 * administrators and the network office.
 */
export function mayViewPathwayStatistics(actor: Actor): boolean {
  return isPathwayCoordinator(actor) || hasRole(actor, "facility_admin") || hasRole(actor, "network_admin");
}

export type StageCount = {
  pathway: PathwayCode;
  stageKey: string;
  /** patients who reached the stage (accepted there) */
  patients: number;
  /** of them, in the stage now */
  inStage: number;
};
export type StageDistribution = {
  pathway: PathwayCode;
  stageKey: string;
  n: number;
  median: number;
  mean: number;
};
export interface PathwayStatistics {
  query: PathwayStatisticsQuery;
  enrolments: { pathway: PathwayCode; status: "active" | "completed" | "withdrawn"; n: number }[];
  stages: StageCount[];
  /** days, admission and discharge both counted, over stages that ended with both dates recorded */
  lengthOfStay: (StageDistribution & { targetDays: number | null })[];
  /** discharge − admission score, within a stage, where both were recorded */
  gains: (StageDistribution & { instrument: "barthel" | "fim" })[];
  dischargeDestinations: { pathway: PathwayCode; stageKey: string; destination: string; n: number }[];
  variances: {
    pathway: PathwayCode;
    stageKey: string;
    category: VarianceCategory;
    n: number;
    patients: number;
    delayDays: number;
  }[];
}

export async function getPathwayStatistics(
  db: Db,
  actor: Actor,
  rawQuery: unknown,
): Promise<PathwayStatistics> {
  const query = parseInput(PathwayStatisticsQuery, rawQuery);
  await requireStatisticsViewer(db, actor, "pathway.statistics_view", query);
  const statistics = await computePathwayStatistics(db, query);
  await auditPathways(db, actor, "pathway.statistics_view", {
    purpose: "administration",
    details: { ...query },
  });
  return statistics;
}

export async function requireStatisticsViewer(
  db: Db,
  actor: Actor,
  action: "pathway.statistics_view" | "pathway.statistics_export",
  query: PathwayStatisticsQuery,
): Promise<void> {
  if (mayViewPathwayStatistics(actor)) return;
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    action,
    purpose: "administration",
    outcome: "denied",
    details: { ...query },
    ip: actor.ip,
  });
  throw new DomainError("FORBIDDEN", msg("pathways.pathwayStatisticsCoordinatorsFacilityAdministrators"));
}

/** The queries themselves (no access check): five aggregate statements over the cohort. */
export async function computePathwayStatistics(
  db: Db,
  query: PathwayStatisticsQuery,
): Promise<PathwayStatistics> {
  const cohort = cohortCondition(query);
  const reached = sql`${s.status} in ('active', 'completed', 'discontinued')`;
  const days = sql`(${s.dischargedOn} - ${s.admittedOn} + 1)`;

  const [enrolments, stages, stays, gains, destinations, variances] = await Promise.all([
    queryRows<{ pathway: PathwayCode; status: "active" | "completed" | "withdrawn"; n: number }>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${e.status} as status, count(*)::int as n
          from ${e} where ${cohort}
          group by 1, 2 order by 1, 2`,
    ),
    queryRows<StageCount & { stageIndex: number }>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${s.stageKey} as "stageKey", min(${s.stageIndex})::int as "stageIndex",
                 count(distinct ${e.patientId})::int as patients,
                 count(*) filter (where ${s.status} = 'active')::int as "inStage"
          from ${s} join ${e} on ${e.id} = ${s.enrolmentId}
          where ${cohort} and ${reached}
          group by 1, 2 order by 1, 3`,
    ),
    queryRows<StageDistribution>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${s.stageKey} as "stageKey", count(*)::int as n,
                 percentile_cont(0.5) within group (order by ${days})::float8 as median,
                 avg(${days})::float8 as mean
          from ${s} join ${e} on ${e.id} = ${s.enrolmentId}
          where ${cohort} and ${s.status} in ('completed', 'discontinued')
            and ${s.admittedOn} is not null and ${s.dischargedOn} is not null
          group by 1, 2, ${s.stageIndex} order by 1, ${s.stageIndex}`,
    ),
    queryRows<StageDistribution & { instrument: "barthel" | "fim" }>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${s.stageKey} as "stageKey", g.instrument, count(*)::int as n,
                 percentile_cont(0.5) within group (order by g.gain)::float8 as median,
                 avg(g.gain)::float8 as mean
          from ${s} join ${e} on ${e.id} = ${s.enrolmentId}
          cross join lateral (values
            ('barthel', (${s.measures}->>'barthel_discharge')::numeric - (${s.measures}->>'barthel_admission')::numeric),
            ('fim', (${s.measures}->>'fim_discharge')::numeric - (${s.measures}->>'fim_admission')::numeric)
          ) as g(instrument, gain)
          where ${cohort} and ${reached} and g.gain is not null
          group by 1, 2, ${s.stageIndex}, 3 order by 1, ${s.stageIndex}, 3`,
    ),
    queryRows<{ pathway: PathwayCode; stageKey: string; destination: string; n: number }>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${s.stageKey} as "stageKey",
                 ${s.measures}->>'discharge_destination' as destination, count(*)::int as n
          from ${s} join ${e} on ${e.id} = ${s.enrolmentId}
          where ${cohort} and ${reached} and ${s.measures}->>'discharge_destination' is not null
          group by 1, 2, ${s.stageIndex}, 3 order by 1, ${s.stageIndex}, 4 desc, 3`,
    ),
    queryRows<PathwayStatistics["variances"][number]>(
      db,
      sql`select ${e.pathwayCode} as pathway, ${s.stageKey} as "stageKey", ${v.category} as category,
                 count(*)::int as n, count(distinct ${v.enrolmentId})::int as patients,
                 coalesce(sum(${v.delayDays}), 0)::int as "delayDays"
          from ${v} join ${s} on ${s.id} = ${v.stageId} join ${e} on ${e.id} = ${v.enrolmentId}
          where ${cohort}
          group by 1, 2, ${s.stageIndex}, 3 order by 1, ${s.stageIndex}, 3`,
    ),
  ]);
  return {
    query,
    enrolments,
    stages: stages.map(({ stageIndex: _index, ...row }) => row),
    lengthOfStay: stays.map((row) => ({
      ...row,
      targetDays: stageOf(row.pathway, row.stageKey)?.targetDays ?? null,
    })),
    gains,
    dischargeDestinations: destinations,
    variances,
  };
}

function cohortCondition(query: PathwayStatisticsQuery): SQL {
  const parts: SQL[] = [sql`true`];
  if (query.pathway) parts.push(sql`${e.pathwayCode} = ${query.pathway}`);
  if (query.from) parts.push(sql`${e.startedOn} >= ${query.from}`);
  if (query.to) parts.push(sql`${e.startedOn} <= ${query.to}`);
  return sql.join(parts, sql` and `);
}

/** Names come from the latest template version in code; stage keys are stable across versions. */
function latestDefinition(code: PathwayCode): PathwayDefinition | undefined {
  return PATHWAY_TEMPLATES.filter((t) => t.code === code).sort((a, b) => b.version - a.version)[0];
}

export function stageOf(code: PathwayCode, stageKey: string) {
  return latestDefinition(code)?.stages.find((st) => st.key === stageKey);
}

export function pathwayLabel(code: PathwayCode): Label {
  return latestDefinition(code)?.name ?? { ja: code, en: code };
}

export function stageLabel(code: PathwayCode, stageKey: string): Label {
  return stageOf(code, stageKey)?.name ?? { ja: stageKey, en: stageKey };
}

export function destinationLabel(code: PathwayCode, destination: string): Label {
  const instrument = latestDefinition(code)?.instruments.discharge_destination;
  const label =
    instrument?.kind === "code" ? instrument.codes.find((c) => c.code === destination)?.label : undefined;
  return label ?? { ja: destination, en: destination };
}

export const varianceLabel = (category: VarianceCategory): Label => VARIANCE_CATEGORY_LABELS[category];
