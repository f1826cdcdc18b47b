import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import dcmjs from "dcmjs";
import { chestRadiograph, ctSlice, mrSlice } from "./phantom";

/**
 * Synthetic imaging studies as real DICOM Part 10 files (written by dcmjs): a
 * trunk CT of a few hundred slices, a head MR and a chest radiograph, for one
 * patient at one facility (the facility-local ID in PatientID). The same input
 * gives the same UIDs and pixels. Written once into a cache folder per study and
 * read from there afterwards.
 */

export type SyntheticKind = "CT" | "MR" | "DX";

export interface SyntheticStudyInput {
  kind: SyntheticKind;
  facilityCode: string;
  /** the patient's local ID at the facility: PatientID */
  localId: string;
  /** DICOM PN, e.g. "Yamada^Hanako" */
  patientName?: string;
  /** YYYYMMDD */
  birthDate?: string;
  sex?: "F" | "M" | "O";
  /** YYYYMMDD */
  studyDate: string;
  institutionName?: string;
  /** CT: number of slices (300 by default) */
  slices?: number;
  /** CT and MR: rows and columns (256 by default) */
  size?: number;
}

const SOP_CLASS: Record<SyntheticKind, string> = {
  CT: "1.2.840.10008.5.1.4.1.1.2",
  MR: "1.2.840.10008.5.1.4.1.1.4",
  DX: "1.2.840.10008.5.1.4.1.1.1.1",
};
const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
const IMPLEMENTATION_CLASS_UID = "2.25.302207117166386385823471553040364245571";

const DESCRIPTION: Record<SyntheticKind, { study: string; series: string; bodyPart: string }> = {
  CT: { study: "胸腹部CT", series: "Axial 1.25mm", bodyPart: "CHEST" },
  MR: { study: "頭部MRI", series: "T1 axial", bodyPart: "HEAD" },
  DX: { study: "胸部X線", series: "PA", bodyPart: "CHEST" },
};

/** A DICOM UID under 2.25 (a UUID as a decimal), derived from the parts. */
export function derivedUid(...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("\n")).digest();
  const hex = digest.subarray(0, 16).toString("hex");
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

export function studyUidOf(
  input: Pick<SyntheticStudyInput, "kind" | "facilityCode" | "localId" | "studyDate">,
) {
  return derivedUid("study", input.kind, input.facilityCode, input.localId, input.studyDate);
}

function seedOf(...parts: string[]): number {
  return createHash("sha256").update(parts.join("\n")).digest().readUInt32LE(0);
}

const ds = (values: number[]) => values.map((v) => Number(v.toFixed(6)));

/** The DICOM Part 10 files of one study, in instance order. */
export function* syntheticStudy(input: SyntheticStudyInput): Generator<Buffer> {
  const studyUid = studyUidOf(input);
  const seriesUid = derivedUid("series", studyUid);
  const frameOfReferenceUid = derivedUid("frame", studyUid);
  const desc = DESCRIPTION[input.kind];
  const seed = seedOf(input.facilityCode, input.localId, input.kind);
  const common = {
    SpecificCharacterSet: "ISO_IR 192",
    SOPClassUID: SOP_CLASS[input.kind],
    StudyInstanceUID: studyUid,
    SeriesInstanceUID: seriesUid,
    FrameOfReferenceUID: frameOfReferenceUid,
    PatientID: input.localId,
    PatientName: input.patientName ?? "Anonymous",
    PatientBirthDate: input.birthDate ?? "",
    PatientSex: input.sex ?? "O",
    StudyDate: input.studyDate,
    StudyTime: "101500",
    SeriesDate: input.studyDate,
    ContentDate: input.studyDate,
    AccessionNumber: `A${(seed % 1_000_000).toString().padStart(6, "0")}`,
    StudyID: "1",
    StudyDescription: desc.study,
    SeriesDescription: desc.series,
    SeriesNumber: "1",
    Modality: input.kind,
    BodyPartExamined: desc.bodyPart,
    Manufacturer: "OKI-net synthetic",
    InstitutionName: input.institutionName ?? "",
    ReferringPhysicianName: "",
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    BitsAllocated: 16,
    PixelRepresentation: 0,
  };

  if (input.kind === "DX") {
    const width = 512;
    const height = 560;
    const pixels = chestRadiograph(width, height, seed);
    yield part10({
      ...common,
      SOPInstanceUID: derivedUid("instance", seriesUid, "1"),
      InstanceNumber: "1",
      ImageType: ["ORIGINAL", "PRIMARY"],
      PresentationIntentType: "FOR PRESENTATION",
      ViewPosition: "PA",
      Rows: height,
      Columns: width,
      BitsStored: 12,
      HighBit: 11,
      PixelSpacing: ds([0.7, 0.7]),
      ImagerPixelSpacing: ds([0.7, 0.7]),
      WindowCenter: ["2048"],
      WindowWidth: ["4096"],
      PixelData: pixels,
    });
    return;
  }

  const size = input.size ?? 256;
  const slices = input.kind === "CT" ? (input.slices ?? 300) : (input.slices ?? 24);
  const spacing = input.kind === "CT" ? 1.5 : 0.9;
  const sliceSpacing = input.kind === "CT" ? 1.25 : 5;
  const offset = (-(size - 1) * spacing) / 2;
  const ct = new Int16Array(size * size);
  const stored = new Uint16Array(size * size);
  for (let n = 0; n < slices; n++) {
    const z = slices === 1 ? 0.5 : n / (slices - 1);
    if (input.kind === "CT") {
      ctSlice(size, z, seed + n, ct);
      // stored = HU + 1024 (rescale intercept -1024), clipped to 12 bits
      for (let k = 0; k < ct.length; k++) stored[k] = Math.max(0, Math.min(4095, ct[k]! + 1024));
    } else {
      mrSlice(size, z, seed + n, stored);
    }
    const zMm = n * sliceSpacing;
    yield part10({
      ...common,
      SOPInstanceUID: derivedUid("instance", seriesUid, String(n + 1)),
      InstanceNumber: String(n + 1),
      ImageType: ["ORIGINAL", "PRIMARY", "AXIAL"],
      Rows: size,
      Columns: size,
      BitsStored: input.kind === "CT" ? 12 : 16,
      HighBit: input.kind === "CT" ? 11 : 15,
      PixelSpacing: ds([spacing, spacing]),
      SliceThickness: ds([sliceSpacing])[0],
      ImagePositionPatient: ds([offset, offset, zMm]),
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      SliceLocation: ds([zMm])[0],
      ...(input.kind === "CT"
        ? {
            RescaleIntercept: "-1024",
            RescaleSlope: "1",
            RescaleType: "HU",
            KVP: "120",
            WindowCenter: ["40"],
            WindowWidth: ["400"],
          }
        : {
            MagneticFieldStrength: "1.5",
            EchoTime: "10",
            RepetitionTime: "500",
            ScanningSequence: "SE",
            WindowCenter: ["600"],
            WindowWidth: ["1200"],
          }),
      PixelData: stored,
    });
  }
}

