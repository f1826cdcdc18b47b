import type { Device } from "mediasoup-client";
import type { Consumer, Producer, RtpCapabilities, Transport } from "mediasoup-client/types";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import type { ConferenceGrants } from "@/server/domain/conferences/grants";
import type { AckResponse, MediaJoinReply, PushPayload, SignallingSocket } from "@/app/ui/signalling-socket";
import { capture, type DeviceProblem, type MediaChoice } from "./devices";
import { useMediaDiagnostics } from "./media-diagnostics";
import type { MediaLabels } from "./media-stage";
import type { Tile } from "./media-tiles";
import { loadedDevice } from "./sfu-device";
import { CAMERA_ENCODINGS } from "./simulcast-layer";
import { useLayerRequests, type RequestedLayer } from "./use-layer-requests";

type ProducerInfo = PushPayload<"media:newProducer">;

const REBUILD_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

/** An answer that arrived after its session was torn down: ignored, not an error. */
class Superseded extends Error {}

/** The server's refusal, with its code (NOT_FOUND for a producer that closed while we asked for it). */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const closedMeanwhile = (e: unknown) =>
  e instanceof Superseded || (e instanceof Refused && e.code === "NOT_FOUND");

/**
 * The room's media through mediasoup-client: camera and microphone out (as the
 * role's grants and the pre-join choice allow), everyone else's in.
 *
 * The devices are opened once for the stage's life; the SFU session (Device,
 * transports, producers, consumers) is built per `session` and again from
 * scratch whenever it is lost: a new signalling connection (the server dropped
 * our peer with the old socket), the room's router gone with its worker, or a
 * transport that ICE restart could not save. Local tracks survive each rebuild.
 */
