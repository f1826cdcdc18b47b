import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import { Server, type ServerOptions } from "socket.io";
import { withRequestId } from "../log";
import { onNotification } from "../domain/notifications/notification-bus";
import { onAgendaChanged } from "../domain/pathway-meetings/agenda-events";
import { onCareTeamChanged } from "../domain/care-team/care-team-events";
import { onConferenceEvent, type ConferenceEvent } from "../domain/conferences/conference-events";
import { onSessionsEnded } from "../domain/auth/sessions";
import { getSfu } from "../sfu/sfu";
import { DEFAULT_LIMITS, type SignallingLimits } from "./budget";
import { authenticateSocket } from "./authenticate-socket";
import { registerConferenceHandlers } from "./conference-handlers";
import { on } from "./handler";
import {
  conferencePractitionerRoom,
  conferenceRoom,
  moderatorsRoom,
  practitionerRoom,
  sessionRoom,
} from "./rooms";
import { registerMediaHandlers } from "./media-handlers";
import { roomsAreLocal } from "./room-peers";
import type { SignallingServer } from "./events";
import { getConferenceHosts } from "../cluster/conference-hosts";

export type { SignallingServer } from "./events";

const KEY = Symbol.for("okinet.signalling");

/** The process's socket.io server, for side effects after commit (notifications, session ends). */
export function getSignalling(): SignallingServer | undefined {
  return (globalThis as { [KEY]?: SignallingServer })[KEY];
}

export function attachSignalling(
  httpServer: HttpServer | HttpsServer,
  options: {
    origin?: string;
    /** several app nodes: connectRedisAdapter(...).adapter; unset, socket.io's in-memory one */
    adapter?: ServerOptions["adapter"];
    /** each socket's and practitioner's event budget (server/signalling/budget.ts) */
    limits?: SignallingLimits;
  } = {},
): SignallingServer {
  const io: SignallingServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 1e6,
    cors: options.origin ? { origin: options.origin, credentials: true } : undefined,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (!options.adapter) roomsAreLocal(io);
  // several nodes: every handshake answer names the node that took it (for operators and the balancer's tests)
  io.engine.on("initial_headers", (headers: Record<string, string>) => {
    const hosts = getConferenceHosts();
    if (hosts.shared) headers["x-okinet-node"] = hosts.nodeId;
  });
  // a lobby decision or the end made on another node: what it means for the media hosted here
  io.on("conference:media", (event) => conferenceMediaChanged(event));
  io.use((socket, next) => void authenticateSocket(socket, next, limits));
  io.on("connection", (socket) => {
    void socket.join([practitionerRoom(socket.data.practitionerId), sessionRoom(socket.data.sessionId)]);
    // every event handled under its own request id: its log lines can be told apart and joined up
    socket.use((_packet, next) => withRequestId(randomUUID(), next));
    on(socket, "session:whoami", ({ me }) =>
      Promise.resolve({ practitionerId: me.practitionerId, facilityId: me.facilityId }),
    );
    registerConferenceHandlers(io, socket, registerMediaHandlers(io, socket));
  });
  // committed notifications reach their recipients' open tabs, wherever they are signed in
  const unsubscribe = onNotification(({ recipientIds, ...payload }) => {
    io.to(recipientIds.map(practitionerRoom)).emit("notification", payload);
  });
  // a pathway meeting's agenda or minutes changed: everyone in its room reloads them, each through their own consent
  const unsubscribeAgenda = onAgendaChanged((change) => {
    io.to(conferenceRoom(change.conferenceId)).emit("agenda:changed", change);
  });
  // a care team board changed: its members' open pages reload it, each through their own access
  const unsubscribeCareTeam = onCareTeamChanged(({ recipientIds, patientId, postId }) => {
    io.to(recipientIds.map(practitionerRoom)).emit("care-team:changed", { patientId, postId });
  });
  const unsubscribeConference = onConferenceEvent((event) => conferenceChanged(io, event));
  const unsubscribeSessions = onSessionsEnded((ended) => endSessionSockets(ended, io));
  httpServer.once("close", () => {
    unsubscribe();
    unsubscribeAgenda();
    unsubscribeCareTeam();
    unsubscribeConference();
    unsubscribeSessions();
  });
  (globalThis as { [KEY]?: SignallingServer })[KEY] = io;
  return io;
}

/**
 * After a sign-out commits: tell and drop the sockets of the ended sessions, on
 * every app node (with the Redis adapter the room broadcast crosses nodes).
 */
export function endSessionSockets(
  target: { sessionId: string } | { practitionerId: string },
  io: SignallingServer | undefined = getSignalling(),
) {
  if (!io) return;
  const room =
    "sessionId" in target ? sessionRoom(target.sessionId) : practitionerRoom(target.practitionerId);
  io.to(room).emit("session:ended", { reason: "signed_out" });
  io.in(room).disconnectSockets(true);
}

/**
 * After a lobby decision or the end commits (from a socket or a page): the
 * people concerned are told, and whoever is out leaves the rooms on every node;
 * leaving the room is what makes a socket forget the membership it knew.
 */
function conferenceChanged(io: SignallingServer, event: ConferenceEvent) {
  const { conferenceId } = event;
  // the conference's media may be hosted on another node: it hears of this too
  if (getConferenceHosts().shared) io.serverSideEmit("conference:media", event);
  if (event.kind === "ended") {
    io.to(conferenceRoom(conferenceId)).emit("conference:ended", { conferenceId });
    io.in(conferenceRoom(conferenceId)).socketsLeave([
      conferenceRoom(conferenceId),
      moderatorsRoom(conferenceId),
    ]);
    conferenceMediaChanged(event);
    return;
  }
  io.to(practitionerRoom(event.practitionerId)).emit("lobby:decided", {
    conferenceId,
    admission: event.admission,
  });
  if (event.admission === "removed") {
    io.in(practitionerRoom(event.practitionerId)).socketsLeave([
      conferenceRoom(conferenceId),
      moderatorsRoom(conferenceId),
      conferencePractitionerRoom(conferenceId, event.practitionerId),
    ]);
    conferenceMediaChanged(event);
  }
}

/**
 * On the node hosting the conference's media (whichever node made the change):
 * a removed participant's media stops; an ended conference's room closes.
 */
function conferenceMediaChanged(event: ConferenceEvent) {
  if (event.kind === "admission_decided" && event.admission !== "removed") return;
  void getSfu()
    ?.findRoom(event.conferenceId)
    .then((room) => {
      if (event.kind === "ended") room?.close();
      else room?.removePractitioner(event.practitionerId);
    })
    .catch(() => undefined);
}

/** This node still has something of the conference: a socket in its room, or its media room. */
export function conferenceInUseHere(io: SignallingServer, conferenceId: string): boolean {
  return (
    (io.of("/").adapter.rooms.get(conferenceRoom(conferenceId))?.size ?? 0) > 0 ||
    Boolean(getSfu()?.hasRoom(conferenceId))
  );
}

/**
 * Another node holds the conference now (this one lost its lease): its clients here
 * are sent there, and the media room here closes.
 */
export function sendConferenceElsewhere(io: SignallingServer, conferenceId: string, nodeId: string) {
  io.local.to(conferenceRoom(conferenceId)).emit("conference:moved", { conferenceId, nodeId });
  io.local
    .in(conferenceRoom(conferenceId))
    .socketsLeave([conferenceRoom(conferenceId), moderatorsRoom(conferenceId)]);
  void getSfu()
    ?.findRoom(conferenceId)
    .then((room) => room?.close())
    .catch(() => undefined);
}
