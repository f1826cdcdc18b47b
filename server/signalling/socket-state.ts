import type { Db } from "../db/client";
import {
  resolveSessionWithLimits,
  type LiveSession,
  type SessionPractitioner,
} from "../domain/auth/sessions";
import { requireAdmittedMember, type Membership } from "../domain/conferences/load-membership";
import { DEFAULT_LIMITS, EventBudget, WorkGate, type SignallingLimits } from "./budget";

/**
 * The database is asked again at most this often while a socket is busy: the
 * session (which also refreshes its last use there, so the idle limit counts
 * socket activity) and the memberships, catching changes that no event
 * announces (a practitioner disabled, a session revoked by hand).
 */
export const REVALIDATE_MS = 60_000;

/**
 * What an open socket knows about its sender, so that an event needs no
 * database round trip to learn who sent it and where they may act. Dropped:
 * the whole of it when the socket closes (sign-out disconnects the session's
 * sockets on every node); one conference's membership as soon as the socket
 * is no longer in that conference's room (removal and the end take everyone
 * concerned out of it, on every node); all of it on each revalidation.
 */
export class SocketState {
  readonly budget: EventBudget;
  readonly gate: WorkGate;
  readonly #sessionId: string;
  readonly #idleMs: number;
  readonly #ip: string;
  #live: LiveSession | null;
  #readAt: number;
  #lastUse: number;
  #reading: Promise<SessionPractitioner | null> | null = null;
  readonly #members = new Map<string, Membership>();

  constructor(
    sessionId: string,
    live: LiveSession,
    policy: { idleTimeoutMinutes: number },
    ip: string,
    limits: SignallingLimits = DEFAULT_LIMITS,
    now = Date.now(),
  ) {
    this.#sessionId = sessionId;
    this.#live = live;
    this.#idleMs = policy.idleTimeoutMinutes * 60_000;
    this.#ip = ip;
    this.#readAt = now;
    this.#lastUse = now;
    this.budget = new EventBudget(live.practitioner.practitionerId, limits, now);
    this.gate = new WorkGate(limits.inFlight.running, limits.inFlight.waiting);
  }

  /**
   * The sender, or null once the session has ended. From memory while the
   * session's absolute and idle limits hold by what this socket knows; from the
   * database (which ends the session and audits it when a limit is past) when
   * either looks reached or the last read is older than REVALIDATE_MS.
   */
  practitioner(db: Db, now = Date.now()): Promise<SessionPractitioner | null> {
    const known = this.knownPractitioner(now);
    if (known) return Promise.resolve(known);
    if (!this.#live) return Promise.resolve(null);
    this.#reading ??= this.#read(db).finally(() => {
      this.#reading = null;
    });
    return this.#reading;
  }

  /**
   * The sender from memory, while the session's absolute and idle limits hold by what this socket
   * knows and the last read is younger than REVALIDATE_MS; undefined when practitioner() must ask
   * the database (or the session has ended). Counts as the session's use.
   */
  knownPractitioner(now = Date.now()): SessionPractitioner | undefined {
    const live = this.#live;
    if (
      !live ||
      now - this.#readAt >= REVALIDATE_MS ||
      now >= live.expiresAt.getTime() ||
      now - Math.max(live.lastSeenAt.getTime(), this.#lastUse) > this.#idleMs
    )
      return undefined;
    this.#lastUse = now;
    return live.practitioner;
  }

  async #read(db: Db): Promise<SessionPractitioner | null> {
    const live = await resolveSessionWithLimits(
      db,
      this.#sessionId,
      { idleTimeoutMinutes: this.#idleMs / 60_000 },
      this.#ip,
    );
    this.#members.clear();
    this.#live = live;
    this.#readAt = Date.now();
    this.#lastUse = this.#readAt;
    return live?.practitioner ?? null;
  }

  /**
   * Admitted to an open conference. Remembered only while the socket is in the
   * conference's room, so leaving the room (by any path, on any node) forgets it.
   */
  async admittedMember(db: Db, me: SessionPractitioner, conferenceId: string, inRoom: boolean) {
    const known = this.knownMember(conferenceId, inRoom);
    if (known) return known;
    this.#members.delete(conferenceId);
    const member = await requireAdmittedMember(db, me, conferenceId);
    if (inRoom) this.#members.set(conferenceId, member);
    return member;
  }

  /** The membership remembered for a socket still in the conference's room, without a read; else undefined. */
  knownMember(conferenceId: string, inRoom: boolean): Membership | undefined {
    return inRoom ? this.#members.get(conferenceId) : undefined;
  }

  /**
   * The membership entering the conference has just committed, for a socket now in its room:
   * the media requests that follow need not read it again.
   */
  remember(conferenceId: string, member: Membership, inRoom: boolean): void {
    if (inRoom && member.participant.admission === "admitted") this.#members.set(conferenceId, member);
  }

  forget(conferenceId: string): void {
    this.#members.delete(conferenceId);
  }

  close(): void {
    this.#live = null;
    this.#members.clear();
    this.budget.release();
  }
}

const states = new WeakMap<object, SocketState>();

export const socketState = (socket: object): SocketState | undefined => states.get(socket);

/** At the handshake: the socket starts with the session it was authenticated by. */
export function attachSocketState(
  socket: { once(event: "disconnect", listener: () => void): unknown },
  state: SocketState,
): void {
  states.set(socket, state);
  socket.once("disconnect", () => state.close());
}
