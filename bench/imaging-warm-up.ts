// Conference warm-up of images (issue 19): a 300-slice CT (256 x 256, 16-bit) in a real
// Orthanc. Interleaved round by round, in the same run:
//   - the floor: the series' metadata and frames read from Orthanc's own DICOMweb directly,
//     2 requests at a time (the warm-up's own concurrency), bytes drained;
//   - ours: warmImagingStudies into an empty record cache (study and series lists, metadata,
//     thumbnail, every frame written to disk);
//   - a viewer loading the series cold through our proxy (6 at a time, as a browser), alone,
//     then while a warm-up of the same study into another cache runs: what a warm-up costs a
//     reader at the same PACS.
// Prints medians and ratios; asserts nothing.
// Run: npx tsx bench/imaging-warm-up.ts   (BENCH_ROUNDS=3, BENCH_SLICES=300)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { facilities } from "../server/db/schema";
import { startOrthanc } from "../server/demo/pacs/orthanc";
import { cachedSyntheticStudy, storeInOrthanc, studyUidOf } from "../server/demo/pacs/synthetic-studies";
import { checkPatientAccess } from "../server/domain/consent/check-patient-access";
import { ImagingLimiter } from "../server/domain/images/imaging-rate-limit";
import { signStudy } from "../server/domain/images/imaging-sources";
import { openImagingFrame, openImagingMetadata } from "../server/domain/images/open-imaging-item";
import { openImagingStudy } from "../server/domain/images/open-imaging-study";
import { WarmFetchSlots } from "../server/domain/images/warm-fetch-slots";
import { warmImagingStudies } from "../server/domain/images/warm-imaging-studies";
import { RecordCache } from "../server/domain/records/record-cache";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork } from "../tests/helpers/fixtures";
import { quantile } from "./helpers";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SLICES = Number(process.env.BENCH_SLICES ?? 300);
const settings = { fetchTimeoutMs: 10_000, fetchMaxBytes: 8 * 1024 * 1024 };
process.env.AUTH_SECRET ??= "bench-imaging-warm-secret-0123456789abcdef0";
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

/** Runs `load` for every item, `limit` at a time: milliseconds. */
async function timed<T>(items: readonly T[], limit: number, load: (item: T) => Promise<unknown>) {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await load(items[next++]!);
    }),
  );
  return performance.now() - started;
}

const work = mkdtempSync(path.join(os.tmpdir(), "okinet-bench-imaging-warm-"));
const database = await createTestDatabase("postgres");
const orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
try {
  const study = { facilityCode: "0610000001", localId: "H10001", studyDate: "20260310" };
  await storeInOrthanc(
    orthanc.url,
    await cachedSyntheticStudy(path.join(os.tmpdir(), "okinet-synthetic-studies"), {
      kind: "CT",
      ...study,
      slices: SLICES,
    }),
  );
  const n = await createNetwork(database.db);
  await database.db
    .update(facilities)
    .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
    .where(eq(facilities.id, n.facilities.hospital));
  const gp = actor(n, "clinic.gp");
  const patientId = n.patients.shared;
  const access = await checkPatientAccess(database.db, gp, patientId, "clinical");
  if (!access.allowed) throw new Error("the bench's GP may not see the patient");
  const studyUid = studyUidOf({ kind: "CT", ...study });
  const key = {
    patientId,
    facilityId: n.facilities.hospital,
    studyUid,
    sig: signStudy(patientId, n.facilities.hospital, studyUid),
  };
  const seriesUid = (await openImagingStudy(database.db, gp, key, settings)).series[0]!.seriesUid;
  const dicomWeb = `${orthanc.dicomWebUrl}/studies/${studyUid}/series/${seriesUid}`;
  const instanceUids = (
    (await (
      await fetch(`${dicomWeb}/metadata`, { headers: { Accept: "application/dicom+json" } })
    ).json()) as Record<string, { Value: unknown[] }>[]
  ).map((d) => String(d["00080018"]!.Value[0]));

  let round = 0;
  const freshCache = (name: string) =>
    new RecordCache({
      dir: path.join(work, `${name}-${round}`),
      ttlMs: 3_600_000,
      maxBytes: 200 * 1024 * 1024,
      timeoutMs: 10_000,
    });
  const warmUp = (cache: RecordCache) =>
    warmImagingStudies(database.db, gp, [{ patientId, access }], {
      cache,
      settings,
      warm: { studiesPerPatient: 1, maxBytes: 4 * 1024 * 1024 * 1024 },
      // a process of its own per warm-up: slots left by an earlier round never carry over
      slots: new WarmFetchSlots(),
    });
  const directSeries = async () => {
    const started = performance.now();
    await drain(
      (await fetch(`${dicomWeb}/metadata`, { headers: { Accept: "application/dicom+json" } })).body,
    );
    return (
      performance.now() -
      started +
      (await timed(instanceUids, 2, async (uid) =>
        drain(
          (
            await fetch(`${dicomWeb}/instances/${uid}/frames/1`, {
              headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
            })
          ).body,
        ),
      ))
    );
  };
  const viewerSeries = async (cache: RecordCache) => {
    const started = performance.now();
    await drain((await openImagingMetadata(database.db, gp, { ...key, seriesUid }, cache)).body);
    return (
      performance.now() -
      started +
      (await timed(instanceUids, 6, async (uid) =>
        drain(
          (await openImagingFrame(database.db, gp, { ...key, seriesUid, instanceUid: uid, frame: 1 }, cache))
            .body,
        ),
      ))
    );
  };

  const figures = {
    direct: [] as number[],
    warmUp: [] as number[],
    viewerAlone: [] as number[],
    viewerDuring: [] as number[],
  };
  let frames = 0;
  for (round = 0; round < ROUNDS; round++) {
    figures.direct.push(await directSeries());
    const started = performance.now();
    const summary = await warmUp(freshCache("warm"));
    figures.warmUp.push(performance.now() - started);
    frames = summary.frames;
    figures.viewerAlone.push(await viewerSeries(freshCache("alone")));
    const during = warmUp(freshCache("background"));
    figures.viewerDuring.push(await viewerSeries(freshCache("during")));
    await during;
    for (const name of ["warm", "alone", "background", "during"]) {
      rmSync(path.join(work, `${name}-${round}`), { recursive: true, force: true });
    }
  }
  const row = (name: string, values: number[], floor: number) =>
    console.log(
      `  ${name.padEnd(44)} ${median(values).toFixed(0).padStart(9)} ${(floor / median(values)).toFixed(2).padStart(7)}`,
    );
  console.log(
    `imaging warm-up: ${SLICES}-slice CT (${frames} frames warmed), ${ROUNDS} rounds interleaved, medians`,
  );
  console.log(`  ${"way".padEnd(44)} ${"ms".padStart(9)} ${"ratio".padStart(7)}`);
  row("Orthanc direct, 2 at a time (floor)", figures.direct, median(figures.direct));
  row("ours: warm-up into an empty cache", figures.warmUp, median(figures.direct));
  row("viewer cold through ours, alone", figures.viewerAlone, median(figures.viewerAlone));
  row("viewer cold through ours, during a warm-up", figures.viewerDuring, median(figures.viewerAlone));
  console.log("  ratio: the floor's (or the lone viewer's) time / this one's (1.00 = as fast)");
} finally {
  await orthanc.stop();
  await database.close();
  rmSync(work, { recursive: true, force: true });
}
