import type { DtlsParameters, RtpCapabilities, RtpParameters } from "mediasoup/types";
import { DomainError, isDomainError, msg } from "../errors";
import { parseInput } from "../validation";
import {
  ConnectTransportInput,
  ConsumeBatchInput,
  ConsumeInput,
  ConsumerInput,
  ConsumersInput,
  LayersInput,
  MAX_BATCH,
  MediaEnterInput,
  MediaJoinInput,
  ProduceInput,
  ProducerInput,
  TransportInput,
} from "../sfu/media.schema";
import { env } from "../env";
import { getSfu } from "../sfu/sfu";
import { iceServersFor } from "../sfu/turn";
import type { Room } from "../sfu/room";
import { conferenceRoom } from "./rooms";
import { on, type AppSocket } from "./handler";
import { hostOf } from "./hosting";
import { getConferenceHosts } from "../cluster/conference-hosts";
import type { MediaJoinReply, SignallingServer } from "./events";

/** A batch spends its streams' cost, read from the raw payload (bounded as its schema bounds it). */
const streams = (key: "producerIds" | "consumerIds") => (payload: unknown) => {
  const list = (payload as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? Math.max(1, Math.min(list.length, MAX_BATCH)) : 1;
};
/** Entering with both transports costs about what entering and two transport requests did. */
const withTransports = (payload: unknown) =>
  (payload as { transports?: unknown } | null)?.transports === true ? 2 : 1;

/** mediasoup refuses bad RTP details with TypeError/Error; to the client that is bad input, not a crash. */
async function sfuCall<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isDomainError(e)) throw e;
    throw new DomainError(
      "VALIDATION",
      msg("signalling.mediaParametersRefused", { detail: (e as Error).message.slice(0, 200) }),
    );
  }
}

/**
 * Media signalling: the room's router capabilities, WebRTC transports, producing
 * (what each role may publish comes from its grants) and consuming (paused until
 * the client resumes). Only admitted participants of an open conference.
 */
