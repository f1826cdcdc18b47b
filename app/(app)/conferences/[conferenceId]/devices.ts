/**
 * Camera and microphone capture shared by the pre-join device check and the
 * media stage: what the participant chose, and why a device could not be used.
 */
import { CAPTURE_HEIGHT, CAPTURE_WIDTH } from "./simulcast-layer";

/** One device the participant will send from; `on: false` enters with it off (camera) or muted (microphone). */
export interface DeviceChoice {
  /** undefined: the browser's default device */
  deviceId: string | undefined;
  on: boolean;
}

/** What the pre-join check hands to the stage; null means none to send (missing, refused, or not the role's). */
export interface MediaChoice {
  camera: DeviceChoice | null;
  microphone: DeviceChoice | null;
}

export type DeviceKind = "camera" | "microphone";

/** Why capture failed, from the DOMException names of getUserMedia (and no mediaDevices at all on http). */
export type DeviceProblem = "denied" | "missing" | "busy" | "insecure" | "failed";

export function deviceProblemOf(e: unknown): DeviceProblem {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "missing";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "failed";
  }
}

/** Browsers expose getUserMedia only in a secure context (https, or localhost). */
export function canCapture(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && !!navigator.mediaDevices?.getUserMedia;
}

// exact, because Chromium answers an `ideal` device id with its default device
function videoConstraints(deviceId: string | undefined): MediaTrackConstraints {
  return {
    width: { ideal: CAPTURE_WIDTH },
    height: { ideal: CAPTURE_HEIGHT },
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}

function audioConstraints(deviceId: string | undefined): MediaTrackConstraints | true {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

export interface Capture {
  camera?: MediaStreamTrack;
  microphone?: MediaStreamTrack;
  problems: Partial<Record<DeviceKind, DeviceProblem>>;
}

/** Which devices to open: a device id (undefined for the default), or null for none of that kind. */
export interface CaptureRequest {
  camera: { deviceId: string | undefined } | null;
  microphone: { deviceId: string | undefined } | null;
}

/**
 * Opens the wanted devices with one prompt. When the pair fails for a reason
 * that may concern only one of them (no camera on a desktop, a camera held by
 * another application), each is tried alone so the other still works.
 */
export async function capture(want: CaptureRequest): Promise<Capture> {
  const kinds = (["camera", "microphone"] as const).filter((k) => want[k] !== null);
  const all = (problem: DeviceProblem): Capture => ({
    problems: Object.fromEntries(kinds.map((k) => [k, problem])),
  });
  if (kinds.length === 0) return { problems: {} };
  if (!canCapture()) return all("insecure");
  const open = async (camera: boolean, microphone: boolean) => {
    const request = (chosen: boolean) =>
      navigator.mediaDevices.getUserMedia({
        video: camera && want.camera ? videoConstraints(chosen ? want.camera.deviceId : undefined) : false,
        audio:
          microphone && want.microphone
            ? audioConstraints(chosen ? want.microphone.deviceId : undefined)
            : false,
      });
    // a device unplugged since it was chosen: the default one rather than none
    const stream = await request(true).catch((e: unknown) => {
      if (e instanceof Error && e.name === "OverconstrainedError") return request(false);
      throw e;
    });
    return { camera: stream.getVideoTracks()[0], microphone: stream.getAudioTracks()[0] };
  };
  try {
    return { ...(await open(!!want.camera, !!want.microphone)), problems: {} };
  } catch (e) {
    const problem = deviceProblemOf(e);
    if (kinds.length === 1 || problem === "denied") return all(problem);
  }
  const result: Capture = { problems: {} };
  for (const kind of kinds) {
    try {
      result[kind] = (await open(kind === "camera", kind === "microphone"))[kind];
    } catch (e) {
      result.problems[kind] = deviceProblemOf(e);
    }
  }
  return result;
}
