import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { facilities } from "../../server/db/schema";
import { startOrthanc, type Orthanc } from "../../server/demo/pacs/orthanc";
import {
  cachedSyntheticStudy,
  storeInOrthanc,
  type SyntheticStudyInput,
} from "../../server/demo/pacs/synthetic-studies";
import { RecordCache } from "../../server/domain/records/record-cache";
import { createTestDatabase, type Backend, type TestDatabase } from "./db";
import { createNetwork, type Network } from "./fixtures";

/** The shared patient's local ID at the test network's hospital (createNetwork). */
export const SHARED_LOCAL_ID = "H10001";
/** The test network hospital's code, as a synthetic study names its facility. */
export const HOSPITAL_CODE = "0610000001";

export interface ImagingPacs {
  orthanc: Orthanc;
  /** the test's own folder (Orthanc's storage, the synthetic studies, caches under it) */
  work: string;
  /** Orthanc stopped and the folder removed */
  close(): Promise<void>;
}

/**
 * An Orthanc of the test's own (a missing Debian package fails, it is not
 * skipped) with these synthetic studies stored in it.
 */
export async function startImagingPacs(
  name: string,
  studies: readonly SyntheticStudyInput[],
): Promise<ImagingPacs> {
  const work = mkdtempSync(path.join(os.tmpdir(), `okinet-${name}-`));
  let orthanc: Orthanc | undefined;
  try {
    orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
    for (const study of studies) {
      await storeInOrthanc(orthanc.url, await cachedSyntheticStudy(path.join(work, "studies"), study));
    }
  } catch (e) {
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  const running = orthanc;
  return {
    orthanc: running,
    work,
    close: async () => {
      await running.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface ImagingWorld {
  t: TestDatabase;
  n: Network;
  /** a record cache of its own under `cacheDir` */
  cache: RecordCache;
}

/**
 * One backend's world for an imaging test: a fresh database with the small
 * test network, its hospital's PACS at `dicomWebUrl`, and a record cache.
 */
export async function createImagingWorld(
  backend: Backend,
  options: { dicomWebUrl: string; cacheDir: string },
): Promise<ImagingWorld> {
  const t = await createTestDatabase(backend);
  const n = await createNetwork(t.db);
  const cache = new RecordCache({
    dir: options.cacheDir,
    ttlMs: 60_000,
    maxBytes: 8 * 1024 * 1024,
    timeoutMs: 5000,
  });
  await t.db
    .update(facilities)
    .set({ pacsDicomwebUrl: options.dicomWebUrl })
    .where(eq(facilities.id, n.facilities.hospital));
  return { t, n, cache };
}
