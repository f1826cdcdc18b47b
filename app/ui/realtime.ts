"use client";

import { useEffect, useRef } from "react";
import { io } from "socket.io-client";
import type { PushPayload, SignallingSocket } from "./signalling-socket";

/** The payload of the socket `notification` event (server/signalling/events.ts). */
export type NotificationEvent = PushPayload<"notification">;

/** Sent inside the tab when the reader marks notifications read, so the bell recounts. */
export const NOTIFICATIONS_CHANGED = "okinet:notifications-changed";

// One socket per tab for every component that listens for notifications.
let shared: SignallingSocket | null = null;
let users = 0;

function acquire(): SignallingSocket {
  shared ??= io({ transports: ["websocket"] });
  users += 1;
  return shared;
}

function release() {
  users -= 1;
  if (users === 0 && shared) {
    shared.close();
    shared = null;
  }
}

/**
 * Calls `onNotification` for every notification pushed to the signed-in
 * practitioner, and `onConnect` on each (re)connection, when pushes may have
 * been missed and the caller should reload what it shows from the database.
 */
export function useNotificationEvents(
  onNotification: (event: NotificationEvent) => void,
  onConnect?: () => void,
) {
  const handlers = useRef({ onNotification, onConnect });
  useEffect(() => {
    handlers.current = { onNotification, onConnect };
  });
  useEffect(() => {
    const socket = acquire();
    const notified = (event: NotificationEvent) => handlers.current.onNotification(event);
    let first = true;
    const connected = () => {
      // the first connection finds what the page was rendered with; later ones may have missed pushes
      if (first) first = false;
      else handlers.current.onConnect?.();
    };
    socket.on("notification", notified);
    socket.on("connect", connected);
    if (socket.connected) first = false;
    return () => {
      socket.off("notification", notified);
      socket.off("connect", connected);
      release();
    };
  }, []);
}

/**
 * Calls `onChange` when a patient's care team board changes (a post, a reply, a
 * read, a member, a visit) and on each reconnection, on the tab's shared socket.
 * Ids only: the caller reloads the board from the server through its own access.
 */
export function useCareTeamEvents(patientId: string | null, onChange: () => void) {
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  useEffect(() => {
    const socket = acquire();
    const changed = (event: { patientId: string }) => {
      if (!patientId || event.patientId === patientId) handler.current();
    };
    let first = true;
    const connected = () => {
      if (first) first = false;
      else handler.current();
    };
    socket.on("care-team:changed", changed);
    socket.on("connect", connected);
    if (socket.connected) first = false;
    return () => {
      socket.off("care-team:changed", changed);
      socket.off("connect", connected);
      release();
    };
  }, [patientId]);
}
