import type { Socket } from "socket.io";
import { getDb } from "../db/client";
import { resolveSessionWithLimits } from "../domain/auth/sessions";
import { sessionIdFromCookie } from "../session/next-auth";
import { sessionCookieName, signInPolicy } from "../auth/policy";
import type { SocketData } from "./events";
import { socketClientAddress } from "../http/proxy";
import { DEFAULT_LIMITS, type SignallingLimits } from "./budget";
import { SocketState, attachSocketState } from "./socket-state";

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** io.use: a socket connects only with a live server-side session, the same as a page. */
export async function authenticateSocket(
  socket: Socket,
  next: (err?: Error) => void,
  limits: SignallingLimits = DEFAULT_LIMITS,
) {
  try {
    const sid = await sessionIdFromCookie(cookieValue(socket.handshake.headers.cookie, sessionCookieName()));
    const policy = signInPolicy();
    const live = sid
      ? await resolveSessionWithLimits(await getDb(), sid, policy, socketClientAddress(socket))
      : null;
    if (!live || !sid) return next(new Error("UNAUTHENTICATED"));
    const data: SocketData = {
      sessionId: sid,
      practitionerId: live.practitioner.practitionerId,
      facilityId: live.practitioner.facilityId,
    };
    socket.data = data;
    // every event after this one is answered from what the handshake learnt, revalidated now and then
    attachSocketState(socket, new SocketState(sid, live, policy, socketClientAddress(socket), limits));
    next();
  } catch {
    next(new Error("UNAUTHENTICATED"));
  }
}
