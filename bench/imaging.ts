// Imaging figures (issue 19): a 300-slice CT (256 x 256, 16-bit) in a real Orthanc,
// read frame by frame as the viewer reads it (WADO-RS, 6 requests at a time, like a
// browser's connections to one origin), through the app's proxy use cases (access
// rule, study signature, rate limit, record cache) beside the same frames read
// from Orthanc's own DICOMweb directly, the floor, in the same run and interleaved
// round by round: direct, ours cold (an empty cache: from the PACS while written
// to disk), ours warm (from disk). Also the time to the first frame (series
// metadata, then the first frame) each way. Prints medians and the ratio; asserts nothing.
// Run: npx tsx bench/imaging.ts   (BENCH_ROUNDS=5, BENCH_SLICES=300, BENCH_CONCURRENCY=6)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { facilities } from "../server/db/schema";
import { startOrthanc } from "../server/demo/pacs/orthanc";
import { cachedSyntheticStudy, storeInOrthanc, studyUidOf } from "../server/demo/pacs/synthetic-studies";
import { ImagingLimiter } from "../server/domain/images/imaging-rate-limit";
import { listImagingStudies } from "../server/domain/images/list-imaging-studies";
import { openImagingFrame, openImagingMetadata } from "../server/domain/images/open-imaging-item";
import { openImagingStudy } from "../server/domain/images/open-imaging-study";
import { RecordCache } from "../server/domain/records/record-cache";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork } from "../tests/helpers/fixtures";
import { quantile } from "./helpers";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLICES = Number(process.env.BENCH_SLICES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
process.env.AUTH_SECRET ??= "bench-imaging-secret-0123456789abcdef012345";
// the bench reads far more than a person would: its own limiter, without limits
(globalThis as Record<symbol, unknown>)[Symbol.for("okinet.imagingLimiter")] = new ImagingLimiter({
  list: { capacity: 1e9, perSecond: 1e9 },
  open: { capacity: 1e9, perSecond: 1e9 },
  item: { capacity: 1e9, perSecond: 1e9 },
});

const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function drain(body: ReadableStream<Uint8Array> | null): Promise<number> {
  if (!body) return 0;
  let bytes = 0;
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
  return bytes;
}

/** Runs `load` for every item, `CONCURRENCY` at a time: total bytes and milliseconds. */
async function loadAll<T>(items: readonly T[], load: (item: T) => Promise<number>) {
  const started = performance.now();
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const got = await load(items[next++]!);
        bytes += got;
      }
    }),
  );
  return { bytes, ms: performance.now() - started };
}

