import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/signalling/events";

export type { AckResponse, MediaJoinReply } from "@/server/signalling/events";

/**
 * The browser's socket.io connection, typed by the server's own event maps
 * (server/signalling/events.ts): what it may ask, what each reply carries, and
 * what the server pushes.
 */
export type SignallingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The payload the server pushes with one of its events. */
export type PushPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];
