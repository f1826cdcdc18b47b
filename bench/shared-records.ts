// Shared-record figures on the real PostgreSQL (Neon driver + relay): the
// timeline of a patient with records at five facilities, one of them too slow
// (it drips bytes past the deadline), and a 50 MB image fetched through the
// on-disk cache, cold (from the facility while written to disk) and warm (from
// disk). Everything goes through the use cases (consent check, audit). Prints
// medians and p95; asserts nothing.
// Run: npx tsx bench/shared-records.ts   (BENCH_RUNS=30, BENCH_IMAGE_MB=50, BENCH_IMAGE_RUNS=5)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { facilities, patientLocalIds } from "../server/db/schema";
import { startDemoRecordServer } from "../server/demo/records/demo-record-server";
import { seededPatientLookup } from "../server/demo/records/seeded-patients";
import { demoRecordUrls } from "../server/demo/records/urls";
import { addConsentFacility } from "../server/domain/consent/add-consent-facility";
import {
  getRecordTimeline,
  mergeTimelines,
  openRecordTimeline,
} from "../server/domain/records/get-record-timeline";
import { openRecordItem } from "../server/domain/records/open-record-item";
import { RecordCache } from "../server/domain/records/record-cache";
import type { RecordSettings } from "../server/domain/records/records.schema";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork, tinyPdf } from "../tests/helpers/fixtures";
import { startFakeFacility } from "../tests/helpers/record-servers";
import { quantile } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const IMAGE_MB = Number(process.env.BENCH_IMAGE_MB ?? 50);
const IMAGE_RUNS = Number(process.env.BENCH_IMAGE_RUNS ?? 5);
const settings: RecordSettings = {
  fetchTimeoutMs: Number(process.env.RECORD_FETCH_TIMEOUT_MS ?? 4000),
  fetchMaxBytes: 2 * 1024 * 1024,
};
process.env.AUTH_SECRET ??= "bench-shared-records-secret-0123456789abcdef";

const ms = (v: number) => `${v.toFixed(0)} ms`;
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

