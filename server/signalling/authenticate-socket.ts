import type { Socket } from "socket.io";
import { getDb } from "../db/client";
import { resolveSession } from "../domain/auth/sessions";
import { sessionIdFromCookie } from "../auth/next-auth";
import { sessionCookieName, signInPolicy } from "../auth/policy";
import type { SocketData } from "./events";
import { socketClientAddress } from "../http/proxy";

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** io.use: a socket connects only with a live server-side session, the same as a page. */
export async function authenticateSocket(socket: Socket, next: (err?: Error) => void) {
  try {
    const sid = await sessionIdFromCookie(cookieValue(socket.handshake.headers.cookie, sessionCookieName()));
    const practitioner = sid
      ? await resolveSession(await getDb(), sid, signInPolicy(), socketClientAddress(socket))
      : null;
    if (!practitioner || !sid) return next(new Error("UNAUTHENTICATED"));
    const data: SocketData = {
      sessionId: sid,
      practitionerId: practitioner.practitionerId,
      facilityId: practitioner.facilityId,
    };
    socket.data = data;
    next();
  } catch {
    next(new Error("UNAUTHENTICATED"));
  }
}
