import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import { Server, type ServerOptions } from "socket.io";
import { withRequestId } from "../log";
import { onNotification } from "../domain/notifications/notification-bus";
import { onAgendaChanged } from "../domain/pathway-meetings/agenda-events";
import { authenticateSocket } from "./authenticate-socket";
import { registerConferenceHandlers } from "./conference-handlers";
import { on } from "./handler";
import { conferenceRoom, practitionerRoom, sessionRoom } from "./rooms";
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
  } = {},
): SignallingServer {
  const io: SignallingServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 1e6,
    cors: options.origin ? { origin: options.origin, credentials: true } : undefined,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  io.use((socket, next) => void authenticateSocket(socket, next));
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
  httpServer.once("close", () => {
    unsubscribe();
    unsubscribeAgenda();
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
