// Imaging figures (issue 19): a 300-slice CT (256 x 256, 16-bit) in a real Orthanc,
// read frame by frame as the viewer reads it (WADO-RS, 6 requests at a time, like a
// browser's connections to one origin), through the app's proxy use cases (access
// rule, study signature, rate limit, record cache) beside the same frames read
// from Orthanc's own DICOMweb directly, the floor, in the same run and interleaved
// round by round: direct, ours cold (an empty cache: from the PACS while written
// to disk), ours warm (from disk). Also the time to the first frame (series
// metadata, then the first frame) each way. Prints medians and the ratio; asserts nothing.
// The proxy's cold path is timed twice: after the study's opening granted it (the
// viewer's way: the frames checked against the grant, imaging-grants.ts) and with
// no grant held (a grant lasting 0 ms: the full access rule on every frame, as
// before grants). The same is done for the series' JPEG-LS lossless copy
// (compressed-series.ts, transcoded by Orthanc), the first image of a compressed
// series: its bytes as the browser gets them, before its WebAssembly decode.
// The aims of issue 19 are printed beside the figures: the proxy at >= 80% of
// direct throughput, the first image <= 1 s warm on loopback.
// Run: npx tsx bench/imaging.ts   (BENCH_ROUNDS=5, BENCH_SLICES=300, BENCH_CONCURRENCY=6)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { facilities } from "../server/db/schema";
import { startOrthanc } from "../server/demo/pacs/orthanc";
import { cachedSyntheticStudy, storeInOrthanc, studyUidOf } from "../server/demo/pacs/synthetic-studies";
import { storeCompressedCopy } from "../server/demo/pacs/compressed-series";
import { ImagingGrants } from "../server/domain/images/imaging-grants";
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
  // the JPEG-LS copy, transcoded by Orthanc from the stored series (stored once per PACS folder)
  const compressedStarted = performance.now();
  const compressedUid = await storeCompressedCopy(orthanc.url, { kind: "CT", ...study });
  const compressedMs = performance.now() - compressedStarted;
  const opened = await openImagingStudy(database.db, gp, key);
  const instancesOf = async (seriesUid: string) => {
    const url = `${orthanc.dicomWebUrl}/studies/${ct.studyUid}/series/${seriesUid}/metadata`;
    const res = await fetch(url, { headers: { Accept: "application/dicom+json" } });
    return ((await res.json()) as Record<string, { Value: unknown[] }>[])
      .map((d) => ({ uid: String(d["00080018"]!.Value[0]), n: Number(d["00200013"]!.Value[0]) }))
      .sort((a, b) => a.n - b.n)
      .map((i) => i.uid);
  };

  interface Way {
    metadata: () => Promise<number>;
    frame: (uid: string) => Promise<number>;
  }
  const direct = (seriesUid: string): Way => {
    const dicomWeb = `${orthanc.dicomWebUrl}/studies/${ct.studyUid}/series/${seriesUid}`;
    return {
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
  };
  const ours = (seriesUid: string, cache: RecordCache, grants: ImagingGrants): Way => ({
    metadata: async () =>
      drain((await openImagingMetadata(database.db, gp, { ...key, seriesUid }, cache, grants)).body),
    frame: async (uid: string) =>
      drain(
        (
          await openImagingFrame(
            database.db,
            gp,
            { ...key, seriesUid, instanceUid: uid, frame: 1 },
            cache,
            grants,
          )
        ).body,
      ),
  });
  const firstFrame = async (way: Way, firstUid: string) => {
    const started = performance.now();
    await way.metadata();
    await way.frame(firstUid);
    return performance.now() - started;
  };
  const newCache = (dir: string) =>
    new RecordCache({ dir, ttlMs: 3_600_000, maxBytes: 400 * 1024 * 1024, timeoutMs: 10_000 });

  const WAYS = [
    "Orthanc WADO-RS direct",
    "ours, cold, grant held",
    "ours, cold, no grant",
    "ours, warm, grant held",
  ] as const;
  type WayName = (typeof WAYS)[number];
  const seriesList = [
    {
      name: `original (${opened.series[0]!.description || "uncompressed"})`,
      uid: opened.series[0]!.seriesUid,
    },
    { name: "JPEG-LS lossless copy", uid: compressedUid },
  ];
  const results = [] as {
    name: string;
    bytes: number;
    series: Record<WayName, number[]>;
    first: Record<WayName, number[]>;
  }[];
  for (const s of seriesList) {
    const instanceUids = await instancesOf(s.uid);
    const figures = Object.fromEntries(WAYS.map((w) => [w, [] as number[]])) as Record<WayName, number[]>;
    const first = Object.fromEntries(WAYS.map((w) => [w, [] as number[]])) as Record<WayName, number[]>;
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const granted = newCache(path.join(work, `cache-${round}-granted`));
      const ungranted = newCache(path.join(work, `cache-${round}-ungranted`));
      // the study opened just now, as the viewer does before its first frame: the grant is held
      const grants = new ImagingGrants();
      await openImagingStudy(database.db, gp, key, undefined, grants);
      // no grant ever held: every item runs the full access rule
      const none = new ImagingGrants({ ttlMs: 0 });
      const d = direct(s.uid);
      first["Orthanc WADO-RS direct"].push(await firstFrame(d, instanceUids[0]!));
      const all = await loadAll(instanceUids, d.frame);
      figures["Orthanc WADO-RS direct"].push(all.ms);
      bytes = all.bytes;
      // cold: the metadata and the first frame from the PACS, then the rest of the series
      for (const [name, cache, g] of [
        ["ours, cold, grant held", granted, grants],
        ["ours, cold, no grant", ungranted, none],
      ] as const) {
        const way = ours(s.uid, cache, g);
        first[name].push(await firstFrame(way, instanceUids[0]!));
        figures[name].push(((await loadAll(instanceUids.slice(1), way.frame)).ms * SLICES) / (SLICES - 1));
      }
      const warm = ours(s.uid, granted, grants);
      first["ours, warm, grant held"].push(await firstFrame(warm, instanceUids[0]!));
      figures["ours, warm, grant held"].push((await loadAll(instanceUids, warm.frame)).ms);
      rmSync(path.join(work, `cache-${round}-granted`), { recursive: true, force: true });
      rmSync(path.join(work, `cache-${round}-ungranted`), { recursive: true, force: true });
    }
    results.push({ name: s.name, bytes, series: figures, first });
  }

  console.log(
    `imaging: ${SLICES}-slice CT (256 x 256, 16-bit) and its JPEG-LS lossless copy (transcoded by Orthanc in ` +
      `${compressedMs.toFixed(0)} ms, 0 if already stored), ${CONCURRENCY} requests at a time, ${ROUNDS} rounds ` +
      `interleaved (direct, cold with grant, cold without, warm), medians of ${ROUNDS}`,
  );
  for (const r of results) {
    const mb = r.bytes / 1024 / 1024;
    const floor = median(r.series["Orthanc WADO-RS direct"]);
    console.log(`\n  ${r.name}: ${mb.toFixed(1)} MB of frames`);
    console.log(
      `  ${"way".padEnd(26)} ${"series ms".padStart(10)} ${"MB/s".padStart(8)} ${"ratio".padStart(7)} ${"first frame ms".padStart(15)} ${"p_max".padStart(7)}`,
    );
    for (const w of WAYS) {
      const whole = median(r.series[w]);
      console.log(
        `  ${w.padEnd(26)} ${whole.toFixed(0).padStart(10)} ${(mb / (whole / 1000)).toFixed(1).padStart(8)} ${(floor / whole).toFixed(2).padStart(7)} ${median(r.first[w]).toFixed(1).padStart(15)} ${Math.max(
          ...r.first[w],
        )
          .toFixed(1)
          .padStart(7)}`,
      );
    }
    const throughput = (w: WayName) => floor / median(r.series[w]);
    const warmFirst = median(r.first["ours, warm, grant held"]);
    console.log(
      `  aims: proxy throughput >= 80% of direct: cold with grant ${(100 * throughput("ours, cold, grant held")).toFixed(0)}% ` +
        `(${throughput("ours, cold, grant held") >= 0.8 ? "met" : "not met"}), warm ${(100 * throughput("ours, warm, grant held")).toFixed(0)}% ` +
        `(${throughput("ours, warm, grant held") >= 0.8 ? "met" : "not met"}); first image <= 1 s warm: ${warmFirst.toFixed(1)} ms ` +
        `(${warmFirst <= 1000 ? "met" : "not met"})`,
    );
  }
  console.log(
    "  ratio: direct time / ours (1.00 = as fast as reading Orthanc directly; above 1 faster); the cold series is timed\n" +
      "  without its first frame (timed in 'first frame') and scaled to the whole series; p_max: the slowest first frame",
  );
} finally {
  await orthanc.stop();
  await database.close();
  rmSync(work, { recursive: true, force: true });
}
