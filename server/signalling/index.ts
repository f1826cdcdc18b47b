import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import { Server, type ServerOptions } from "socket.io";
import { withRequestId } from "../log";
import { onNotification } from "../domain/notifications/notification-bus";
import { onAgendaChanged } from "../domain/pathway-meetings/agenda-events";
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
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from "./events";

export type SignallingServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

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
  io.use((socket, next) => void authenticateSocket(socket, next, limits));
  io.on("connection", (socket) => {
    void socket.join([practitionerRoom(socket.data.practitionerId), sessionRoom(socket.data.sessionId)]);
    // every event handled under its own request id: its log lines can be told apart and joined up
    socket.use((_packet, next) => withRequestId(randomUUID(), next));
    on(socket, "session:whoami", ({ me }) =>
      Promise.resolve({ practitionerId: me.practitionerId, facilityId: me.facilityId }),
    );
    registerConferenceHandlers(io, socket);
    registerMediaHandlers(io, socket);
  });
  // committed notifications reach their recipients' open tabs, wherever they are signed in
  const unsubscribe = onNotification(({ recipientIds, ...payload }) => {
    io.to(recipientIds.map(practitionerRoom)).emit("notification", payload);
  });
  // a pathway meeting's agenda or minutes changed: everyone in its room reloads them, each through their own consent
  const unsubscribeAgenda = onAgendaChanged((change) => {
    io.to(conferenceRoom(change.conferenceId)).emit("agenda:changed", change);
  });
  const unsubscribeConference = onConferenceEvent((event) => conferenceChanged(io, event));
  const unsubscribeSessions = onSessionsEnded(({ practitionerId }) =>
    endSessionSockets({ practitionerId }, io),
  );
  httpServer.once("close", () => {
    unsubscribe();
    unsubscribeAgenda();
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
  target: { sessionId?: string; practitionerId?: string },
  io: SignallingServer | undefined = getSignalling(),
) {
  if (!io) return;
  const room = target.sessionId ? sessionRoom(target.sessionId) : practitionerRoom(target.practitionerId!);
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
  if (event.kind === "ended") {
    io.to(conferenceRoom(conferenceId)).emit("conference:ended", { conferenceId });
    io.in(conferenceRoom(conferenceId)).socketsLeave([
      conferenceRoom(conferenceId),
      moderatorsRoom(conferenceId),
    ]);
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
    void getSfu()
      ?.findRoom(conferenceId)
      .then((room) => room?.removePractitioner(event.practitionerId))
      .catch(() => undefined);
  }
}
