// Pathway figures over the seeded reference network (18,221 patients) with ten
// years of synthetic pathway data (BENCH_PATHWAYS_PER_YEAR enrolments a year,
// the latest BENCH_ACTIVE_PATHWAYS still on their pathway): the time to build a
// pathway meeting's agenda for one reader (the cases changed since the previous
// occurrence, redacted outside that reader's consent), and the time of the
// regional statistics. Prints medians and p95; asserts nothing.
// Run: npx tsx bench/pathways.ts   (BENCH_BACKEND=postgres|pglite, BENCH_RUNS=50)
import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { openDatabase, queryRows, type Db } from "../server/db/client";
import {
  facilities,
  pathwayEnrolments,
  pathwayEvents,
  pathwayStages,
  pathwayVariances,
  patients,
  practitioners,
} from "../server/db/schema";
import { seedDemoData } from "../server/demo/seed/seed-demo-data";
import { SeededRandom } from "../server/demo/seed/random";
import { buildAgenda, getMeetingAgenda } from "../server/domain/pathway-meetings/meeting-agenda";
import { loadOccurrence } from "../server/domain/pathway-meetings/load-meeting";
import { scheduleMeeting } from "../server/domain/pathway-meetings/schedule-meeting";
import { computePathwayStatistics } from "../server/domain/pathways/pathway-statistics";
import { ensurePathwayTemplates, type PathwayTemplate } from "../server/domain/pathways/pathway-templates";
import { measureKey, type StageMeasures } from "../server/model/pathway-template";
import { createTestDatabase } from "../tests/helpers/db";
import { actorFor, quantile, sampled } from "./helpers";

const BACKEND = process.env.BENCH_BACKEND === "pglite" ? "pglite" : "postgres";
const PER_YEAR = Number(process.env.BENCH_PATHWAYS_PER_YEAR ?? 2_000);
const YEARS = 10;
const ACTIVE = Number(process.env.BENCH_ACTIVE_PATHWAYS ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const DAY = 86_400_000;

type Row<T extends PgTable> = T["$inferInsert"];

const created = await createTestDatabase(BACKEND);
const database =
  BACKEND === "postgres"
    ? await openDatabase({ url: created.url!, relay: "inprocess", poolSize: 5 })
    : created;
const db = database.db;
try {
  let t0 = performance.now();
  await seedDemoData(db);
  console.log(`seeded the reference network (${BACKEND}) in ${(performance.now() - t0).toFixed(0)} ms`);

  t0 = performance.now();
  const counts = await generatePathways(db);
  console.log(
    `wrote ${YEARS} years of pathways in ${(performance.now() - t0).toFixed(0)} ms: ${counts.enrolments} enrolments ` +
      `(${counts.active} active, ${counts.patients} patients), ${counts.stages} stages, ${counts.variances} variances, ${counts.events} history events`,
  );

  // a weekly meeting whose previous occurrence was 7 days ago and whose next is tonight or later
  const coordinator = await actorFor(database, "liaison.suzuki");
  const gp = await actorFor(database, "gp.yamada");
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${today}T09:30:00Z`) - 14 * DAY);
  const meeting = await scheduleMeeting(db, coordinator, {
    title: "地域連携パス会議（週例）",
    startsAt: start.toISOString(),
    rrule: "FREQ=WEEKLY;COUNT=8",
    invitees: [gp.practitionerId],
  });
  const next = meeting.occurrences.find((o) => o.startsAt.getTime() > Date.now())!;
  for (const [label, viewer] of [
    ["coordinator (acute hospital)", coordinator],
    ["GP (clinic)", gp],
  ] as const) {
    const { meeting: m, occurrence } = await loadOccurrence(db, viewer, next.id, "pathway_meeting.view");
    const { times, last: agenda } = await sampled(RUNS, () => buildAgenda(db, viewer, m, occurrence));
    const size = agenda.cases.length;
    const redacted = agenda.cases.filter((c) => c.redacted).length;
    console.log(
      `agenda for the ${label}: ${size} cases (${redacted} redacted) from the week's changes; ` +
        `p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms (${RUNS} runs)`,
    );
  }
  // the coordinator's occurrence page in one domain read: the agenda, the cases to add, the audits
  const page = await sampled(RUNS, () =>
    getMeetingAgenda(db, coordinator, { occurrenceId: next.id }, { managerTools: true }),
  );
  console.log(
    `occurrence page read for the coordinator (agenda ${page.last.cases.length} cases, ${page.last.candidates?.length ?? 0} cases to add, audited): ` +
      `p50 ${quantile(page.times, 0.5).toFixed(1)} ms, p95 ${quantile(page.times, 0.95).toFixed(1)} ms (${RUNS} runs)`,
  );
  const plan = await queryRows<{ "QUERY PLAN": string }>(
    db,
    sql`explain select enrolment_id from pathway_events
        where kind in ('enrolled', 'handover_accepted', 'variance_recorded', 'completed', 'withdrawn')
          and at > ${new Date(Date.now() - 7 * DAY).toISOString()} and at <= ${new Date().toISOString()}`,
  );
  console.log(
    `  the window's range ${plan.some((p) => p["QUERY PLAN"].includes("pathway_events_agenda_idx")) ? "reads the agenda index" : "does NOT use the agenda index"}`,
  );

  for (const [label, query] of [
    ["statistics, all pathways, 10 years", {}],
    ["statistics, stroke, one year", { pathway: "stroke" as const, from: "2025-01-01", to: "2025-12-31" }],
  ] as const) {
    const { times } = await sampled(Math.max(10, Math.round(RUNS / 2)), () =>
      computePathwayStatistics(db, query),
    );
    console.log(
      `${label}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms (${times.length} runs)`,
    );
  }
} finally {
  if (database !== created) await database.close();
  await created.close();
}