const work = mkdtempSync(path.join(os.tmpdir(), "okinet-bench-imaging-"));
const database = await createTestDatabase("postgres");
const orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
try {
  const study = { facilityCode: "0610000001", localId: "H10001", studyDate: "20260310" };
  const files = await cachedSyntheticStudy(path.join(os.tmpdir(), "okinet-synthetic-studies"), {
    kind: "CT",
    ...study,
    slices: SLICES,
  });
  await storeInOrthanc(orthanc.url, files);
  const n = await createNetwork(database.db);
  await database.db
    .update(facilities)
    .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
    .where(eq(facilities.id, n.facilities.hospital));
  const gp = actor(n, "clinic.gp");
  const patientId = n.patients.shared;
  const listed = await listImagingStudies(database.db, gp, { patientId });
  const ct = listed.studies.find((s) => s.studyUid === studyUidOf({ kind: "CT", ...study }))!;
  const key = { patientId, facilityId: ct.facilityId, studyUid: ct.studyUid, sig: ct.sig };
  const opened = await openImagingStudy(database.db, gp, key);
  const seriesUid = opened.series[0]!.seriesUid;
  const dicomWeb = `${orthanc.dicomWebUrl}/studies/${ct.studyUid}/series/${seriesUid}`;
  const metaRes = await fetch(`${dicomWeb}/metadata`, { headers: { Accept: "application/dicom+json" } });
  const instanceUids = ((await metaRes.json()) as Record<string, { Value: unknown[] }>[])
    .map((d) => ({ uid: String(d["00080018"]!.Value[0]), n: Number(d["00200013"]!.Value[0]) }))
    .sort((a, b) => a.n - b.n)
    .map((i) => i.uid);

  const direct = {
    metadata: async () =>
      drain((await fetch(`${dicomWeb}/metadata`, { headers: { Accept: "application/dicom+json" } })).body),
    frame: async (uid: string) =>
      drain(
        (
          await fetch(`${dicomWeb}/instances/${uid}/frames/1`, {
            headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
          })
        ).body,
      ),
  };
  const ours = (cache: RecordCache) => ({
    metadata: async () =>
      drain((await openImagingMetadata(database.db, gp, { ...key, seriesUid }, cache)).body),
    frame: async (uid: string) =>
      drain(
        (await openImagingFrame(database.db, gp, { ...key, seriesUid, instanceUid: uid, frame: 1 }, cache))
          .body,
      ),
  });
  const firstFrame = async (way: {
    metadata: () => Promise<number>;
    frame: (uid: string) => Promise<number>;
  }) => {
    const started = performance.now();
    await way.metadata();
    await way.frame(instanceUids[0]!);
    return performance.now() - started;
  };

  const figures = { direct: [] as number[], cold: [] as number[], warm: [] as number[] };
  const first = { direct: [] as number[], cold: [] as number[], warm: [] as number[] };
  let seriesBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const cacheDir = path.join(work, `cache-${round}`);
    const cache = new RecordCache({
      dir: cacheDir,
      ttlMs: 3_600_000,
      maxBytes: 200 * 1024 * 1024,
      timeoutMs: 10_000,
    });
    first.direct.push(await firstFrame(direct));
    const d = await loadAll(instanceUids, direct.frame);
    figures.direct.push(d.ms);
    seriesBytes = d.bytes;
    // cold: the first frame and the metadata from the PACS, then the rest of the series
    first.cold.push(await firstFrame(ours(cache)));
    figures.cold.push((await loadAll(instanceUids.slice(1), ours(cache).frame)).ms);
    first.warm.push(await firstFrame(ours(cache)));
    figures.warm.push((await loadAll(instanceUids, ours(cache).frame)).ms);
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const mb = seriesBytes / 1024 / 1024;
  const rate = (msValue: number) => mb / (msValue / 1000);
  const floor = median(figures.direct);
  console.log(
    `imaging: ${SLICES}-slice CT (${mb.toFixed(1)} MB of frames), ${CONCURRENCY} requests at a time, ${ROUNDS} rounds interleaved, medians`,
  );
  console.log(
    `  ${"way".padEnd(26)} ${"series ms".padStart(10)} ${"MB/s".padStart(8)} ${"ratio".padStart(7)} ${"first frame ms".padStart(15)}`,
  );
  const row = (name: string, series: number[], firstMs: number[], frames = SLICES) => {
    // the cold series is timed without its first frame (timed in "first frame"): scaled to the whole series
    const whole = (median(series) * SLICES) / frames;
    console.log(
      `  ${name.padEnd(26)} ${whole.toFixed(0).padStart(10)} ${rate(whole).toFixed(1).padStart(8)} ${(floor / whole).toFixed(2).padStart(7)} ${median(firstMs).toFixed(1).padStart(15)}`,
    );
  };
  row("Orthanc WADO-RS direct", figures.direct, first.direct);
  row("ours, cold (from the PACS)", figures.cold, first.cold, SLICES - 1);
  row("ours, warm (from disk)", figures.warm, first.warm);
  console.log("  ratio: direct time / ours (1.00 = as fast as reading Orthanc directly; above 1 faster)");
} finally {
  await orthanc.stop();
  await database.close();
  rmSync(work, { recursive: true, force: true });
}