const database = await createTestDatabase("postgres");
const demo = await startDemoRecordServer({
  imageBytes: IMAGE_MB * 1024 * 1024,
  knows: seededPatientLookup(database.db),
});
const slow = await startFakeFacility("slow_drip");
const cacheRoot = mkdtempSync(path.join(os.tmpdir(), "okinet-bench-records-"));
try {
  const n = await createNetwork(database.db);
  const patientId = n.patients.shared;
  const gp = actor(n, "clinic.gp");

  // the hospital (local ID H10001) and three more on the demo server, and the slow one
  await database.db
    .update(facilities)
    .set({
      recordSystemUrl: demoRecordUrls(demo.url, "0610000001").viewer,
      recordFhirBaseUrl: demoRecordUrls(demo.url, "0610000001").fhirBase,
    })
    .where(eq(facilities.id, n.facilities.hospital));
  const added: string[] = [];
  for (const [i, base] of [
    demoRecordUrls(demo.url, "0610000201").fhirBase,
    demoRecordUrls(demo.url, "0610000202").fhirBase,
    demoRecordUrls(demo.url, "0610000203").fhirBase,
    slow.fhirBase,
  ].entries()) {
    const code = `061000020${i + 1}`;
    const [row] = await database.db
      .insert(facilities)
      .values({
        code,
        name: `病院${i + 1}`,
        nameKana: "ビョウイン",
        kind: "hospital",
        role: "disclosing",
        recordFhirBaseUrl: base,
      })
      .returning({ id: facilities.id });
    await database.db.insert(patientLocalIds).values({ patientId, facilityId: row!.id, localId: `B${i}` });
    added.push(row!.id);
  }
  await addConsentFacility(database.db, actor(n, "hosp.clerk"), {
    consentId: n.consents.shared,
    effectiveOn: "2025-03-01",
    facilityIds: added,
    document: { fileName: "add.pdf", bytes: tinyPdf() },
  });

  // 1. timeline latency, five facilities, one beyond the deadline
  const total: number[] = [];
  const goodFacilities: number[] = [];
  let entries = 0;
  await getRecordTimeline(database.db, gp, { patientId }, settings); // warm-up (connections, JIT)
  // when the good facilities' records are all in, merged (the slow one lands later, on its own); the
  // patient page shows them then, or after 1 s at most if some facility is still answering
  const firstRecords: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const stream = await openRecordTimeline(database.db, gp, { patientId }, settings);
    const parts = [...stream.facilities.values()].map((f) =>
      f.part.then((part) => ({ part, at: performance.now() - t0 })),
    );
    const answered = await Promise.all(parts);
    total.push(performance.now() - t0);
    const good = answered.filter((a) => a.part.facilities[0]!.status === "ok");
    firstRecords.push(Math.max(...good.map((a) => a.at)));
    const timeline = mergeTimelines(
      patientId,
      answered.map((a) => a.part),
    );
    entries = timeline.entries.length;
    for (const f of timeline.facilities) if (f.status === "ok") goodFacilities.push(f.elapsedMs);
    await stream.audited;
  }
  firstRecords.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  goodFacilities.sort((a, b) => a - b);
  console.log(
    `timeline, 5 facilities (1 slow, deadline ${settings.fetchTimeoutMs} ms), ${RUNS} runs, ${entries} entries:`,
  );
  console.log(
    `  good facilities' records all in, merged         p50 ${ms(quantile(firstRecords, 0.5))}  p95 ${ms(quantile(firstRecords, 0.95))}`,
  );
  console.log(
    `  whole timeline, the slow one given up            p50 ${ms(quantile(total, 0.5))}  p95 ${ms(quantile(total, 0.95))}`,
  );
  console.log(
    `  each good facility p50 ${ms(quantile(goodFacilities, 0.5))}  p95 ${ms(quantile(goodFacilities, 0.95))}`,
  );

  // 2. a large image through the cache
  const timeline = await getRecordTimeline(database.db, gp, { patientId }, settings);
  const image = timeline.entries.find((e) => e.kind === "imaging" && e.facilityId === n.facilities.hospital)!
    .attachments[0]!;
  const item = { patientId, facilityId: n.facilities.hospital, url: image.url, sig: image.sig };
  const measure = async (cache: RecordCache) => {
    const t0 = performance.now();
    const opened = await openRecordItem(database.db, gp, item, cache);
    const reader = opened.body.getReader();
    let first = 0;
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (bytes === 0) first = performance.now() - t0;
      bytes += r.value.byteLength;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { source: opened.source, ttfb: first, mbps: bytes / 1024 / 1024 / seconds, bytes };
  };
  const cold: Awaited<ReturnType<typeof measure>>[] = [];
  const warm: Awaited<ReturnType<typeof measure>>[] = [];
  for (let i = 0; i < IMAGE_RUNS; i++) {
    const cache = new RecordCache({
      dir: path.join(cacheRoot, `run-${i}`),
      ttlMs: 3_600_000,
      maxBytes: 512 * 1024 * 1024,
      timeoutMs: settings.fetchTimeoutMs,
    });
    cold.push(await measure(cache));
    warm.push(await measure(cache));
    rmSync(path.join(cacheRoot, `run-${i}`), { recursive: true, force: true });
  }
  const size = (cold[0]!.bytes / 1024 / 1024).toFixed(1);
  console.log(`image of ${size} MB through the cache, medians of ${IMAGE_RUNS} runs:`);
  for (const [label, runs] of [
    ["cold (facility -> disk -> reader)", cold],
    ["warm (disk -> reader)", warm],
  ] as const) {
    if (runs.some((r) => r.source !== (label.startsWith("cold") ? "upstream" : "disk"))) {
      console.log(`  (unexpected source in ${label}: ${runs.map((r) => r.source).join(",")})`);
    }
    console.log(
      `  ${label.padEnd(34)} first byte ${ms(median(runs.map((r) => r.ttfb)))}  throughput ${median(runs.map((r) => r.mbps)).toFixed(0)} MB/s`,
    );
  }
} finally {
  await slow.close();
  await demo.close();
  await database.close();
  rmSync(cacheRoot, { recursive: true, force: true });
}
