import type {
  WebRtcServer,
  AudioLevelObserver,
  Consumer,
  DtlsParameters,
  MediaKind,
  PlainTransport,
  Producer,
  Router,
  RtpCapabilities,
  RtpParameters,
  TransportListenInfo,
  WebRtcTransport,
} from "mediasoup/types";
import { EnhancedEventEmitter } from "mediasoup/extras";
import { DomainError, notFound } from "../errors";
import { MEDIA_CODECS } from "./codecs";
import type { WorkerPool } from "./worker-pool";

export type MediaSource = "camera" | "microphone" | "screen";

export const TRANSPORT_WIDE_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
export const ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

/**
 * A receiver's capabilities without the bandwidth estimate's feedback (transport-cc,
 * REMB). The SFU uses a receiver's estimate only to choose the layer of a stream that has
 * layers (simulcast, SVC); for a single-layer stream (a voice, a one-encoding video such
 * as a screen share) it changes nothing that is sent, and asking for it costs per packet
 * (a sequence number, a feedback packet to decrypt and digest every ~100 ms) and per
 * transport (the estimator's pacer timer). mediasoup starts that estimator on a transport
 * with its first video consumer that has the feedback; a layered stream consumed later
 * still starts it.
 */
export function withoutBandwidthEstimation(caps: RtpCapabilities): RtpCapabilities {
  return {
    ...caps,
    codecs: caps.codecs?.map((c) => ({
      ...c,
      rtcpFeedback: c.rtcpFeedback?.filter((f) => f.type !== "transport-cc" && f.type !== "goog-remb"),
    })),
    headerExtensions: caps.headerExtensions?.filter(
      (h) => h.uri !== TRANSPORT_WIDE_CC && h.uri !== ABS_SEND_TIME,
    ),
  };
}

/**
 * How long a video sender is left before it is asked for another key frame. A browser's
 * encoder (libwebrtc: Chromium, Safari, Firefox) ignores a key-frame request that comes
 * within 300 ms of the last one it honoured, and mediasoup repeats an unanswered request
 * only after a second: two receivers that resume one camera within 300 ms of each other (two
 * people entering together, a re-entry right after a first picture) left the second a blank
 * tile for about 1.2 s. With this, the worker holds a request that comes too soon and sends it
 * once the sender listens again (the bare floor of bench/conference-join.ts, traced with the
 * producer's 'pli' and 'keyframe' events and the sender's pliCount and keyFramesEncoded).
 */
export const KEY_FRAME_REQUEST_DELAY_MS = 350;

export interface ProducerInfo {
  producerId: string;
  peerId: string;
  practitionerId: string;
  kind: MediaKind;
  source: MediaSource;
}

interface Peer {
  practitionerId: string;
  /** browsers get WebRTC transports; plain RTP ones only come from server-side code */
  transports: Map<string, WebRtcTransport | PlainTransport>;
  producers: Map<string, Producer>;
  consumers: Map<string, Consumer>;
}

export type RoomEvents = {
  /** a participant started sending something others can consume */
  newproducer: [info: ProducerInfo];
  producerclosed: [info: ProducerInfo];
  /** the loudest voice changed (mediasoup's AudioLevelObserver); null: everyone fell silent */
  activespeaker: [speaker: { practitionerId: string; peerId: string } | null];
  /** the room's router is gone (its worker died, or the room closed) */
  close: [];
};

/**
 * Loudest-voice detection: the loudest voice above -60 dBov, averaged over 800 ms
 * windows: steady for the UI, and it works for any sound (the dominant-speaker
 * observer is tuned to speech only). The worker reads each packet's level from
 * the ssrc-audio-level header extension (RFC 6464), which browsers send when the
 * router offers it (mediasoup's default capabilities do), and needs 10 packets
 * in a window before it counts a producer.
 */
export const SPEAKER_DETECTION = { maxEntries: 1, threshold: -60, interval: 800 } as const;

/**
 * One conference's media: a router on the least-loaded worker and, per
 * participant, their transports, producers and consumers. In the style of
 * mediasoup's own classes: #private state, typed events, close() once,
 * cascading to everything inside.
 */
