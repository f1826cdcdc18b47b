import type {
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
} from "mediasoup/types";
import type { ConferenceEvent } from "../domain/conferences/conference-events";
import type { ConferenceGrants, ConferenceRole } from "../domain/conferences/grants";
import type { MediaSource, ProducerInfo } from "../sfu/room";
import type { IceServer } from "../sfu/turn";
import type { Server } from "socket.io";

/** Typed socket.io events. Every payload from a client is parsed with zod in the domain call behind it. */
export type AckResponse<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: { field: string; message: string }[] } };
export type Ack<T> = (response: AckResponse<T>) => void;

export interface ChatMessageEvent {
  id: string;
  conferenceId: string;
  practitionerId: string;
  body: string;
  createdAt: string;
}

export interface ServerToClientEvents {
  "session:ended": (payload: { reason: "signed_out" | "expired" }) => void;
  /** a new entry in the reader's notification centre (referrals, advice, discharge summaries, pathways, pathway meetings); the client refetches its count */
  notification: (payload: {
    kind: string;
    event: string;
    referralId: string | null;
    adviceRequestId: string | null;
    dischargeSummaryId: string | null;
    pathwayEnrolmentId: string | null;
    pathwayMeetingId: string | null;
    careTeamPostId?: string | null;
    nursingInstructionId?: string | null;
    urgent: boolean;
  }) => void;
  /** to moderators: someone is waiting in the lobby */
  "lobby:waiting": (payload: { conferenceId: string; practitionerId: string }) => void;
  /** to the one decided about */
  "lobby:decided": (payload: { conferenceId: string; admission: "admitted" | "refused" | "removed" }) => void;
  "participant:joined": (payload: { conferenceId: string; practitionerId: string }) => void;
  "participant:left": (payload: { conferenceId: string; practitionerId: string }) => void;
  "chat:message": (payload: ChatMessageEvent) => void;
  "conference:ended": (payload: { conferenceId: string }) => void;
  /** the server is stopping (SIGTERM): connections drop now and the client reconnects once it is back */
  "server:restarting": (payload: { graceSeconds: number }) => void;
  /** a pathway meeting's agenda or minutes changed; ids only: each client reloads through its own consent */
  "agenda:changed": (payload: { conferenceId: string; occurrenceId: string }) => void;
  /** a patient's care team board changed (a post, a reply, a read, a member, a visit); ids only: the page reloads through its reader's access */
  "care-team:changed": (payload: { patientId: string; postId: string | null }) => void;
  /**
   * This conference's media is hosted on another app node: connect again through the
   * balancer with `?node=<nodeId>` (README, "Several nodes") and enter there.
   */
  "conference:moved": (payload: { conferenceId: string; nodeId: string }) => void;
  "media:newProducer": (payload: ProducerInfo) => void;
  "media:producerClosed": (payload: ProducerInfo) => void;
  "media:roomClosed": (payload: { conferenceId: string }) => void;
  /** the loudest voice in the room; null ids: everyone is quiet */
  "media:activeSpeaker": (payload: {
    conferenceId: string;
    practitionerId: string | null;
    peerId: string | null;
  }) => void;
  /** to the room's sockets but the raiser's own (it has its ack) */
  "hand:changed": (payload: { conferenceId: string; practitionerId: string; raised: boolean }) => void;
  /** to the one muted by a moderator */
  "moderation:muted": (payload: { conferenceId: string }) => void;
}

export interface JoinResult {
  admission: "admitted" | "waiting";
  role: ConferenceRole;
  grants: ConferenceGrants;
  /** entering changed what the conference page shows (it opened the conference, or admitted this participant) */
  changed: boolean;
}

/** What entering answers: the domain's result, the node that answered, and where to go when the media is elsewhere. */
export interface JoinReply extends JoinResult {
  /** the app node that answered (NODE_ID; "local" on a single node) */
  node: string;
  /** admitted, but the conference is hosted on this other node: connect there and enter again */
  moveTo?: string;
  /**
   * asked for with `media: true` and admitted here: the room's media entered (as `media:join`
   * with both transports answers); absent when it could not be, and `media:join` says why
   */
  media?: MediaJoinReply;
}

/** Between app nodes (socket.io's serverSideEmit through Redis): what a lobby decision or the end does to media. */
export interface InterServerEvents {
  "conference:media": (event: ConferenceEvent) => void;
}

export interface ClientToServerEvents {
  "session:whoami": (payload: unknown, ack: Ack<{ practitionerId: string; facilityId: string }>) => void;
  "conference:join": (payload: unknown, ack: Ack<JoinReply>) => void;
  "conference:leave": (payload: unknown, ack: Ack<null>) => void;
  "lobby:decide": (payload: unknown, ack: Ack<{ admission: string }>) => void;
  "chat:send": (payload: unknown, ack: Ack<ChatMessageEvent>) => void;
  "conference:end": (payload: unknown, ack: Ack<null>) => void;
  "hand:raise": (payload: unknown, ack: Ack<null>) => void;
  "moderation:mute": (payload: unknown, ack: Ack<null>) => void;
  "media:join": (payload: unknown, ack: Ack<MediaJoinReply>) => void;
  "media:transport:create": (payload: unknown, ack: Ack<TransportOptions>) => void;
  "media:transport:connect": (payload: unknown, ack: Ack<null>) => void;
  "media:transport:restartIce": (payload: unknown, ack: Ack<{ iceParameters: IceParameters }>) => void;
  "media:produce": (payload: unknown, ack: Ack<{ producerId: string }>) => void;
  "media:producer:close": (payload: unknown, ack: Ack<null>) => void;
  "media:consume": (payload: unknown, ack: Ack<ConsumerOptions>) => void;
  /** many producers in one request (entering a room with others in it); those closed meanwhile are named */
  "media:consume:batch": (
    payload: unknown,
    ack: Ack<{ consumers: ConsumerOptions[]; closed: string[] }>,
  ) => void;
  "media:consumer:resume": (payload: unknown, ack: Ack<null>) => void;
  "media:consumers:resume": (payload: unknown, ack: Ack<null>) => void;
  "media:consumer:layers": (payload: unknown, ack: Ack<null>) => void;
}

export interface MediaJoinReply {
  rtpCapabilities: RtpCapabilities;
  producers: ProducerInfo[];
  /** who speaks now: the media:activeSpeaker event only tells changes */
  activeSpeaker: { practitionerId: string; peerId: string } | null;
  /** TURN servers with time-limited credentials; empty without TURN */
  iceServers: IceServer[];
  /** asked for with `transports: true`: both transports, made with the join */
  send?: TransportOptions;
  recv?: TransportOptions;
}

export interface TransportOptions {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

export interface ConsumerOptions {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  practitionerId: string;
  source: MediaSource;
}

export interface SocketData {
  sessionId: string;
  practitionerId: string;
  facilityId: string;
}

/** The signalling server with the typed event maps: its own type here, so handlers and index.ts share it without importing each other. */
export type SignallingServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
