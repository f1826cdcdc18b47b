/** Typed socket.io events. Every payload from a client is parsed with zod in its handler. */
export interface ServerToClientEvents {
  "session:ended": (payload: { reason: "signed_out" | "expired" }) => void;
  notification: (payload: { kind: string; id: string }) => void;
}

export type Ack<T> = (
  response: { ok: true; data: T } | { ok: false; error: { code: string; message: string } },
) => void;

export interface ClientToServerEvents {
  "session:whoami": (payload: unknown, ack: Ack<{ practitionerId: string; facilityId: string }>) => void;
}

export interface SocketData {
  sessionId: string;
  practitionerId: string;
  facilityId: string;
}