export class Room extends EnhancedEventEmitter<RoomEvents> {
  readonly conferenceId: string;
  readonly #router: Router;
  readonly #speaker: AudioLevelObserver;
  #speaking: { practitionerId: string; peerId: string } | null = null;
  readonly #listenInfos: TransportListenInfo[];
  readonly #webRtcServer: WebRtcServer | undefined;
  /** keyed by peer id (one socket): a practitioner may be in with two devices */
  readonly #peers = new Map<string, Peer>();
  /**
   * When each video producer's sender was last asked for a key frame through a consumer's
   * resume or layer change (performance.now()): a layer change is held until the sender
   * listens again (see setPreferredLayers).
   */
  readonly #keyFrameAskedAt = new Map<string, number>();
  #closed = false;

  static async create(
    conferenceId: string,
    pool: WorkerPool,
    listenInfos: TransportListenInfo[],
  ): Promise<Room> {
    const worker = pool.leastLoaded();
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { conferenceId } });
    const speaker = await router.createAudioLevelObserver(SPEAKER_DETECTION);
    return new Room(conferenceId, router, listenInfos, worker.pid, speaker, pool.webRtcServerOf(worker));
  }

  /** The worker process carrying this room, for diagnostics. */
  readonly workerPid: number;

  private constructor(
    conferenceId: string,
    router: Router,
    listenInfos: TransportListenInfo[],
    workerPid: number,
    speaker: AudioLevelObserver,
    webRtcServer: WebRtcServer | undefined,
  ) {
    super();
    this.conferenceId = conferenceId;
    this.workerPid = workerPid;
    this.#router = router;
    this.#speaker = speaker;
    speaker.on("volumes", (volumes) => {
      const loudest = volumes[0]?.producer.appData as
        { peerId?: string; practitionerId?: string } | undefined;
      if (loudest?.peerId && loudest.practitionerId && loudest.peerId !== this.#speaking?.peerId) {
        this.#speaking = { peerId: loudest.peerId, practitionerId: loudest.practitionerId };
        this.emit("activespeaker", this.#speaking);
      }
    });
    // the worker says "silence" once, when the last voice above the threshold stops
    speaker.on("silence", () => {
      this.#speaking = null;
      this.emit("activespeaker", null);
    });
    this.#listenInfos = listenInfos;
    this.#webRtcServer = webRtcServer;
    // the worker died under us: everything here is gone; the registry rebuilds on the next join
    router.observer.on("close", () => this.close());
  }

  get closed() {
    return this.#closed;
  }
  /** The loudest voice now, for someone who joins while it speaks (the event only tells changes). */
  get activeSpeaker(): { practitionerId: string; peerId: string } | null {
    return this.#speaking;
  }
  get rtpCapabilities(): RtpCapabilities {
    return this.#router.rtpCapabilities;
  }
  get peerCount() {
    return this.#peers.size;
  }

  producers(exceptPeerId?: string): ProducerInfo[] {
    const all: ProducerInfo[] = [];
    for (const [peerId, peer] of this.#peers) {
      if (peerId === exceptPeerId) continue;
      for (const p of peer.producers.values()) all.push(infoOf(peerId, peer.practitionerId, p));
    }
    return all;
  }

  /** Registers a peer (idempotent); every other method refuses unknown peers. */
  addPeer(peerId: string, practitionerId: string) {
    this.#assertOpen();
    if (!this.#peers.has(peerId)) {
      this.#peers.set(peerId, {
        practitionerId,
        transports: new Map(),
        producers: new Map(),
        consumers: new Map(),
      });
    }
  }

  #peer(peerId: string): Peer {
    this.#assertOpen();
    const peer = this.#peers.get(peerId);
    if (!peer) throw new DomainError("CONFLICT", "media.notInRoomJoinAgain");
    return peer;
  }

  #assertOpen() {
    if (this.#closed) throw new DomainError("CONFLICT", "media.roomClosedJoinAgain");
  }

  async createTransport(peerId: string) {
    const peer = this.#peer(peerId);
    if (peer.transports.size >= 4) throw new DomainError("CONFLICT", "media.tooManyTransports");
    const transport = await this.#router.createWebRtcTransport({
      // the worker's WebRtcServer: its one UDP and one TCP port; else a port per transport
      ...(this.#webRtcServer ? { webRtcServer: this.#webRtcServer } : { listenInfos: this.#listenInfos }),
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId },
    });
    peer.transports.set(transport.id, transport);
    transport.observer.on("close", () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /**
   * Plain RTP over UDP (no ICE, no DTLS) for a participant's media produced or
   * received by server-side code on this machine: tests and benchmarks of the
   * real room, later a recorder. Signalling never offers it to clients. Without
   * `sendTo` it learns the sender's address from the first packet (comedia).
   */
  async createPlainTransport(peerId: string, sendTo?: { ip: string; port: number }) {
    const peer = this.#peer(peerId);
    if (peer.transports.size >= 4) throw new DomainError("CONFLICT", "media.tooManyTransports");
    const listen = this.#listenInfos.find((l) => l.protocol === "udp");
    if (!listen) throw new DomainError("CONFLICT", "media.noUdpAddress");
    const transport = await this.#router.createPlainTransport({
      // the announced address is for browsers behind NAT; these senders are on this machine
      listenInfo: { ...listen, announcedAddress: undefined },
      rtcpMux: true,
      comedia: !sendTo,
      appData: { peerId },
    });
    if (sendTo)
      await transport.connect(sendTo).catch((e: unknown) => {
        transport.close();
        throw e;
      });
    peer.transports.set(transport.id, transport);
    transport.observer.on("close", () => peer.transports.delete(transport.id));
    return { id: transport.id, ip: transport.tuple.localAddress, port: transport.tuple.localPort };
  }

  #webRtcTransport(peerId: string, transportId: string): WebRtcTransport {
    const transport = this.#peer(peerId).transports.get(transportId);
    if (transport?.type !== "webrtc") throw notFound("media.transportNotFound");
    return transport;
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters) {
    await this.#webRtcTransport(peerId, transportId).connect({ dtlsParameters });
  }

  async restartIce(peerId: string, transportId: string) {
    return this.#webRtcTransport(peerId, transportId).restartIce();
  }

  async produce(
    peerId: string,
    transportId: string,
    kind: MediaKind,
    rtpParameters: RtpParameters,
    source: MediaSource,
  ) {
    const peer = this.#peer(peerId);
    const transport = peer.transports.get(transportId);
    if (!transport) throw notFound("media.transportNotFound");
    const producer = await transport.produce({
      kind,
      rtpParameters,
      ...(kind === "video" ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
      appData: { source, peerId, practitionerId: peer.practitionerId },
    });
    if (kind === "audio") await this.#speaker.addProducer({ producerId: producer.id });
    peer.producers.set(producer.id, producer);
    const info = infoOf(peerId, peer.practitionerId, producer);
    producer.observer.on("close", () => {
      peer.producers.delete(producer.id);
      this.#keyFrameAskedAt.delete(producer.id);
      if (!this.#closed) this.emit("producerclosed", info);
    });
    this.emit("newproducer", info);
    return info;
  }

  /** A moderator mutes someone: their microphone stops being forwarded, on every device they use. */
  async muteMicrophoneOf(practitionerId: string) {
    for (const peer of this.#peers.values()) {
      if (peer.practitionerId !== practitionerId) continue;
      for (const producer of peer.producers.values()) {
        if ((producer.appData as { source?: string }).source === "microphone") await producer.pause();
      }
    }
  }

  /** Removed from the conference: every device of theirs leaves the media too. */
  removePractitioner(practitionerId: string) {
    for (const [peerId, peer] of [...this.#peers]) {
      if (peer.practitionerId === practitionerId) this.removePeer(peerId);
    }
  }

  closeProducer(peerId: string, producerId: string) {
    const producer = this.#peer(peerId).producers.get(producerId);
    if (!producer) throw notFound("media.producerNotFound");
    producer.close();
  }

  /** Consumers start paused; the client resumes once its track is wired up. */
  async consume(peerId: string, transportId: string, producerId: string, rtpCapabilities: RtpCapabilities) {
    const peer = this.#peer(peerId);
    const transport = peer.transports.get(transportId);
    if (!transport) throw notFound("media.transportNotFound");
    const owner = [...this.#peers].find(([, p]) => p.producers.has(producerId));
    if (!owner || owner[0] === peerId) throw notFound("media.producerNotFound");
    const producer = owner[1].producers.get(producerId)!;
    if (!this.#router.canConsume({ producerId, rtpCapabilities })) {
      throw new DomainError("CONFLICT", "media.cannotReceiveStream");
    }
    const consumer = await transport.consume({
      producerId,
      rtpCapabilities:
        producer.type === "simple" ? withoutBandwidthEstimation(rtpCapabilities) : rtpCapabilities,
      paused: true,
    });
    const info = infoOf(owner[0], owner[1].practitionerId, producer);
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.on("close", () => peer.consumers.delete(consumer.id));
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      practitionerId: info.practitionerId,
      source: info.source,
    };
  }

  /**
   * One request, many consumers (entering a room with others already in): each as `consume`
   * would make it; producers that closed meanwhile are left out and named (all of them gone:
   * NOT_FOUND), anything else refuses the whole batch (and closes what it had made).
   */
  async consumeMany(
    peerId: string,
    transportId: string,
    producerIds: readonly string[],
    rtpCapabilities: RtpCapabilities,
  ) {
    if (!this.#peer(peerId).transports.has(transportId)) throw notFound("media.transportNotFound");
    const made: Awaited<ReturnType<Room["consume"]>>[] = [];
    const closed: string[] = [];
    try {
      for (const producerId of new Set(producerIds)) {
        try {
          made.push(await this.consume(peerId, transportId, producerId, rtpCapabilities));
        } catch (e) {
          if (!(e instanceof DomainError && e.key === "media.producerNotFound" && this.#isGone(producerId)))
            throw e;
          closed.push(producerId);
        }
      }
    } catch (e) {
      const consumers = this.#peers.get(peerId)?.consumers;
      for (const c of made) consumers?.get(c.id)?.close();
      throw e;
    }
    // none of them is here (any more): refused as one `consume` of a gone producer is
    if (made.length === 0) throw notFound("media.producerNotFound");
    return { consumers: made, closed };
  }

  /** Not a producer of this room now (closed, or never was); the transport was the peer's own. */
  #isGone(producerId: string) {
    return ![...this.#peers.values()].some((p) => p.producers.has(producerId));
  }

  /**
   * Forwarding starts; a video stream also asks its sender for a key frame now, so the
   * receiver need not wait for the next one to show a picture.
   */
  async resumeConsumer(peerId: string, consumerId: string) {
    const consumer = this.#peer(peerId).consumers.get(consumerId);
    if (!consumer) throw notFound("media.consumerNotFound");
    await consumer.resume();
    if (consumer.kind === "video") {
      this.#keyFrameAskedAt.set(consumer.producerId, performance.now());
      await consumer.requestKeyFrame();
    }
  }

  /** Whether a receiver has had a layer of its stream forwarded yet (its picture came). */
  isForwarding(peerId: string, consumerId: string): boolean {
    return this.#peer(peerId).consumers.get(consumerId)?.currentLayers !== undefined;
  }

  /**
   * The receiver asks for the simulcast layer its tile size needs. A change of layer makes
   * the worker ask the sender for a key frame of the new layer's stream, and a browser's
   * encoder ignores any key-frame request within 300 ms of the one it honoured, whichever
   * stream it names (it makes every layer's key frame at once). The worker's own hold
   * (KEY_FRAME_REQUEST_DELAY_MS) counts per stream, so a layer asked for right after a resume
   * (the tile measured as the first picture comes) went unanswered, and the receiver waited a
   * second for the worker's repeat: the slow tail of bench/conference-join.ts. The change is
   * held here until that long after the sender was last asked through this room, unless this
   * receiver has had nothing forwarded yet (no current layer): the key frame its resume asked
   * for is still on its way, of every layer, and starts the new one too. Held then, a first
   * tile measured before its picture came waited the whole hold for that picture (a re-join:
   * the layer answered in 361 ms at p50, 46 ms without the hold). Returns the hold, in ms.
   */
  async setPreferredLayers(peerId: string, consumerId: string, spatialLayer: number): Promise<number> {
    const consumer = this.#peer(peerId).consumers.get(consumerId);
    if (!consumer) throw notFound("media.consumerNotFound");
    const asked = consumer.currentLayers ? this.#keyFrameAskedAt.get(consumer.producerId) : undefined;
    const wait =
      asked === undefined ? 0 : Math.max(0, asked + KEY_FRAME_REQUEST_DELAY_MS - performance.now());
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (consumer.closed) throw notFound("media.consumerNotFound");
    if (consumer.kind === "video") this.#keyFrameAskedAt.set(consumer.producerId, performance.now());
    await consumer.setPreferredLayers({ spatialLayer });
    return wait;
  }

  /** A participant left or dropped: everything of theirs closes, and others are told. */
  removePeer(peerId: string) {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    for (const t of peer.transports.values()) t.close();
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#peers.keys()]) this.removePeer(id);
    this.#router.close();
    this.emit("close");
  }
}

function infoOf(peerId: string, practitionerId: string, producer: Producer): ProducerInfo {
  return {
    producerId: producer.id,
    peerId,
    practitionerId,
    kind: producer.kind,
    source:
      (producer.appData.source as MediaSource | undefined) ??
      (producer.kind === "audio" ? "microphone" : "camera"),
  };
}
