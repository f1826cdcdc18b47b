"use client";

import { useEffect, useEffectEvent, useId, useRef, useState } from "react";
import type { ConferenceGrants } from "@/server/domain/conferences/grants";
import { capture, type Capture, type DeviceKind, type DeviceProblem, type MediaChoice } from "./devices";

export interface PreJoinLabels {
  prejoinTitle: string;
  prejoinHelp: string;
  camera: string;
  microphone: string;
  micLevel: string;
  speakerTest: string;
  speakerPlaying: string;
  speakerHelp: string;
  enterWithCamera: string;
  enterWithMicrophone: string;
  previewOff: string;
  deviceDenied: string;
  deviceMissing: string;
  cameraMissing: string;
  microphoneMissing: string;
  deviceBusy: string;
  deviceFailed: string;
  insecureContext: string;
  retryDevices: string;
  receiveOnly: string;
  join: string;
}

interface DeviceOption {
  deviceId: string;
  label: string;
}

/** One sentence per cause, the most actionable first; a missing pair is one message, not two. */
function problemMessages(problems: Capture["problems"], labels: PreJoinLabels): string[] {
  const found = new Set<DeviceProblem>(Object.values(problems));
  const out: string[] = [];
  if (found.has("insecure")) out.push(labels.insecureContext);
  if (found.has("denied")) out.push(labels.deviceDenied);
  if (found.has("busy")) out.push(labels.deviceBusy);
  if (found.has("failed")) out.push(labels.deviceFailed);
  if (problems.camera === "missing" && problems.microphone === "missing") out.push(labels.deviceMissing);
  else if (problems.camera === "missing") out.push(labels.cameraMissing);
  else if (problems.microphone === "missing") out.push(labels.microphoneMissing);
  return out;
}

/** Level of a time-domain buffer on a 0-100 scale: -60 dBFS and below is 0, full scale 100. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/**
 * The device check before entering: camera preview, a live microphone meter,
 * a generated test tone for the speaker, device pickers, and whether to enter
 * with the camera on and the microphone open. Without a usable device (refused,
 * missing, busy, not https) the participant still enters, receive-only.
 */
