import type { Socket } from "socket.io";
import { getDb, type Db } from "../db/client";
import { resolveSession, type SessionPractitioner } from "../domain/auth/sessions";
import { signInPolicy } from "../auth/policy";
import { isDomainError } from "../errors";
import type { Ack, ClientToServerEvents, ServerToClientEvents, SocketData } from "./events";
import { socketClientAddress } from "../http/proxy";
import { log } from "../log";

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type EventWithAck = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[1] extends Ack<infer _T> ? E : never;
}[keyof ClientToServerEvents];
type AckData<E extends EventWithAck> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

/**
 * The one shape of every socket handler: the session is checked again (a
 * revoked or idle session stops working on open sockets too), the payload goes
 * to one domain call that parses it, and the outcome is an ack. A malformed or
 * unauthorised message gets an error ack; nothing thrown here reaches the
 * server, the room or the other participants.
 */
export function on<E extends EventWithAck>(
  socket: AppSocket,
  event: E,
  run: (ctx: { db: Db; me: SessionPractitioner; socket: AppSocket }, payload: unknown) => Promise<AckData<E>>,
) {
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") return; // every event here is request/response
    const reply = ack as Ack<AckData<E>>;
    try {
      const db = await getDb();
      const me = await resolveSession(db, socket.data.sessionId, signInPolicy(), socketClientAddress(socket));
      if (!me) {
        reply({
          ok: false,
          error: { code: "UNAUTHENTICATED", message: "セッションが終了しました / Session ended" },
        });
        socket.emit("session:ended", { reason: "expired" });
        socket.disconnect(true);
        return;
      }
      reply({ ok: true, data: await run({ db, me, socket }, payload) });
    } catch (e) {
      if (isDomainError(e)) {
        reply({ ok: false, error: { code: e.code, message: e.message, fields: e.fields } });
      } else {
        log.error({ err: e, event }, "[signalling] event failed");
        reply({
          ok: false,
          error: { code: "INTERNAL", message: "処理できませんでした / Something went wrong" },
        });
      }
    }
  };
  // socket.io's typed `on` cannot express the generic listener; the cast stays inside this function
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(
    event,
    (payload, ack) => {
      void listener(payload, ack);
    },
  );
}
