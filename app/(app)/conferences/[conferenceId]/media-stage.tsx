"use client";

import { Device } from "mediasoup-client";
import type { Consumer, Producer, RtpCapabilities, Transport } from "mediasoup-client/types";
import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { ConferenceGrants } from "@/server/domain/conferences/grants";

export interface MediaLabels {
  mediaDenied: string;
  mediaMissing: string;
  mediaUnavailable: string;
  you: string;
  mute: string;
  unmute: string;
  cameraOff: string;
  cameraOn: string;
  shareScreen: string;
  stopSharing: string;
  screenOf: string;
  mutedByHost: string;
}

interface Tile {
  consumerId: string;
  producerId: string;
  practitionerId: string;
  kind: "audio" | "video";
  source: string;
  track: MediaStreamTrack;
}

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
interface ProducerInfo {
  producerId: string;
  practitionerId: string;
  kind: "audio" | "video";
  source: string;
}

// Three simulcast layers; each receiver asks for the layer its tile needs.
const CAMERA_ENCODINGS = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/**
 * The room's media through mediasoup-client: camera and microphone out (as the
 * role's grants allow), everyone else's in. Rebuilt from scratch when the
 * server says the room's router is gone (a worker died).
 */
export function MediaStage(props: {
  socket: Socket;
  conferenceId: string;
  /** the signed-in practitioner, to mark their own preview when they speak */
  me: string;
  grants: ConferenceGrants;
  names: Record<string, string>;
  labels: MediaLabels;
}) {
  const { socket, conferenceId, grants, labels } = props;
  const [tiles, setTiles] = useState<Tile[]>([]);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [speaking, setSpeaking] = useState<string | null>(null);
  const producers = useRef<Map<string, Producer>>(new Map());
  const sendRef = useRef<Transport | undefined>(undefined);
  const consumers = useRef<Map<string, Consumer>>(new Map());

  useEffect(() => {
    let cancelled = false;
    let send: Transport | undefined;
    let recv: Transport | undefined;
    let stream: MediaStream | undefined;

    const ask = async <T,>(event: string, payload: Record<string, unknown>): Promise<T> => {
      const reply = (await socket.emitWithAck(event, { conferenceId, ...payload })) as Reply<T>;
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.data;
    };

    const consume = async (device: Device, info: ProducerInfo) => {
      if (!recv || cancelled) return;
      const options = await ask<{
        id: string;
        producerId: string;
        kind: "audio" | "video";
        rtpParameters: never;
        practitionerId: string;
        source: string;
      }>("media:consume", {
        transportId: recv.id,
        producerId: info.producerId,
        rtpCapabilities: device.rtpCapabilities,
      });
      const consumer = await recv.consume({ ...options, appData: { source: options.source } });
      consumers.current.set(consumer.id, consumer);
      await ask("media:consumer:resume", { consumerId: consumer.id });
      setTiles((t) => [
        ...t,
        {
          consumerId: consumer.id,
          producerId: info.producerId,
          practitionerId: options.practitionerId,
          kind: options.kind,
          source: options.source,
          track: consumer.track,
        },
      ]);
    };

    const start = async () => {
      const joined = await ask<{ rtpCapabilities: RtpCapabilities; producers: ProducerInfo[] }>(
        "media:join",
        {},
      );
      const device = new Device();
      await device.load({ routerRtpCapabilities: joined.rtpCapabilities });

      const wire = (transport: Transport) => {
        transport.on("connect", ({ dtlsParameters }, done, fail) => {
          ask("media:transport:connect", { transportId: transport.id, dtlsParameters }).then(
            () => done(),
            fail,
          );
        });
        transport.on("connectionstatechange", (state) => {
          if (state === "failed" || state === "disconnected") {
            void ask<{ iceParameters: never }>("media:transport:restartIce", { transportId: transport.id })
              .then(({ iceParameters }) => transport.restartIce({ iceParameters }))
              .catch(() => undefined);
          }
        });
      };
      send = device.createSendTransport(await ask("media:transport:create", {}));
      sendRef.current = send;
      wire(send);
      send.on("produce", ({ kind, rtpParameters, appData }, done, fail) => {
        ask<{ producerId: string }>("media:produce", {
          transportId: send!.id,
          kind,
          rtpParameters,
          source: appData.source,
        }).then(({ producerId }) => done({ id: producerId }), fail);
      });
      recv = device.createRecvTransport(await ask("media:transport:create", {}));
      wire(recv);

      if (grants.publishAudio || grants.publishVideo) {
        try {
          stream = await navigator.mediaDevices.getUserMedia({
            audio: grants.publishAudio,
            video: grants.publishVideo ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
          });
          if (cancelled) return;
          setLocal(stream);
          const video = stream.getVideoTracks()[0];
          const audio = stream.getAudioTracks()[0];
          if (video)
            producers.current.set(
              "camera",
              await send.produce({
                track: video,
                encodings: CAMERA_ENCODINGS,
                appData: { source: "camera" },
              }),
            );
          if (audio)
            producers.current.set(
              "microphone",
              await send.produce({ track: audio, appData: { source: "microphone" } }),
            );
        } catch (e) {
          const name = e instanceof DOMException ? e.name : "";
          setProblem(
            name === "NotAllowedError"
              ? labels.mediaDenied
              : name === "NotFoundError"
                ? labels.mediaMissing
                : (e as Error).message,
          );
        }
      }
      for (const p of joined.producers) await consume(device, p);
      socket.on(
        "media:newProducer",
        (p: ProducerInfo) => void consume(device, p).catch((e: Error) => setProblem(e.message)),
      );
    };

    const onProducerClosed = (p: ProducerInfo) =>
      setTiles((t) => t.filter((tile) => tile.producerId !== p.producerId));
    const onRoomClosed = (p: { conferenceId: string }) => {
      if (p.conferenceId !== conferenceId) return;
      // the worker under this room died: start again on a live one
      stop();
      setTiles([]);
      void start().catch((e: Error) => setProblem(e.message));
    };
    const stop = () => {
      socket.off("media:newProducer");
      for (const c of consumers.current.values()) c.close();
      consumers.current.clear();
      for (const p of producers.current.values()) p.close();
      producers.current.clear();
      send?.close();
      recv?.close();
    };
    const onActiveSpeaker = (p: { practitionerId: string }) => setSpeaking(p.practitionerId);
    // a moderator muted us: the server already stopped forwarding; pause here too so the button says so
    const onMuted = (p: { conferenceId: string }) => {
      if (p.conferenceId !== conferenceId) return;
      void producers.current.get("microphone")?.pause();
      setMuted(true);
      setProblem(labels.mutedByHost);
    };
    socket.on("moderation:muted", onMuted);
    socket.on("media:activeSpeaker", onActiveSpeaker);
    socket.on("media:producerClosed", onProducerClosed);
    socket.on("media:roomClosed", onRoomClosed);
    start().catch((e: Error) => setProblem(`${labels.mediaUnavailable} (${e.message})`));

    // diagnostics for support staff and tests: what each incoming stream decodes
    (window as unknown as { okinetMediaStats?: () => Promise<unknown[]> }).okinetMediaStats = async () => {
      const out: unknown[] = [];
      for (const c of consumers.current.values()) {
        const layer = requestedLayers.current.get(c.id);
        for (const s of (await c.getStats()).values()) {
          const r = s as {
            type: string;
            kind?: string;
            framesDecoded?: number;
            packetsReceived?: number;
            bytesReceived?: number;
          };
          if (r.type === "inbound-rtp")
            out.push({
              kind: r.kind,
              framesDecoded: r.framesDecoded ?? 0,
              packetsReceived: r.packetsReceived ?? 0,
              bytesReceived: r.bytesReceived ?? 0,
              source: (c.appData as { source?: string }).source,
              requestedLayer: layer?.layer,
              layerAccepted: layer?.accepted,
            });
        }
      }
      return out;
    };

    return () => {
      cancelled = true;
      socket.off("media:producerClosed", onProducerClosed);
      socket.off("media:activeSpeaker", onActiveSpeaker);
      socket.off("moderation:muted", onMuted);
      socket.off("media:roomClosed", onRoomClosed);
      stop();
      stream?.getTracks().forEach((t) => t.stop());
    };
    // one media session per mounted room; labels and grants are fixed for it
  }, [socket, conferenceId]);

  // Each receiver asks for the simulcast layer its tiles need: one large tile gets
  // the full resolution, a grid of small ones the lowest (saves the SFU's and the
  // phone's bandwidth).
  const requestedLayers = useRef<Map<string, { layer: number; accepted?: boolean }>>(new Map());
  useEffect(() => {
    const cameras = tiles.filter((t) => t.kind === "video" && t.source === "camera");
    const layer = cameras.length <= 1 ? 2 : cameras.length <= 4 ? 1 : 0;
    for (const tile of cameras) {
      if (requestedLayers.current.get(tile.consumerId)?.layer === layer) continue;
      const request: { layer: number; accepted?: boolean } = { layer };
      requestedLayers.current.set(tile.consumerId, request);
      void socket
        .emitWithAck("media:consumer:layers", {
          conferenceId,
          consumerId: tile.consumerId,
          spatialLayer: layer,
        })
        .then((reply: { ok: boolean }) => {
          request.accepted = reply.ok;
        });
    }
  }, [tiles, socket, conferenceId]);

  /** Screen sharing is a producer of its own (images, documents), shown large to everyone else. */
  const toggleScreen = async () => {
    const current = producers.current.get("screen");
    if (current) {
      current.close();
      current.track?.stop();
      producers.current.delete("screen");
      await socket.emitWithAck("media:producer:close", { conferenceId, producerId: current.id });
      setSharing(false);
      return;
    }
    if (!sendRef.current) return;
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 } });
      const track = display.getVideoTracks()[0];
      if (!track) return;
      const producer = await sendRef.current.produce({ track, appData: { source: "screen" } });
      producers.current.set("screen", producer);
      setSharing(true);
      // the browser's own "stop sharing" ends it too
      track.addEventListener("ended", () => {
        if (producers.current.get("screen") === producer) void toggleScreen();
      });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === "NotAllowedError")) setProblem((e as Error).message);
    }
  };

  const toggle = (source: "microphone" | "camera") => {
    const producer = producers.current.get(source);
    if (!producer) return;
    if (producer.paused) producer.resume();
    else producer.pause();
    if (source === "microphone") setMuted(producer.paused);
    else setCameraOff(producer.paused);
  };

  return (
    <div className="space-y-2">
      {problem && (
        <p
          role="alert"
          className="rounded-md bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="media-problem"
        >
          {problem}
        </p>
      )}
      {tiles
        .filter((t) => t.kind === "video" && t.source === "screen")
        .map((t) => (
          <VideoTile
            key={t.consumerId}
            stream={new MediaStream([t.track])}
            label={`${labels.screenOf} ${props.names[t.practitionerId] ?? ""}`}
            testId="screen-tile"
            contain
          />
        ))}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="media-grid">
        {local && <VideoTile stream={local} label={labels.you} muted speaking={speaking === props.me} />}
        {tiles
          .filter((t) => t.kind === "video" && t.source !== "screen")
          .map((t) => (
            <VideoTile
              key={t.consumerId}
              stream={new MediaStream([t.track])}
              label={props.names[t.practitionerId] ?? ""}
              speaking={speaking === t.practitionerId}
            />
          ))}
        {tiles
          .filter((t) => t.kind === "audio")
          .map((t) => (
            <AudioSink key={t.consumerId} track={t.track} />
          ))}
      </div>
      <div className="flex gap-2">
        {grants.publishAudio && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => toggle("microphone")}
            aria-pressed={muted}
          >
            {muted ? labels.unmute : labels.mute}
          </button>
        )}
        {grants.publishVideo && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => toggle("camera")}
            aria-pressed={cameraOff}
          >
            {cameraOff ? labels.cameraOn : labels.cameraOff}
          </button>
        )}
        {grants.shareScreen && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => void toggleScreen()}
            aria-pressed={sharing}
          >
            {sharing ? labels.stopSharing : labels.shareScreen}
          </button>
        )}
      </div>
    </div>
  );
}

function VideoTile({
  stream,
  label,
  muted = false,
  speaking = false,
  contain = false,
  testId = "video-tile",
}: {
  stream: MediaStream;
  label: string;
  muted?: boolean;
  speaking?: boolean;
  contain?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure
      className={`relative overflow-hidden rounded-md bg-slate-900 ${speaking ? "ring-4 ring-amber-400" : ""}`}
      data-testid={testId}
      data-speaking={speaking || undefined}
    >
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={muted}
        className={`aspect-video w-full ${contain ? "object-contain" : "object-cover"}`}
      />
      <figcaption className="absolute bottom-1 left-1 rounded bg-black/60 px-2 text-xs text-white">
        {label}
      </figcaption>
    </figure>
  );
}

function AudioSink({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = new MediaStream([track]);
  }, [track]);
  return <audio ref={ref} autoPlay />;
}
