/**
 * The image viewer's pure rules about a stack of slices, kept apart from
 * Cornerstone so they can be unit-tested: where each slice lies (for linking
 * two studies by slice position) and how a scroll in one viewport moves the other.
 */

/** One instance of a series as its WADO-RS metadata gives it (DICOM JSON, tags as 8 hex digits). */
export type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

export interface StackInstance {
  uid: string;
  instanceNumber: number;
  frames: number;
  /** Image Position (Patient), mm */
  position: [number, number, number] | null;
  /** Image Orientation (Patient): row then column direction cosines */
  orientation: [number, number, number, number, number, number] | null;
  /** the instance's metadata as given, for the image loader */
  metadata: DicomJson;
}

const first = (d: DicomJson, tag: string): unknown => d[tag]?.Value?.[0];

function numbers<N extends number>(d: DicomJson, tag: string, n: N): number[] | null {
  const v = d[tag]?.Value;
  if (!Array.isArray(v) || v.length !== n) return null;
  const out = v.map(Number);
  return out.every(Number.isFinite) ? out : null;
}

/**
 * The series' instances in reading order (Instance Number, then UID so the order
 * is stable), with their geometry. Instances whose SOP Instance UID is not a UID
 * are left out: the viewer puts it in a URL.
 */
export function stackInstances(metadata: readonly DicomJson[]): StackInstance[] {
  return metadata
    .flatMap((d): StackInstance[] => {
      const uid = first(d, "00080018");
      if (typeof uid !== "string" || !/^[0-9.]{1,64}$/.test(uid)) return [];
      const frames = Math.min(10_000, Math.max(1, Math.trunc(Number(first(d, "00280008") ?? 1)) || 1));
      return [
        {
          uid,
          instanceNumber: Number(first(d, "00200013") ?? 0) || 0,
          frames,
          position: numbers(d, "00200032", 3) as StackInstance["position"],
          orientation: numbers(d, "00200037", 6) as StackInstance["orientation"],
          metadata: d,
        },
      ];
    })
    .sort((a, b) => a.instanceNumber - b.instanceNumber || a.uid.localeCompare(b.uid));
}

/**
 * Where each slice of an axial stack lies along the patient's head-foot axis
 * (mm), in stack order; null when the stack is not one: a multi-frame instance,
 * a slice without position, or a plane that is not axial (its normal more than
 * about 25° off the z axis).
 */
export function axialPositions(instances: readonly StackInstance[]): number[] | null {
  if (instances.length === 0) return null;
  const out: number[] = [];
  for (const i of instances) {
    if (i.frames !== 1 || !i.position || !i.orientation) return null;
    const [rx, ry, rz, cx, cy, cz] = i.orientation;
    const nx = ry * cz - rz * cy;
    const ny = rz * cx - rx * cz;
    const nz = rx * cy - ry * cx;
    const norm = Math.hypot(nx, ny, nz);
    if (norm < 1e-6 || Math.abs(nz) / norm < 0.9) return null;
    out.push(i.position[2]);
  }
  return out;
}

/**
 * A scroll link between two stacks, anchored where both stood when it was made:
 * from then on a scroll in one moves the other by the same distance (mm) when
 * both are axial stacks with positions, else by the same number of slices. The
 * anchor lets the reader line up the same anatomy in two studies taken on
 * different days (their coordinates do not match) before linking.
 */
export interface ScrollLink {
  by: "position" | "index";
  anchor: [number, number];
}

export function scrollLink(
  positions: [number[] | null, number[] | null],
  anchor: [number, number],
): ScrollLink {
  const [a, b] = positions;
  const usable = (p: number[] | null, i: number) => p !== null && p[i] !== undefined;
  return {
    by: usable(a, anchor[0]) && usable(b, anchor[1]) ? "position" : "index",
    anchor,
  };
}

/**
 * The slice the other stack moves to when stack `from` (0 or 1) is on slice
 * `index`: the nearest slice to the same distance from the anchor (position),
 * or the same number of slices (index), kept inside the other stack.
 */
export function linkedSlice(
  link: ScrollLink,
  positions: [number[] | null, number[] | null],
  counts: [number, number],
  from: 0 | 1,
  index: number,
): number {
  const to = from === 0 ? 1 : 0;
  const last = counts[to] - 1;
  if (last < 0) return 0;
  const clamp = (n: number) => Math.max(0, Math.min(last, n));
  const src = positions[from];
  const dst = positions[to];
  const srcAnchor = src?.[link.anchor[from]];
  const dstAnchor = dst?.[link.anchor[to]];
  const here = src?.[index];
  if (
    link.by === "position" &&
    dst &&
    srcAnchor !== undefined &&
    dstAnchor !== undefined &&
    here !== undefined
  ) {
    const want = dstAnchor + (here - srcAnchor);
    let best = 0;
    for (let i = 1; i < dst.length; i++) {
      if (Math.abs(dst[i]! - want) < Math.abs(dst[best]! - want)) best = i;
    }
    return clamp(best);
  }
  return clamp(link.anchor[to] + (index - link.anchor[from]));
}

export interface VoiRange {
  lower: number;
  upper: number;
}

/** Whether two window ranges are the same on screen (a linked change is not sent back). */
export const sameVoi = (a: VoiRange | undefined, b: VoiRange | undefined) =>
  !!a && !!b && Math.abs(a.lower - b.lower) < 0.5 && Math.abs(a.upper - b.upper) < 0.5;

/** The comparison in the page's URL: the second study's facility, UID and list signature. */
export interface ComparedStudy {
  facilityId: string;
  studyUid: string;
  sig: string;
}

/** The viewer's address for one study, or two side by side; shareable (each study is checked again). */
export function viewerHref(
  patientId: string,
  study: { facilityId: string; studyUid: string; sig: string },
  compare?: ComparedStudy,
): string {
  const q = new URLSearchParams({ sig: study.sig });
  if (compare) {
    q.set("compareFacility", compare.facilityId);
    q.set("compareStudy", compare.studyUid);
    q.set("compareSig", compare.sig);
  }
  return `/patients/${patientId}/images/${study.facilityId}/${study.studyUid}?${q.toString()}`;
}
