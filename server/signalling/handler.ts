import type { Socket } from "socket.io";
import { getDb, openedDb, type Db } from "../db/client";
import type { SessionPractitioner } from "../domain/auth/sessions";
import type { Membership } from "../domain/conferences/load-membership";
import { isDomainError, translateError, type DomainErrorJSON } from "../errors";
import { localeFromCookieHeader, translate } from "../model/messages";
import type {
  Ack,
  AckResponse,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "./events";
import { log } from "../log";
import { conferenceRoom } from "./rooms";
import { socketState, type SocketState } from "./socket-state";

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

type EventWithAck = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[1] extends Ack<infer _T> ? E : never;
}[keyof ClientToServerEvents];
type AckData<E extends EventWithAck> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

export interface HandlerContext {
  db: Db;
  me: SessionPractitioner;
  socket: AppSocket;
  /** The sender admitted to this open conference (else refused), known on the socket while it is in the room. */
  member: (conferenceId: string) => Promise<Membership>;
}

/**
 * An error ack, its messages in the language of the socket's cookie: the
 * domain speaks in keys, the client shows the text as it comes.
 */
function refusal(socket: AppSocket, e: DomainErrorJSON): AckResponse<never> {
  return { ok: false, error: translateError(localeFromCookieHeader(socket.handshake.headers.cookie), e) };
}

/**
 * The one shape of every socket handler: the event spends from its socket's
 * and its sender's budget and waits for a free slot (refused with RATE_LIMITED
 * past either, before any work); the session is checked (from what the socket
 * knows, and from the database now and then: a revoked or idle session stops
 * working on open sockets too); the payload goes to one domain call that
 * parses it, and the outcome is an ack. A malformed or unauthorised message
 * gets an error ack; nothing thrown here reaches the server, the room or the
 * other participants.
 *
 * The usual event (a free slot, the database open, the sender known to the
 * socket) reaches `run` without an await: each await is a microtask and, with
 * the async context the logger and Next.js keep, promise hooks, on every event.
 */
export function on<E extends EventWithAck>(
  socket: AppSocket,
  event: E,
  run: (ctx: HandlerContext, payload: unknown) => Promise<AckData<E>>,
  /** how many times the event's cost it spends (a batch: its streams), read from the raw payload before any parsing; 1 unless said */
  units?: (payload: unknown) => number,
) {
  const handle = async (state: SocketState, payload: unknown, reply: Ack<AckData<E>>, now: number) => {
    try {
      const db = openedDb() ?? (await getDb());
      const me = state.knownPractitioner(now) ?? (await state.practitioner(db, now));
      if (!me) {
        reply(refusal(socket, { code: "UNAUTHENTICATED", message: "signalling.sessionEnded", fields: [] }));
        socket.emit("session:ended", { reason: "expired" });
        socket.disconnect(true);
        return;
      }
      reply({ ok: true, data: await run(contextOf(db, me, socket, state), payload) });
    } catch (e) {
      if (isDomainError(e)) {
        reply(refusal(socket, e.toJSON()));
      } else {
        log.error({ err: e, event }, "[signalling] event failed");
        const locale = localeFromCookieHeader(socket.handshake.headers.cookie);
        reply({
          ok: false,
          error: { code: "INTERNAL", message: translate(locale, { key: "common.somethingWentWrong" }) },
        });
      }
    } finally {
      state.gate.leave();
    }
  };
  // socket.io's typed `on` cannot express the generic listener; the cast stays inside this function
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(
    event,
    (payload, ack) => {
      if (typeof ack !== "function") return; // every event here is request/response
      const reply = ack as Ack<AckData<E>>;
      // set by the handshake (authenticateSocket) on every socket that got this far
      const state = socketState(socket)!;
      const now = Date.now();
      if (!state.budget.take(event, now, units?.(payload) ?? 1)) {
        rateLimited(socket, state, reply);
        return;
      }
      if (state.gate.tryEnter()) {
        void handle(state, payload, reply, now);
        return;
      }
      const slot = state.gate.enter();
      if (!slot) {
        rateLimited(socket, state, reply);
        return;
      }
      void slot.then(() => handle(state, payload, reply, Date.now()));
    },
  );
}

function rateLimited(socket: AppSocket, state: SocketState, reply: Ack<never>) {
  reply(refusal(socket, { code: "RATE_LIMITED", message: "signalling.tooManyRequestsTryAgain", fields: [] }));
  // a client that goes on regardless is flooding: drop it rather than refuse each message still coming
  if (!state.budget.refused()) socket.disconnect(true);
}

/**
 * Built per event by a function, not written inline as a named arrow: tsx keeps function names
 * (esbuild's keepNames), and an arrow assigned to a name is renamed by a defineProperty call
 * each time it is made, about 2% of the server's CPU per event (profiled under bench/flood.ts).
 */
function contextOf(db: Db, me: SessionPractitioner, socket: AppSocket, state: SocketState): HandlerContext {
  return { db, me, socket, member: memberOf(db, me, socket, state) };
}

function memberOf(db: Db, me: SessionPractitioner, socket: AppSocket, state: SocketState) {
  return (conferenceId: string): Promise<Membership> => {
    const inRoom = socket.rooms.has(conferenceRoom(conferenceId));
    const known = state.knownMember(conferenceId, inRoom);
    return known ? Promise.resolve(known) : state.admittedMember(db, me, conferenceId, inRoom);
  };
}
