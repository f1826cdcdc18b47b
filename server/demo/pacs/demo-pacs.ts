import os from "node:os";
import path from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds, patients } from "../../db/schema";
import { DEMO_FACILITIES, DEMO_PATIENTS } from "../seed/cast";
import { log } from "../../log";
import { storeCompressedCopy } from "./compressed-series";
import { seedDemoReadingRequest } from "./demo-reading";
import { startOrthanc, type Orthanc } from "./orthanc";
import {
  cachedSyntheticStudy,
  orthancHasStudy,
  storeInOrthanc,
  studyUidOf,
  type SyntheticStudyInput,
} from "./synthetic-studies";

/**
 * The demo hospitals' PACS: one Orthanc per demo hospital (the demo hospital and
 * the rehabilitation hospital), started on a free loopback port with its storage
 * under DATA_DIR, its DICOMweb base written into the facility (as a deployment
 * would configure a real PACS), and loaded with synthetic studies for a few
 * patients: the demo patients' CT, MR (with a second, JPEG-LS compressed copy
 * of its series) and chest X-ray, and an X-ray for a few more. Studies already stored (a restart) are not stored again; generated files
 * are cached in the system's temporary folder across runs.
 */
export interface DemoPacs {
  instances: { facilityCode: string; dicomWebUrl: string }[];
  stop(): Promise<void>;
}

const DEMO_PACS_HOSPITALS = ["demoHospital", "rehabHospital"] as const;
/** patients beyond the demo patients that get a chest X-ray at each demo hospital */
const EXTRA_PATIENTS = 3;

/** DICOM PN from the patient's romanised name is unknown here: the kana, as ideographic-free text. */
const pn = (p: { familyNameKana: string; givenNameKana: string }) => `${p.familyNameKana}^${p.givenNameKana}`;
const da = (date: string | null) => (date ?? "").replaceAll("-", "");

export async function startDemoPacs(
  db: Db,
  options: { dataDir: string; host?: string; studyCacheDir?: string },
): Promise<DemoPacs> {
  const started: Orthanc[] = [];
  const instances: DemoPacs["instances"] = [];
  const stop = async () => {
    await Promise.all(started.map((o) => o.stop()));
  };
  const studyCache = options.studyCacheDir ?? path.join(os.tmpdir(), "okinet-synthetic-studies");
  try {
    for (const key of DEMO_PACS_HOSPITALS) {
      const [facility] = await db
        .select({ id: facilities.id, code: facilities.code, name: facilities.name })
        .from(facilities)
        .where(eq(facilities.name, DEMO_FACILITIES[key].name))
        .limit(1);
      if (!facility) continue;
      const orthanc = await startOrthanc({
        dir: path.join(options.dataDir, "demo-pacs", facility.code),
        host: options.host === "0.0.0.0" || !options.host ? "127.0.0.1" : options.host,
        name: `PACS ${facility.code}`,
      });
      started.push(orthanc);
      await db
        .update(facilities)
        .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
        .where(eq(facilities.id, facility.id));
      instances.push({ facilityCode: facility.code, dicomWebUrl: orthanc.dicomWebUrl });

      const demoPatients = await db
        .select({
          regionalId: patients.regionalId,
          localId: patientLocalIds.localId,
          familyNameKana: patients.familyNameKana,
          givenNameKana: patients.givenNameKana,
          birthDate: patients.birthDate,
          sex: patients.sex,
        })
        .from(patientLocalIds)
        .innerJoin(patients, eq(patients.id, patientLocalIds.patientId))
        .where(
          and(
            eq(patientLocalIds.facilityId, facility.id),
            inArray(patients.regionalId, [DEMO_PATIENTS.consented, DEMO_PATIENTS.notConsented]),
          ),
        );
      const others = await db
        .select({
          regionalId: patients.regionalId,
          localId: patientLocalIds.localId,
          familyNameKana: patients.familyNameKana,
          givenNameKana: patients.givenNameKana,
          birthDate: patients.birthDate,
          sex: patients.sex,
        })
        .from(patientLocalIds)
        .innerJoin(patients, eq(patients.id, patientLocalIds.patientId))
        .where(eq(patientLocalIds.facilityId, facility.id))
        .orderBy(asc(patients.regionalId))
        .limit(EXTRA_PATIENTS + 2);
      const studies: SyntheticStudyInput[] = [];
      for (const p of [
        ...demoPatients,
        ...others.filter((o) => !demoPatients.some((d) => d.localId === o.localId)),
      ]) {
        const base = {
          facilityCode: facility.code,
          localId: p.localId,
          patientName: pn(p),
          birthDate: da(p.birthDate),
          sex: p.sex === "female" ? ("F" as const) : p.sex === "male" ? ("M" as const) : ("O" as const),
          institutionName: facility.name,
        };
        const demo = demoPatients.some((d) => d.localId === p.localId);
        if (demo) {
          studies.push({ kind: "CT", ...base, studyDate: "20260310", slices: 300 });
          studies.push({ kind: "MR", ...base, studyDate: "20251120" });
        }
        if (demo || studies.length < 2 + EXTRA_PATIENTS * 3)
          studies.push({ kind: "DX", ...base, studyDate: "20250905" });
      }
      for (const study of studies) {
        if (!(await orthancHasStudy(orthanc.dicomWebUrl, studyUidOf(study))))
          await storeInOrthanc(orthanc.url, await cachedSyntheticStudy(studyCache, study));
        // the MR also as its PACS may store it: a second series, JPEG-LS lossless
        if (study.kind === "MR")
          await storeCompressedCopy(orthanc.url, study, { description: "T1 axial (JPEG-LS)" });
      }
      // the demo hospital's radiology has one request waiting: the demo patient's CT, from the demo clinic
      const consented = demoPatients.find((d) => d.regionalId === DEMO_PATIENTS.consented);
      const ct = studies.find((st) => st.kind === "CT" && st.localId === consented?.localId);
      if (key === "demoHospital" && ct) {
        await seedDemoReadingRequest(db, {
          facilityId: facility.id,
          studyUid: studyUidOf(ct),
          studyDate: `${ct.studyDate.slice(0, 4)}-${ct.studyDate.slice(4, 6)}-${ct.studyDate.slice(6, 8)}`,
          description: "胸腹部CT",
        });
      }
      log.info(
        `[demo-pacs] ${facility.code}: PACS (Orthanc, DICOMweb) on ${orthanc.url}, ${studies.length} studies`,
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { instances, stop };
}
