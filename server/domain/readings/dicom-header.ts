import dcmjs from "dcmjs";
import type { DicomPatient, DicomPersonName } from "../../model/dicom-patient";
import { dicomDate, isUid } from "../images/dicomweb";

/**
 * What the disc import reads of one file: the DICOM Part 10 header's patient,
 * study and series, or why the file is not imported. A DICOMDIR (the disc's
 * index) is recognised and skipped: the folder's files are read one by one.
 */
export interface DicomInstanceHeader {
  patient: DicomPatient;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  studyDate: string | null;
  modality: string;
  studyDescription: string;
}

export type DicomFileRefusal = "not_dicom" | "truncated";

export type DicomFileRead =
  | { kind: "image"; header: DicomInstanceHeader }
  | { kind: "dicomdir" }
  | { kind: "refused"; reason: DicomFileRefusal };

const MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";
/** transfer syntaxes whose pixels are stored as they are (their length is known from the header) */
const NATIVE = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]);

type Dataset = Record<string, unknown>;
const str = (d: Dataset, key: string): string => {
  const v = d[key];
  const first: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof first === "string" ? first.trim() : typeof first === "number" ? String(first) : "";
};
const num = (d: Dataset, key: string, fallback: number): number => {
  const n = Number(str(d, key));
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

function personName(d: Dataset): DicomPersonName {
  const v = d.PatientName;
  const first: unknown = Array.isArray(v) ? v[0] : v;
  if (typeof first === "string") {
    const [alphabetic = "", ideographic = "", phonetic = ""] = first.split("=");
    return { alphabetic, ideographic, phonetic };
  }
  const pn = (first ?? {}) as { Alphabetic?: unknown; Ideographic?: unknown; Phonetic?: unknown };
  const s = (x: unknown) => (typeof x === "string" ? x : "");
  return { alphabetic: s(pn.Alphabetic), ideographic: s(pn.Ideographic), phonetic: s(pn.Phonetic) };
}

/** Bytes the pixel data of a native (uncompressed) image must have, or null when the header cannot tell. */
function expectedPixelBytes(d: Dataset): number | null {
  const rows = num(d, "Rows", 0);
  const columns = num(d, "Columns", 0);
  if (!rows || !columns) return null;
  const bits = num(d, "BitsAllocated", 0);
  if (!bits) return null;
  const pixels = rows * columns * num(d, "SamplesPerPixel", 1) * num(d, "NumberOfFrames", 1);
  return Math.ceil((pixels * bits) / 8);
}

function pixelBytes(d: Dataset): number {
  const v = d.PixelData;
  const parts = Array.isArray(v) ? v : v ? [v] : [];
  return parts.reduce<number>((sum, p) => sum + (p instanceof ArrayBuffer ? p.byteLength : 0), 0);
}

/**
 * Reads one file of the disc. Not DICOM: no Part 10 preamble and "DICM". Truncated:
 * the parser ran out of bytes, the identifying UIDs are missing, or an uncompressed
 * image has fewer pixel bytes than its rows, columns and bits say.
 */
export function readDicomFile(bytes: Uint8Array): DicomFileRead {
  if (bytes.byteLength < 132 || Buffer.from(bytes.subarray(128, 132)).toString("latin1") !== "DICM") {
    return { kind: "refused", reason: "not_dicom" };
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let meta: Dataset;
  let d: Dataset;
  try {
    const file = dcmjs.data.DicomMessage.readFile(buffer);
    meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta);
    d = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  } catch {
    return { kind: "refused", reason: "truncated" };
  }
  if (str(meta, "MediaStorageSOPClassUID") === MEDIA_STORAGE_DIRECTORY) return { kind: "dicomdir" };
  const sopInstanceUid = str(d, "SOPInstanceUID");
  const studyUid = str(d, "StudyInstanceUID");
  const seriesUid = str(d, "SeriesInstanceUID");
  if (!isUid(sopInstanceUid) || !isUid(studyUid) || !isUid(seriesUid)) {
    return { kind: "refused", reason: "truncated" };
  }
  if (NATIVE.has(str(meta, "TransferSyntaxUID"))) {
    const expected = expectedPixelBytes(d);
    if (expected !== null && pixelBytes(d) < expected) return { kind: "refused", reason: "truncated" };
  }
  return {
    kind: "image",
    header: {
      patient: {
        patientId: str(d, "PatientID"),
        name: personName(d),
        birthDate: dicomDate(str(d, "PatientBirthDate")),
        sex: str(d, "PatientSex").slice(0, 16),
      },
      sopInstanceUid,
      studyUid,
      seriesUid,
      studyDate: dicomDate(str(d, "StudyDate")),
      modality: str(d, "Modality").slice(0, 16),
      studyDescription: str(d, "StudyDescription").slice(0, 200),
    },
  };
}

/**
 * The file as the reading hospital's PACS files it: PatientID becomes the
 * patient's local ID there (as a hospital does when it imports a disc), the
 * disc's ID kept in OtherPatientIDsSequence. Everything else as it was.
 */
export function withLocalPatientId(bytes: Uint8Array, localId: string, discPatientId: string): Buffer {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = dcmjs.data.DicomMessage.readFile(buffer);
  const dict = file.dict as Record<string, { vr: string; Value?: unknown[] }>;
  dict["00100020"] = { vr: "LO", Value: [localId] };
  dict["00101002"] = {
    vr: "SQ",
    Value: [
      {
        "00100020": { vr: "LO", Value: [discPatientId] },
        "00100022": { vr: "CS", Value: ["TEXT"] },
        "00100021": { vr: "LO", Value: ["DISC"] },
      },
    ],
  };
  const out = new dcmjs.data.DicomDict(file.meta);
  out.dict = dict;
  return Buffer.from(out.write());
}