/**
 * Ten years of pathways, written in bulk: each enrolment starts on a random day,
 * runs one to four stages at facilities of the right kind with plausible
 * stays, scores and destinations, a few variances, and the history events a
 * real run leaves (dated when they happened). The latest ACTIVE are still in a
 * stage (one per patient and pathway).
 */
async function generatePathways(db: Db) {
  const rng = new SeededRandom(20_260_601);
  const templates = await ensurePathwayTemplates(db);
  const facilityRows = await db.select({ id: facilities.id, kind: facilities.kind }).from(facilities);
  const staff = await db
    .select({ id: practitioners.id, facilityId: practitioners.facilityId })
    .from(practitioners);
  const patientIds = (await db.select({ id: patients.id }).from(patients)).map((p) => p.id);
  const staffAt = new Map<string, string>();
  for (const s of staff) if (!staffAt.has(s.facilityId)) staffAt.set(s.facilityId, s.id);
  const ofKind = (kinds: readonly string[]) =>
    facilityRows.filter((f) => kinds.includes(f.kind) && staffAt.has(f.id));

  const total = PER_YEAR * YEARS;
  const now = Date.now();
  // the finished ones began over the ten years before last year; the ones still on their
  // pathway within the last year (a pathway lasts up to about two years, four stages)
  const starts = [
    ...Array.from({ length: total - ACTIVE }, () => now - rng.int(366, YEARS * 365) * DAY),
    ...Array.from({ length: ACTIVE }, () => now - rng.int(0, 365) * DAY),
  ];
  const activeFrom = total - ACTIVE;
  const activePatients = rng.sample(patientIds, ACTIVE);
  const enrolments: Row<typeof pathwayEnrolments>[] = [];
  const stages: Row<typeof pathwayStages>[] = [];
  const variances: Row<typeof pathwayVariances>[] = [];
  const events: Row<typeof pathwayEvents>[] = [];
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const usedPatients = new Set<string>();

  starts.forEach((startMs, i) => {
    const active = i >= activeFrom;
    const template: PathwayTemplate = rng.chance(0.6)
      ? templates.find((t) => t.code === "stroke")!
      : templates.find((t) => t.code === "hip_fracture")!;
    const patientId = active ? activePatients[i - activeFrom]! : rng.pick(patientIds);
    usedPatients.add(patientId);
    const id = rng.uuid();
    const reach = active ? 4 : rng.weighted([1, 2, 3, 4], [3, 4, 2, 1]);
    let day = startMs;
    let lastStage: string | null = null;
    let lastFacility: string | null = null;
    const firstActor = { id: "", facilityId: "" };
    for (let s = 0; s < reach; s++) {
      const definition = template.definition.stages[s]!;
      const facility = rng.pick(ofKind(definition.ownerKinds));
      const actorId = staffAt.get(facility.id)!;
      if (s === 0) Object.assign(firstActor, { id: actorId, facilityId: facility.id });
      const stageId = rng.uuid();
      const stays = Math.max(2, Math.round(definition.targetDays * (0.6 + rng.next() * 0.9)));
      const admitted = day;
      // an active pathway is in the stage that is running today (the last one runs on)
      const current = active && (s === reach - 1 || admitted + (stays - 1) * DAY >= now);
      // a finished pathway ended at least a month ago (those that would run on are cut short there)
      const discharged = current
        ? null
        : Math.min(admitted + (stays - 1) * DAY, now - (active ? 1 : 30) * DAY);
      const measures: StageMeasures = {};
      for (const m of definition.measures) {
        const instrument = template.definition.instruments[m.instrument]!;
        if (current && m.timepoint !== "admission" && m.timepoint !== "pre_injury") continue;
        if (instrument.kind === "integer") {
          const steps = (instrument.max - instrument.min) / instrument.step;
          measures[measureKey(m)] = instrument.min + rng.int(0, steps) * instrument.step;
        } else if (instrument.kind === "code") measures[measureKey(m)] = rng.pick(instrument.codes).code;
        else if (instrument.kind === "boolean") measures[measureKey(m)] = rng.chance(0.5);
        else measures[measureKey(m)] = iso(admitted + DAY);
      }
      // the gain is measured on the same patient: discharge scores at or above admission mostly
      for (const scale of ["barthel", "fim"]) {
        const a = measures[`${scale}_admission`];
        const d = measures[`${scale}_discharge`];
        if (typeof a === "number" && typeof d === "number" && d < a && rng.chance(0.8)) {
          measures[`${scale}_discharge`] = a;
          measures[`${scale}_admission`] = d;
        }
      }
      stages.push({
        id: stageId,
        enrolmentId: id,
        stageKey: definition.key,
        stageIndex: s,
        facilityId: facility.id,
        status: current ? "active" : "completed",
        admittedOn: iso(admitted),
        dischargedOn: discharged === null ? null : iso(discharged),
        measures,
        requestedBy: s > 0 ? actorId : null,
        requestedAt: s > 0 ? new Date(admitted - 3 * DAY) : null,
        answeredBy: s > 0 ? actorId : null,
        answeredAt: s > 0 ? new Date(admitted) : null,
      });
      const at = (ms: number) => new Date(Math.min(ms + 10 * 3_600_000, now));
      const event = (
        kind: Row<typeof pathwayEvents>["kind"],
        ms: number,
        details: Record<string, unknown> = {},
      ) =>
        events.push({
          enrolmentId: id,
          patientId,
          stageId,
          kind,
          actorId,
          actorFacilityId: facility.id,
          details,
          at: at(ms),
        });
      if (s === 0) event("enrolled", admitted, { stageKey: definition.key });
      else {
        event("handover_requested", admitted - 3 * DAY, { toStageKey: definition.key });
        event("handover_accepted", admitted, { stageKey: definition.key });
      }
      event("measures_recorded", Math.min(admitted + DAY, now), { stageKey: definition.key });
      for (let v = rng.weighted([0, 1, 2], [6, 3, 1]); v > 0; v--) {
        const occurred = admitted + rng.int(0, Math.max(0, stays - 1)) * DAY;
        if (occurred > now) continue;
        const varianceId = rng.uuid();
        variances.push({
          id: varianceId,
          enrolmentId: id,
          stageId,
          category: rng.weighted(["patient", "care_team", "system"] as const, [5, 2, 3]),
          occurredOn: iso(occurred),
          description: "計画からの逸脱",
          delayDays: rng.chance(0.5) ? rng.int(1, 14) : null,
          recordedBy: actorId,
          recordedByFacilityId: facility.id,
          recordedAt: at(occurred),
        });
        event("variance_recorded", occurred, { varianceId });
      }
      lastStage = stageId;
      lastFacility = facility.id;
      day = discharged ?? day;
      if (current || day >= now - 30 * DAY) break;
    }
    const status = active ? "active" : rng.chance(0.9) ? "completed" : "withdrawn";
    if (!active) {
      events.push({
        enrolmentId: id,
        patientId,
        stageId: lastStage,
        kind: status === "completed" ? "completed" : "withdrawn",
        actorId: staffAt.get(lastFacility!)!,
        actorFacilityId: lastFacility!,
        details: {},
        at: new Date(Math.min(day + 11 * 3_600_000, now)),
      });
    }
    enrolments.push({
      id,
      templateId: template.id,
      pathwayCode: template.code,
      patientId,
      status,
      startedOn: iso(startMs),
      currentStageId: active ? lastStage : null,
      currentFacilityId: active ? lastFacility : null,
      enrolledBy: firstActor.id,
      enrolledFacilityId: firstActor.facilityId,
      endedOn: active ? null : iso(day),
      withdrawReason: status === "withdrawn" ? "condition_changed" : null,
    });
  });
  await insertInChunks(db, pathwayEnrolments, enrolments);
  await insertInChunks(db, pathwayStages, stages);
  await insertInChunks(db, pathwayVariances, variances);
  await insertInChunks(db, pathwayEvents, events);
  await db.execute(sql`analyze`);
  return {
    enrolments: enrolments.length,
    active: ACTIVE,
    patients: usedPatients.size,
    stages: stages.length,
    variances: variances.length,
    events: events.length,
  };
}

async function insertInChunks<T extends PgTable>(db: Db, table: T, rows: Row<T>[]) {
  const perInsert = Math.floor(60_000 / Object.keys(getTableColumns(table)).length);
  for (let i = 0; i < rows.length; i += perInsert)
    await db.insert(table).values(rows.slice(i, i + perInsert));
}
