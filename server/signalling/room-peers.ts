import type { AppSocket } from "./handler";
import type { SignallingServer } from "./events";

// servers whose rooms are socket.io's in-memory adapter's alone: every socket of a room is listed here
const localRooms = new WeakSet<object>();

/** attachSignalling without a cluster adapter: a room's sockets are all in this process. */
export function roomsAreLocal(io: SignallingServer): void {
  localRooms.add(io);
}

/**
 * Whether a room may hold a socket other than this one. With a cluster adapter (Redis), always:
 * the sockets of other nodes are not listed here. A broadcast to a room nobody else is in still
 * encodes the packet and builds its WebSocket frame (socket.io's adapter does so before it looks
 * for recipients): a participant alone in the room pays for a frame sent to no one.
 */
export function othersMayBeIn(socket: AppSocket, room: string): boolean {
  if (!localRooms.has(socket.nsp.server)) return true;
  const sockets = socket.nsp.adapter.rooms.get(room);
  return sockets !== undefined && (sockets.size > 1 || !sockets.has(socket.id));
}