export function PreJoin(props: {
  grants: ConferenceGrants;
  labels: PreJoinLabels;
  onJoin: (choice: MediaChoice) => void;
}) {
  const { grants, labels } = props;
  const canSend = grants.publishAudio || grants.publishVideo;
  const [cameraOn, setCameraOn] = useState(grants.publishVideo);
  const [microphoneOn, setMicrophoneOn] = useState(grants.publishAudio);
  // what the participant picked; undefined until they pick (the browser's default)
  const [picked, setPicked] = useState<{ camera?: string; microphone?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const [preview, setPreview] = useState<{ camera?: MediaStreamTrack; microphone?: MediaStreamTrack }>({});
  const [problems, setProblems] = useState<Capture["problems"]>({});
  const [checking, setChecking] = useState(canSend);
  const [cameras, setCameras] = useState<DeviceOption[]>([]);
  const [microphones, setMicrophones] = useState<DeviceOption[]>([]);
  // the meter's last reading, of the microphone it was read from (none open: nothing heard)
  const [heard, setHeard] = useState<{ track: MediaStreamTrack; level: number } | null>(null);
  const level = heard && heard.track === preview.microphone ? heard.level : 0;
  const [tonePlaying, setTonePlaying] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const meterContext = useRef<AudioContext | null>(null);
  const ids = useId();

  // called from the effects below: the device lists as the browser tells them now
  const listDevices = useEffectEvent(async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    // before permission the browser lists kinds without ids or names: nothing to pick from yet
    const options = (kind: MediaDeviceKind, name: string) =>
      devices
        .filter((d) => d.kind === kind && d.deviceId)
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${name} ${i + 1}` }));
    setCameras(options("videoinput", labels.camera));
    setMicrophones(options("audioinput", labels.microphone));
    return devices;
  });

  useEffect(() => {
    if (!canSend) return;
    let cancelled = false;
    let opened: MediaStreamTrack[] = [];
    const open = async () => {
      setChecking(true);
      // a kind the machine does not have at all is reported without asking for it
      const present = navigator.mediaDevices ? await listDevices().catch(() => []) : [];
      const has = (kind: MediaDeviceKind) => present.some((d) => d.kind === kind);
      const request = {
        camera: grants.publishVideo && cameraOn && has("videoinput") ? { deviceId: picked.camera } : null,
        microphone: grants.publishAudio && has("audioinput") ? { deviceId: picked.microphone } : null,
      };
      const result = await capture(request);
      opened = [result.camera, result.microphone].filter((t): t is MediaStreamTrack => !!t);
      if (cancelled) {
        opened.forEach((t) => t.stop());
        return;
      }
      const absent: Capture["problems"] = {};
      if (navigator.mediaDevices && grants.publishVideo && cameraOn && !has("videoinput"))
        absent.camera = "missing";
      if (navigator.mediaDevices && grants.publishAudio && !has("audioinput")) absent.microphone = "missing";
      setProblems({ ...absent, ...result.problems });
      setPreview({ camera: result.camera, microphone: result.microphone });
      if (opened.length > 0) await listDevices().catch(() => undefined);
      if (!cancelled) setChecking(false);
    };
    void open();
    return () => {
      cancelled = true;
      opened.forEach((t) => t.stop());
    };
  }, [
    canSend,
    grants.publishVideo,
    grants.publishAudio,
    cameraOn,
    picked.camera,
    picked.microphone,
    attempt,
  ]);

  // a device plugged in or out: refresh the pickers, and try again if something was missing
  useEffect(() => {
    if (!canSend || !navigator.mediaDevices) return;
    const onChange = () => {
      void listDevices().catch(() => undefined);
      if (Object.values(problems).includes("missing")) setAttempt((a) => a + 1);
    };
    navigator.mediaDevices.addEventListener("devicechange", onChange);
    return () => navigator.mediaDevices.removeEventListener("devicechange", onChange);
  }, [canSend, problems]);

  useEffect(() => {
    if (videoRef.current)
      videoRef.current.srcObject = preview.camera ? new MediaStream([preview.camera]) : null;
  }, [preview.camera]);

  // the microphone meter: an AnalyserNode on the open microphone, read ten times a second
  useEffect(() => {
    const track = preview.microphone;
    if (!track) return;
    const context = new AudioContext();
    meterContext.current = context;
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    // without a prior click the autoplay policy may hold the context; a click on the panel resumes it
    void context.resume().catch(() => undefined);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const next = levelOf(samples);
      setHeard((h) => (h?.track === track && h.level === next ? h : { track, level: next }));
    }, 100);
    return () => {
      clearInterval(timer);
      meterContext.current = null;
      void context.close();
    };
  }, [preview.microphone]);

  /** A short two-note tone, generated here: nothing is downloaded. */
  const testSpeaker = async () => {
    if (tonePlaying) return;
    setTonePlaying(true);
    const context = new AudioContext();
    try {
      await context.resume();
      const start = context.currentTime + 0.05;
      for (const [i, hz] of [660, 880].entries()) {
        const at = start + i * 0.45;
        const tone = context.createOscillator();
        const gain = context.createGain();
        tone.frequency.value = hz;
        gain.gain.setValueAtTime(0, at);
        gain.gain.linearRampToValueAtTime(0.25, at + 0.03);
        gain.gain.setValueAtTime(0.25, at + 0.35);
        gain.gain.linearRampToValueAtTime(0, at + 0.4);
        tone.connect(gain).connect(context.destination);
        tone.start(at);
        tone.stop(at + 0.4);
      }
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      setTonePlaying(false);
      void context.close();
    }
  };

  // a device that failed the check is left out (the participant can try again first); one switched
  // off stays in the choice, so the stage can turn it on later
  const usable = (kind: DeviceKind, on: boolean, allowed: boolean) =>
    allowed && !problems[kind]
      ? { deviceId: picked[kind] ?? preview[kind]?.getSettings().deviceId, on }
      : null;
  const choice: MediaChoice = {
    camera: usable("camera", cameraOn, grants.publishVideo),
    microphone: usable("microphone", microphoneOn, grants.publishAudio),
  };

  const join = () => {
    // the preview lets go of the devices before the stage opens them: never held twice
    preview.camera?.stop();
    preview.microphone?.stop();
    props.onJoin(choice);
  };

  const messages = problemMessages(problems, labels);
  const sendsNothing = !checking && !choice.camera && !choice.microphone;

  return (
    <section
      className="card min-w-0 space-y-4"
      data-testid="prejoin"
      onPointerDown={() => void meterContext.current?.resume().catch(() => undefined)}
    >
      <div>
        <h2 className="text-lg font-semibold">{labels.prejoinTitle}</h2>
        <p className="text-sm text-slate-600">{labels.prejoinHelp}</p>
      </div>
      {messages.length > 0 && (
        <div
          role="alert"
          className="space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="device-problem"
        >
          {messages.map((m) => (
            <p key={m}>{m}</p>
          ))}
          {!Object.values(problems).includes("insecure") && (
            <button
              type="button"
              className="btn-secondary mt-2"
              onClick={() => setAttempt((a) => a + 1)}
              disabled={checking}
            >
              {labels.retryDevices}
            </button>
          )}
        </div>
      )}
      <div className="grid min-w-0 gap-4 md:grid-cols-2">
        {grants.publishVideo && (
          <div className="min-w-0 space-y-2">
            <figure className="relative overflow-hidden rounded-md bg-slate-900">
              <video
                ref={videoRef}
                autoPlay
                playsInline
                muted
                className="aspect-video w-full -scale-x-100 object-cover"
                data-testid="preview-video"
              />
              {!preview.camera && (
                <figcaption className="absolute inset-0 flex items-center justify-center text-sm text-slate-200">
                  {labels.previewOff}
                </figcaption>
              )}
            </figure>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-5"
                checked={cameraOn}
                onChange={(e) => setCameraOn(e.target.checked)}
              />
              {labels.enterWithCamera}
            </label>
            {cameras.length > 0 && (
              <div className="min-w-0">
                <label className="label" htmlFor={`${ids}-camera`}>
                  {labels.camera}
                </label>
                <select
                  id={`${ids}-camera`}
                  className="input"
                  value={picked.camera ?? preview.camera?.getSettings().deviceId ?? ""}
                  onChange={(e) => setPicked((p) => ({ ...p, camera: e.target.value }))}
                  disabled={!cameraOn}
                >
                  {cameras.map((d) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
        )}
        <div className="min-w-0 space-y-3">
          {grants.publishAudio && (
            <>
              {microphones.length > 0 && (
                <div className="min-w-0">
                  <label className="label" htmlFor={`${ids}-microphone`}>
                    {labels.microphone}
                  </label>
                  <select
                    id={`${ids}-microphone`}
                    className="input"
                    value={picked.microphone ?? preview.microphone?.getSettings().deviceId ?? ""}
                    onChange={(e) => setPicked((p) => ({ ...p, microphone: e.target.value }))}
                  >
                    {microphones.map((d) => (
                      <option key={d.deviceId} value={d.deviceId}>
                        {d.label}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div>
                <span className="label" id={`${ids}-level`}>
                  {labels.micLevel}
                </span>
                <div
                  role="meter"
                  aria-labelledby={`${ids}-level`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={level}
                  className="h-3 overflow-hidden rounded-full bg-slate-200"
                  data-testid="mic-meter"
                >
                  <div
                    className={`h-full transition-[width] duration-100 ${level > 85 ? "bg-amber-500" : "bg-emerald-500"}`}
                    style={{ width: `${level}%` }}
                  />
                </div>
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={microphoneOn}
                  onChange={(e) => setMicrophoneOn(e.target.checked)}
                />
                {labels.enterWithMicrophone}
              </label>
            </>
          )}
          <div>
            <button
              type="button"
              className="btn-secondary w-full sm:w-auto"
              onClick={() => void testSpeaker()}
              aria-pressed={tonePlaying}
              data-testid="speaker-test"
            >
              🔊 {tonePlaying ? labels.speakerPlaying : labels.speakerTest}
            </button>
            <p className="mt-1 text-xs text-slate-500">{labels.speakerHelp}</p>
          </div>
        </div>
      </div>
      {sendsNothing && (
        <p className="text-sm text-slate-600" data-testid="receive-only">
          {labels.receiveOnly}
        </p>
      )}
      <button type="button" className="btn-primary w-full sm:w-auto" onClick={join}>
        {labels.join}
      </button>
    </section>
  );
}