export function useConferenceMedia({
  socket,
  session,
  conferenceId,
  grants,
  labels,
  choice,
  routerRtpCapabilities,
  onSettled,
  takeEnteredMedia,
}: {
  socket: SignallingSocket;
  /** changes each time the room is entered on a live connection; null while the connection is down */
  session: number | null;
  conferenceId: string;
  grants: ConferenceGrants;
  labels: MediaLabels;
  choice: MediaChoice;
  /** the SFU's router capabilities as the page knew them: the Device is loaded with them ahead of time */
  routerRtpCapabilities: RtpCapabilities | null;
  /** the session is built (or failed): what waited for the media to go first may run now */
  onSettled?: () => void;
  /** the media the room's entry entered on the server (conference:join), if it did: no media:join then */
  takeEnteredMedia?: () => MediaJoinReply | null;
}) {
  const settled = useEffectEvent(() => onSettled?.());
  const [tiles, setTiles] = useState<Tile[]>([]);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [deviceProblem, setDeviceProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // the room closed under us (its worker died): say so once media is back
  const recovering = useRef(false);
  const [muted, setMuted] = useState(!choice.microphone?.on);
  const [cameraOff, setCameraOff] = useState(!choice.camera?.on);
  const [sharing, setSharing] = useState(false);
  const [speaking, setSpeaking] = useState<string | null>(null);
  // bumped to build the SFU session again (room closed, failed transport, failed attempt)
  const [rebuild, setRebuild] = useState(0);
  const producers = useRef<Map<string, Producer>>(new Map());
  const sendRef = useRef<Transport | undefined>(undefined);
  const consumers = useRef<Map<string, Consumer>>(new Map());
  const tracks = useRef<{ camera?: MediaStreamTrack; microphone?: MediaStreamTrack }>({});
  const opened = useRef<Promise<void>>(Promise.resolve());
  // read inside the session's callbacks, which outlive a render
  const mutedRef = useRef(muted);
  const cameraOffRef = useRef(cameraOff);
  const failures = useRef(0);
  const iceRestarts = useRef(0);
  const requestedLayers = useRef<Map<string, RequestedLayer>>(new Map());

  const showLocal = () => {
    const camera = tracks.current.camera;
    setLocal(camera ? new MediaStream([camera]) : null);
  };

  const deviceMessage = (problem: DeviceProblem) =>
    problem === "denied"
      ? labels.mediaDenied
      : problem === "missing"
        ? labels.mediaMissing
        : labels.mediaUnavailable;

  /** Sends a local track on the current send transport, paused if the participant has it off. */
  const publish = async (source: "camera" | "microphone") => {
    const send = sendRef.current;
    const track = tracks.current[source];
    if (!send || send.closed || !track || producers.current.has(source)) return;
    const producer = await send.produce({
      track,
      // the track belongs to the stage, not to this session: a rebuild sends it again
      stopTracks: false,
      appData: { source },
      ...(source === "camera" ? { encodings: CAMERA_ENCODINGS.map((e) => ({ ...e })) } : {}),
    });
    if (send !== sendRef.current || send.closed) {
      producer.close();
      return;
    }
    producers.current.set(source, producer);
    if (source === "microphone" ? mutedRef.current : cameraOffRef.current) producer.pause();
  };

  // the choice is made once, before entering: what to open is read when the stage opens its devices
  const wantedDevices = useEffectEvent(() => ({
    camera: grants.publishVideo && choice.camera?.on ? { deviceId: choice.camera.deviceId } : null,
    microphone: grants.publishAudio && choice.microphone ? { deviceId: choice.microphone.deviceId } : null,
  }));
  const reportDeviceProblem = useEffectEvent((failed: DeviceProblem) =>
    setDeviceProblem(deviceMessage(failed)),
  );

  // The devices chosen before entering, opened once; the pre-join check has let go of them.
  useEffect(() => {
    let cancelled = false;
    opened.current = capture(wantedDevices()).then((result) => {
      if (cancelled) {
        result.camera?.stop();
        result.microphone?.stop();
        return;
      }
      tracks.current = { camera: result.camera, microphone: result.microphone };
      if (result.microphone) result.microphone.enabled = !mutedRef.current;
      showLocal();
      const failed = Object.values(result.problems)[0];
      if (failed) reportDeviceProblem(failed);
    });
    return () => {
      cancelled = true;
      tracks.current.camera?.stop();
      tracks.current.microphone?.stop();
      tracks.current = {};
    };
  }, []);

  // the session's words, read when they are said
  const reportUnavailable = useEffectEvent((e: Error) =>
    setProblem(`${labels.mediaUnavailable} (${e.message})`),
  );
  const sayRecovered = useEffectEvent(() => setNotice(labels.mediaRecovered));
  // read when a session starts: the page sends a new (equal) object each time it is refreshed,
  // which must not rebuild the session
  const pageCapabilities = useEffectEvent(() => routerRtpCapabilities);
  const enteredWithRoom = useEffectEvent(() => takeEnteredMedia?.() ?? null);

  useEffect(() => {
    if (session === null) return;
    let cancelled = false;
    let device: Device | undefined;
    let send: Transport | undefined;
    let recv: Transport | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // producers announced while this session is still being built wait here
    let pending: ProducerInfo[] | null = [];
    const consumedProducers = new Set<string>();
    // the stage's maps (never replaced), emptied when this session is torn down
    const sessionConsumers = consumers.current;
    const sessionProducers = producers.current;
    const askedLayers = requestedLayers.current;

    /** One request of this session (`request` emits it), its reply's data or its refusal thrown. */
    const ask = async <T>(request: () => Promise<AckResponse<T>>): Promise<T> => {
      // socket.io would hold an emit made while disconnected and send it on the next connection,
      // where it means nothing: a torn-down session asks nothing more
      if (cancelled) throw new Superseded();
      const reply = await request();
      if (cancelled) throw new Superseded();
      if (!reply.ok) throw new Refused(reply.error.code, reply.error.message);
      return reply.data;
    };

    const again = () => {
      if (cancelled || retry) return;
      const delay = REBUILD_DELAYS_MS[Math.min(failures.current, REBUILD_DELAYS_MS.length - 1)]!;
      failures.current += 1;
      retry = setTimeout(() => setRebuild((n) => n + 1), delay);
    };
    const fail = (e: unknown) => {
      if (cancelled || e instanceof Superseded) return;
      settled();
      reportUnavailable(e as Error);
      again();
    };

    /**
     * Receives these producers: one request makes all their consumers (paused), the browser
     * wires each track, and one request resumes them all (the SFU asks each camera for a key
     * frame as it resumes). Producers that closed meanwhile (their owner left) are skipped.
     */
    const consume = async (infos: ProducerInfo[]) => {
      const wanted = infos.filter((p) => !consumedProducers.has(p.producerId));
      if (!device || !recv || cancelled || wanted.length === 0) return;
      const { rtpCapabilities } = device;
      const receiving = recv;
      for (const p of wanted) consumedProducers.add(p.producerId);
      try {
        const { consumers: options, closed } = await ask(() =>
          socket.emitWithAck("media:consume:batch", {
            conferenceId,
            transportId: receiving.id,
            producerIds: wanted.map((p) => p.producerId),
            rtpCapabilities,
          }),
        );
        for (const producerId of closed) consumedProducers.delete(producerId);
        const made = await Promise.all(
          options.map((o) => receiving.consume({ ...o, appData: { source: o.source } })),
        );
        if (cancelled) {
          for (const c of made) c.close();
          return;
        }
        for (const c of made) consumers.current.set(c.id, c);
        if (made.length > 0)
          await ask(() =>
            socket.emitWithAck("media:consumers:resume", {
              conferenceId,
              consumerIds: made.map((c) => c.id),
            }),
          );
        setTiles((t) => [
          ...t,
          ...made.map((consumer, i) => ({
            consumerId: consumer.id,
            producerId: options[i]!.producerId,
            practitionerId: options[i]!.practitionerId,
            kind: options[i]!.kind,
            source: options[i]!.source,
            track: consumer.track,
            stream: new MediaStream([consumer.track]),
          })),
        ]);
      } catch (e) {
        for (const p of wanted) consumedProducers.delete(p.producerId);
        // a producer closed while we asked for it (its owner left): nothing to show
        if (!closedMeanwhile(e)) throw e;
      }
    };

    const wire = (transport: Transport) => {
      transport.on("connect", ({ dtlsParameters }, done, failed) => {
        ask(() =>
          socket.emitWithAck("media:transport:connect", {
            conferenceId,
            transportId: transport.id,
            dtlsParameters,
          }),
        ).then(() => done(), failed);
      });
      // a network change (Wi-Fi to mobile, a new address) breaks ICE: new ICE credentials from the
      // SFU let the browser find a path again without a new transport; if that fails, rebuild
      let restarting = false;
      transport.on("connectionstatechange", (state) => {
        if (cancelled || restarting || (state !== "failed" && state !== "disconnected")) return;
        restarting = true;
        iceRestarts.current += 1;
        ask(() =>
          socket.emitWithAck("media:transport:restartIce", { conferenceId, transportId: transport.id }),
        )
          .then(({ iceParameters }) => transport.restartIce({ iceParameters }))
          .catch((e: unknown) => {
            if (state === "failed") fail(e);
          })
          .finally(() => {
            restarting = false;
          });
      });
    };

    /**
     * Everything that does not wait on something else runs at once: the devices open while
     * the join (with both transports) is asked for; then receiving and sending go side by side,
     * so the receiving transport's ICE and DTLS start while the camera is still being produced.
     */
    const start = async () => {
      // entered with the room (the first session of an entry), else asked for now
      const entered = enteredWithRoom();
      const joining = entered
        ? Promise.resolve(entered)
        : ask(() => socket.emitWithAck("media:join", { conferenceId, transports: true }));
      // loaded during the device check with the page's capabilities; again only if the router's differ
      const expected = pageCapabilities();
      const preloaded = expected ? loadedDevice(expected) : null;
      preloaded?.catch(() => undefined);
      const joined = await joining;
      // someone may be speaking already: the event only tells changes
      setSpeaking(joined.activeSpeaker?.practitionerId ?? null);
      device =
        preloaded && JSON.stringify(joined.rtpCapabilities) === JSON.stringify(expected)
          ? await preloaded
          : await loadedDevice(joined.rtpCapabilities);
      if (cancelled) throw new Superseded();
      const sendOptions =
        joined.send ?? (await ask(() => socket.emitWithAck("media:transport:create", { conferenceId })));
      send = device.createSendTransport({ ...sendOptions, iceServers: joined.iceServers });
      sendRef.current = send;
      wire(send);
      const sending = send;
      send.on("produce", ({ kind, rtpParameters, appData }, done, failed) => {
        ask(() =>
          socket.emitWithAck("media:produce", {
            conferenceId,
            transportId: sending.id,
            kind,
            rtpParameters,
            source: appData.source,
          }),
        ).then(({ producerId }) => done({ id: producerId }), failed);
      });
      const recvOptions =
        joined.recv ?? (await ask(() => socket.emitWithAck("media:transport:create", { conferenceId })));
      recv = device.createRecvTransport({ ...recvOptions, iceServers: joined.iceServers });
      wire(recv);

      const waiting = pending ?? [];
      pending = null;
      // what is in the room already, and what was announced while joining, in one batch
      const receiving = consume([...joined.producers, ...waiting]);
      const publishing = opened.current.then(() => Promise.all([publish("camera"), publish("microphone")]));
      await Promise.all([receiving, publishing]);
      settled();
      failures.current = 0;
      setProblem(null);
      if (recovering.current) {
        recovering.current = false;
        sayRecovered();
      }
    };

    const onNewProducer = (p: ProducerInfo) => {
      if (pending) pending.push(p);
      // one stream that cannot be received is reported; the rest of the session stands
      else consume([p]).catch((e: Error) => reportUnavailable(e));
    };
    const onProducerClosed = (p: ProducerInfo) => {
      for (const c of consumers.current.values()) {
        if (c.producerId !== p.producerId) continue;
        c.close();
        consumers.current.delete(c.id);
      }
      consumedProducers.delete(p.producerId);
      setTiles((t) => t.filter((tile) => tile.producerId !== p.producerId));
    };
    // the worker under this room died: the server rebuilds it on a live one, and we start again there
    const onRoomClosed = (p: PushPayload<"media:roomClosed">) => {
      if (p.conferenceId !== conferenceId || cancelled) return;
      recovering.current = true;
      setRebuild((n) => n + 1);
    };
    socket.on("media:newProducer", onNewProducer);
    socket.on("media:producerClosed", onProducerClosed);
    socket.on("media:roomClosed", onRoomClosed);
    start().catch(fail);

    return () => {
      cancelled = true;
      clearTimeout(retry);
      socket.off("media:newProducer", onNewProducer);
      socket.off("media:producerClosed", onProducerClosed);
      socket.off("media:roomClosed", onRoomClosed);
      for (const c of sessionConsumers.values()) c.close();
      sessionConsumers.clear();
      for (const p of sessionProducers.values()) p.close();
      sessionProducers.clear();
      send?.close();
      recv?.close();
      sendRef.current = undefined;
      askedLayers.clear();
      setTiles([]);
      setSharing(false);
    };
  }, [socket, conferenceId, session, rebuild]);

  // a moderator muted us: the server already stopped forwarding; pause here too so the button says so
  const mutedByHost = useEffectEvent(() => {
    mutedRef.current = true;
    void producers.current.get("microphone")?.pause();
    if (tracks.current.microphone) tracks.current.microphone.enabled = false;
    setMuted(true);
    setProblem(labels.mutedByHost);
  });
  useEffect(() => {
    const onActiveSpeaker = (p: PushPayload<"media:activeSpeaker">) => setSpeaking(p.practitionerId);
    const onMuted = (p: PushPayload<"moderation:muted">) => {
      if (p.conferenceId === conferenceId) mutedByHost();
    };
    socket.on("moderation:muted", onMuted);
    socket.on("media:activeSpeaker", onActiveSpeaker);
    return () => {
      socket.off("media:activeSpeaker", onActiveSpeaker);
      socket.off("moderation:muted", onMuted);
    };
  }, [socket, conferenceId]);

  useMediaDiagnostics({ consumers, producers, requestedLayers, iceRestarts });
  const { tileLayers, setTileWidth } = useLayerRequests({ socket, conferenceId, tiles, requestedLayers });

  // the brief word after a recovery goes after a few seconds
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

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

  const toggleMicrophone = () => {
    const next = !mutedRef.current;
    mutedRef.current = next;
    setMuted(next);
    if (tracks.current.microphone) tracks.current.microphone.enabled = !next;
    const producer = producers.current.get("microphone");
    if (next) producer?.pause();
    else producer?.resume();
  };

  const toggleCamera = async () => {
    const next = !cameraOffRef.current;
    if (!next && !tracks.current.camera) {
      // entered with the camera off: it is opened only now
      const result = await capture({ camera: { deviceId: choice.camera?.deviceId }, microphone: null });
      if (!result.camera) {
        setDeviceProblem(deviceMessage(result.problems.camera ?? "failed"));
        return;
      }
      tracks.current.camera = result.camera;
      setDeviceProblem(null);
      showLocal();
    }
    cameraOffRef.current = next;
    setCameraOff(next);
    if (tracks.current.camera) tracks.current.camera.enabled = !next;
    const producer = producers.current.get("camera");
    if (producer) {
      if (next) producer.pause();
      else producer.resume();
    } else if (!next) {
      await publish("camera").catch((e: Error) => {
        if (!(e instanceof Superseded)) setProblem(`${labels.mediaUnavailable} (${e.message})`);
      });
    }
  };

  return {
    tiles,
    local,
    deviceProblem,
    problem,
    notice,
    tileLayers,
    setTileWidth,
    muted,
    cameraOff,
    sharing,
    speaking,
    toggleMicrophone,
    toggleCamera,
    toggleScreen,
  };
}