function part10(dataset: Record<string, unknown> & { PixelData: Uint16Array }): Buffer {
  const { PixelData, ...rest } = dataset;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: rest.SOPClassUID,
    MediaStorageSOPInstanceUID: rest.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: "OKINET_SYNTH",
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  const pixels = PixelData.buffer.slice(PixelData.byteOffset, PixelData.byteOffset + PixelData.byteLength);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    ...rest,
    PixelData: [pixels],
    _vrMap: { PixelData: "OW" },
  });
  return Buffer.from(dict.write());
}

/**
 * The study's files in the cache folder, written on the first call (into a
 * temporary folder renamed into place, so a half-written study is never used).
 */
export async function cachedSyntheticStudy(cacheDir: string, input: SyntheticStudyInput): Promise<string[]> {
  const key = createHash("sha256")
    .update(JSON.stringify({ v: 2, ...input }))
    .digest("hex")
    .slice(0, 24);
  const dir = path.join(cacheDir, `${input.kind}-${key}`);
  const list = async () =>
    (await readdir(dir))
      .filter((n) => n.endsWith(".dcm"))
      .sort()
      .map((n) => path.join(dir, n));
  try {
    return await list();
  } catch {
    // not written yet
  }
  await mkdir(cacheDir, { recursive: true });
  const temp = `${dir}.${process.pid}.${Date.now()}.part`;
  await mkdir(temp, { recursive: true });
  try {
    let n = 0;
    for (const file of syntheticStudy(input)) {
      await writeFile(path.join(temp, `${String(++n).padStart(4, "0")}.dcm`), file);
    }
    await rename(temp, dir);
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    // another process may have written it meanwhile
    try {
      return await list();
    } catch {
      throw e;
    }
  }
  return list();
}

/**
 * Stores the files in an Orthanc through its REST API (`POST /instances`), a few
 * at a time; a study already there is stored again harmlessly (Orthanc keeps one copy).
 */
export async function storeInOrthanc(
  orthancUrl: string,
  files: readonly string[],
  concurrency = 4,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const body = await readFile(file);
      const res = await fetch(`${orthancUrl}/instances`, {
        method: "POST",
        headers: { "Content-Type": "application/dicom" },
        body,
      });
      const text = await res.text();
      if (!res.ok)
        throw new Error(`Orthanc refused ${path.basename(file)}: HTTP ${res.status} ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
}

/** Whether the Orthanc already holds the study (so a restart does not store it again). */
export async function orthancHasStudy(dicomWebUrl: string, studyUid: string): Promise<boolean> {
  const res = await fetch(`${dicomWebUrl}/studies?StudyInstanceUID=${encodeURIComponent(studyUid)}`, {
    headers: { Accept: "application/dicom+json" },
  });
  if (!res.ok) return false;
  const text = await res.text();
  return text.trim() !== "" && (JSON.parse(text) as unknown[]).length > 0;
}