export function registerMediaHandlers(io: SignallingServer, socket: AppSocket): MediaEntry {
  const joined = new Set<string>();

  const roomFor = async (conferenceId: string): Promise<Room> => {
    const sfu = getSfu();
    if (!sfu) throw new DomainError("CONFLICT", msg("signalling.mediaServerNotRunning"));
    const room = await sfu.findRoom(conferenceId);
    if (!room || !joined.has(conferenceId)) throw new DomainError("CONFLICT", "media.joinRoomMediaFirst");
    return room;
  };

  /**
   * Into the room's media: the room (made here if this node holds the conference), this
   * socket as its peer and, with `transports`, both transports. For `media:join`, and for
   * `conference:join` when the entrant asks for its media with the entry (one round trip less).
   */
  const enter = async (
    conferenceId: string,
    practitionerId: string,
    transports: boolean,
  ): Promise<MediaJoinReply> => {
    const sfu = getSfu();
    if (!sfu) throw new DomainError("CONFLICT", msg("signalling.mediaServerNotRunning"));
    // the room is made only on the node that holds the conference; elsewhere the client is sent there
    const host = await hostOf(conferenceId);
    if (host !== getConferenceHosts().nodeId) {
      socket.emit("conference:moved", { conferenceId, nodeId: host });
      throw new DomainError("CONFLICT", msg("signalling.conferenceRunsAnotherServerReconnecting"));
    }
    // what a room says concerns the sockets of this node only: its media is nowhere else
    const room = await sfu.getOrCreateRoom(conferenceId, (created) => {
      created.on("newproducer", (info) =>
        io.local.to(conferenceRoom(conferenceId)).except(info.peerId).emit("media:newProducer", info),
      );
      created.on("producerclosed", (info) =>
        io.local.to(conferenceRoom(conferenceId)).emit("media:producerClosed", info),
      );
      created.on("activespeaker", (speaker) =>
        io.local.to(conferenceRoom(conferenceId)).emit("media:activeSpeaker", {
          conferenceId,
          practitionerId: speaker?.practitionerId ?? null,
          peerId: speaker?.peerId ?? null,
        }),
      );
      // a dead worker took the router with it: clients rebuild their media on a live one
      created.on("close", () =>
        io.local.to(conferenceRoom(conferenceId)).emit("media:roomClosed", { conferenceId }),
      );
    });
    // a client that joins again on the same connection (rebuilding after a failed transport)
    // starts from nothing: what it had closes, and the others are told its producers left
    room.removePeer(socket.id);
    room.addPeer(socket.id, practitionerId);
    joined.add(conferenceId);
    // both transports with the join: one round trip instead of three before anything can flow
    const [send, recv] = transports
      ? await sfuCall(() => Promise.all([room.createTransport(socket.id), room.createTransport(socket.id)]))
      : [];
    return {
      rtpCapabilities: room.rtpCapabilities,
      producers: room.producers(socket.id),
      activeSpeaker: room.activeSpeaker,
      // TURN for networks that block UDP and TCP to the SFU: a credential for this join only
      iceServers: iceServersFor(env(), practitionerId),
      ...(send && recv ? { send, recv } : {}),
    };
  };

  on(
    socket,
    "media:join",
    async ({ me, member }, payload): Promise<MediaJoinReply> => {
      const { conferenceId, transports } = parseInput(MediaEnterInput, payload);
      await member(conferenceId);
      return enter(conferenceId, me.practitionerId, transports === true);
    },
    withTransports,
  );

  on(socket, "media:transport:create", async ({ member }, payload) => {
    const { conferenceId } = parseInput(MediaJoinInput, payload);
    await member(conferenceId);
    const room = await roomFor(conferenceId);
    return sfuCall(() => room.createTransport(socket.id));
  });

  on(socket, "media:transport:connect", async ({ member }, payload) => {
    const input = parseInput(ConnectTransportInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    await sfuCall(() =>
      room.connectTransport(socket.id, input.transportId, input.dtlsParameters as DtlsParameters),
    );
    return null;
  });

  on(socket, "media:transport:restartIce", async ({ member }, payload) => {
    const input = parseInput(TransportInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    return { iceParameters: await sfuCall(() => room.restartIce(socket.id, input.transportId)) };
  });

  on(socket, "media:produce", async ({ member }, payload) => {
    const input = parseInput(ProduceInput, payload);
    const granted = await member(input.conferenceId);
    const allowed =
      input.source === "screen"
        ? granted.grants.shareScreen
        : input.kind === "audio"
          ? granted.grants.publishAudio
          : granted.grants.publishVideo;
    if (!allowed) throw new DomainError("FORBIDDEN", msg("signalling.roleMayNotSend"));
    const room = await roomFor(input.conferenceId);
    const info = await sfuCall(() =>
      room.produce(
        socket.id,
        input.transportId,
        input.kind,
        input.rtpParameters as unknown as RtpParameters,
        input.source,
      ),
    );
    return { producerId: info.producerId };
  });

  on(socket, "media:producer:close", async ({ member }, payload) => {
    const input = parseInput(ProducerInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    await sfuCall(() => room.closeProducer(socket.id, input.producerId));
    return null;
  });

  on(socket, "media:consume", async ({ member }, payload) => {
    const input = parseInput(ConsumeInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    return sfuCall(() =>
      room.consume(
        socket.id,
        input.transportId,
        input.producerId,
        input.rtpCapabilities as unknown as RtpCapabilities,
      ),
    );
  });

  on(
    socket,
    "media:consume:batch",
    async ({ member }, payload) => {
      const input = parseInput(ConsumeBatchInput, payload);
      await member(input.conferenceId);
      const room = await roomFor(input.conferenceId);
      return sfuCall(() =>
        room.consumeMany(
          socket.id,
          input.transportId,
          input.producerIds,
          input.rtpCapabilities as unknown as RtpCapabilities,
        ),
      );
    },
    streams("producerIds"),
  );

  on(
    socket,
    "media:consumers:resume",
    async ({ member }, payload) => {
      const input = parseInput(ConsumersInput, payload);
      await member(input.conferenceId);
      const room = await roomFor(input.conferenceId);
      await sfuCall(() =>
        Promise.all(input.consumerIds.map((consumerId) => room.resumeConsumer(socket.id, consumerId))),
      );
      return null;
    },
    streams("consumerIds"),
  );

  on(socket, "media:consumer:resume", async ({ member }, payload) => {
    const input = parseInput(ConsumerInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    await sfuCall(() => room.resumeConsumer(socket.id, input.consumerId));
    return null;
  });

  on(socket, "media:consumer:layers", async ({ member }, payload) => {
    const input = parseInput(LayersInput, payload);
    await member(input.conferenceId);
    const room = await roomFor(input.conferenceId);
    await sfuCall(() => room.setPreferredLayers(socket.id, input.consumerId, input.spatialLayer));
    return null;
  });

  socket.on("disconnect", () => {
    const sfu = getSfu();
    for (const conferenceId of joined) void sfu?.leave(conferenceId, socket.id);
    joined.clear();
  });
  return enter;
}

/** Enters a socket's media (see `enter` in registerMediaHandlers): for the conference handlers. */
export type MediaEntry = (
  conferenceId: string,
  practitionerId: string,
  transports: boolean,
) => Promise<MediaJoinReply>;
