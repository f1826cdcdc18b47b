import { io } from "socket.io-client";
import type { AckResponse, SignallingSocket } from "@/app/ui/signalling-socket";
import type { JoinReply, ServerToClientEvents } from "@/server/signalling/events";
import type { MediaChoice } from "./devices";
import { loadedDevice } from "./sfu-device";

/**
 * The room's socket, made when the participant enters and opened once its events are wired.
 * The conference id in the handshake lets a balancer keep one conference on one node;
 * `query.node` is set when a node said the conference's media is hosted on another one.
 */
export interface Connection {
  socket: SignallingSocket;
  query: Record<string, string>;
}

export function roomConnection(conferenceId: string): Connection {
  const query: Record<string, string> = { conference: conferenceId };
  return { socket: io({ transports: ["websocket"], query, forceNew: true, autoConnect: false }), query };
}

/** Entering the room asks for its media with the entry (both transports made when admitted). */
export function enterRoom(socket: SignallingSocket, conferenceId: string): Promise<AckResponse<JoinReply>> {
  return socket.emitWithAck("conference:join", { conferenceId, media: true });
}

/**
 * The devices chosen in this tab's last device check for this conference: entering again
 * through a link with `?enter=1` (after leaving, or a lost page) uses them without the check.
 */
const choiceKey = (conferenceId: string) => `okinet.conference.${conferenceId}.choice`;
export function rememberChoice(conferenceId: string, choice: MediaChoice) {
  try {
    sessionStorage.setItem(choiceKey(conferenceId), JSON.stringify(choice));
  } catch {
    // storage refused (private mode, quota): the next entry shows the check again
  }
}
export function rememberedChoice(conferenceId: string): MediaChoice | null {
  try {
    const stored = sessionStorage.getItem(choiceKey(conferenceId));
    return stored ? (JSON.parse(stored) as MediaChoice) : null;
  } catch {
    return null;
  }
}

/**
 * Entering again (`?enter=1`, with this tab's last device choice) begun when this module is
 * evaluated, as the page's scripts load and before React hydrates the page: the connection,
 * the entry with its media and the media Device with the room's capabilities go out then,
 * not after the whole page has rendered in the browser (the page's load and hydration came
 * before the first request). The room takes the connection when it renders and the entry's
 * answer when it enters; the server decides the entry exactly as it does any other
 * (`conference:join`). Events the server pushes before the room listens are kept for it.
 */
interface EarlyEntry {
  conferenceId: string;
  connection: Connection;
  entry: Promise<AckResponse<JoinReply>>;
  /** what the server pushed before the room listened */
  pushed: PushedEvent[];
  record: (event: string, ...args: unknown[]) => void;
}

/** An event the server pushed, with its arguments. */
export type PushedEvent = [event: string, args: unknown[]];

const ROOM_PATH = /^\/conferences\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/;

function beginEarlyEntry(): EarlyEntry | null {
  const conferenceId = ROOM_PATH.exec(location.pathname)?.[1];
  if (!conferenceId || new URLSearchParams(location.search).get("enter") !== "1") return null;
  // never checked in this tab: the room shows the device check, and enters after it
  if (!rememberedChoice(conferenceId)) return null;
  const connection = roomConnection(conferenceId);
  const pushed: PushedEvent[] = [];
  const record = (event: string, ...args: unknown[]) => void pushed.push([event, args]);
  connection.socket.onAny(record);
  connection.socket.connect();
  // held by socket.io until the connection is up, then sent first
  const entry = enterRoom(connection.socket, conferenceId);
  entry
    .then((reply) => {
      // the Device's probe of the browser, with the capabilities the room answered
      if (reply.ok && reply.data.media) loadedDevice(reply.data.media.rtpCapabilities).catch(() => undefined);
    })
    .catch(() => undefined);
  return { conferenceId, connection, entry, pushed, record };
}

let early: EarlyEntry | null = typeof window === "undefined" ? null : beginEarlyEntry();

/** The connection begun early for this conference, if any (the same one each time it is asked). */
export function earlyConnection(conferenceId: string): Connection | null {
  return early?.conferenceId === conferenceId ? early.connection : null;
}

/** The room does not enter after all (the conference has ended): the early connection closes. */
export function dropEarlyEntry(conferenceId: string) {
  if (early?.conferenceId !== conferenceId) return;
  early.connection.socket.offAny(early.record);
  early.connection.socket.close();
  early = null;
}

/**
 * The room listens on this socket now: the entry sent early on it, once, and the events the
 * server pushed before the room listened (none are kept from now on). Null for any other
 * socket, or once taken.
 */
export function takeEarlyEntry(
  socket: SignallingSocket,
): { entry: Promise<AckResponse<JoinReply>>; pushed: PushedEvent[] } | null {
  if (early?.connection.socket !== socket) return null;
  const { entry, pushed, record } = early;
  socket.offAny(record);
  early = null;
  return { entry, pushed };
}

/** Events kept while nobody listened, handed to the socket's listeners now, in order. */
export function deliverPushed(socket: SignallingSocket, pushed: PushedEvent[]) {
  for (const [event, args] of pushed)
    for (const listener of socket.listeners(event as keyof ServerToClientEvents))
      (listener as (...a: unknown[]) => void)(...args);
}
