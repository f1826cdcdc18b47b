import { derivedUid, studyUidOf, type SyntheticStudyInput } from "./synthetic-studies";

/**
 * A compressed copy of a synthetic series, as hospitals' PACS often store
 * images: Orthanc transcodes each instance (`/instances/{id}/modify` with
 * Transcode, through DCMTK) into a new series of the same study, with UIDs
 * derived from the original's so a restart finds it again, and stores it.
 * The pixels are the same (lossless): the viewer decodes them in the browser
 * with the WebAssembly codecs of @cornerstonejs/dicom-image-loader.
 */

export const JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";

type SourceStudy = Pick<SyntheticStudyInput, "kind" | "facilityCode" | "localId" | "studyDate">;

/** the synthetic series (one per study) and its compressed copy */
export const syntheticSeriesUid = (input: SourceStudy) => derivedUid("series", studyUidOf(input));
export const compressedSeriesUid = (input: SourceStudy, transferSyntax = JPEG_LS_LOSSLESS) =>
  derivedUid("series", studyUidOf(input), transferSyntax);

interface OrthancInstance {
  ID: string;
  MainDicomTags: { SOPInstanceUID?: string };
}

async function orthancJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`Orthanc ${init?.method ?? "GET"} ${new URL(url).pathname}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Orthanc's own id of a series by its UID, or null when it does not hold it. */
async function orthancSeriesId(orthancUrl: string, seriesUid: string): Promise<string | null> {
  const found = await orthancJson<{ ID: string; Type: string }[]>(`${orthancUrl}/tools/lookup`, {
    method: "POST",
    body: seriesUid,
  });
  return found.find((f) => f.Type === "Series")?.ID ?? null;
}

/**
 * Stores the compressed copy of the study's series (already stored) unless the
 * PACS holds it; returns the copy's SeriesInstanceUID.
 */
export async function storeCompressedCopy(
  orthancUrl: string,
  input: SourceStudy,
  options: { transferSyntax?: string; description?: string; concurrency?: number } = {},
): Promise<string> {
  const transferSyntax = options.transferSyntax ?? JPEG_LS_LOSSLESS;
  const copyUid = compressedSeriesUid(input, transferSyntax);
  if (await orthancSeriesId(orthancUrl, copyUid)) return copyUid;
  const sourceId = await orthancSeriesId(orthancUrl, syntheticSeriesUid(input));
  if (!sourceId) throw new Error("the series to compress is not in the PACS");
  const instances = await orthancJson<OrthancInstance[]>(`${orthancUrl}/series/${sourceId}/instances`);
  let next = 0;
  const worker = async () => {
    while (next < instances.length) {
      const instance = instances[next++]!;
      const sopUid = instance.MainDicomTags.SOPInstanceUID ?? instance.ID;
      const res = await fetch(`${orthancUrl}/instances/${instance.ID}/modify`, {
        method: "POST",
        body: JSON.stringify({
          Transcode: transferSyntax,
          Replace: {
            SeriesInstanceUID: copyUid,
            SOPInstanceUID: derivedUid("instance", copyUid, sopUid),
            SeriesNumber: "2",
            SeriesDescription: options.description ?? "JPEG-LS lossless",
          },
          // UIDs are ours to choose here (derived, so a restart finds the copy)
          Force: true,
        }),
      });
      if (!res.ok) throw new Error(`Orthanc could not transcode an instance: HTTP ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      await orthancJson(`${orthancUrl}/instances`, {
        method: "POST",
        headers: { "Content-Type": "application/dicom" },
        body,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, instances.length) }, worker));
  return copyUid;
}
