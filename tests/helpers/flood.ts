import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { authSessions } from "../../server/db/schema";
import { setAuditKeyring } from "../../server/domain/audit/audit-keys";
import { createConference } from "../../server/domain/conferences/create-conference";
import { demoActor, startApp, type RunningApp } from "./app";
import type { Reply } from "./signalling";

/**
 * The real app (production build, real Postgres, SFU) with sessions made
 * straight in its database (what a finished sign-in leaves there), for the
 * flood test and the signalling benchmarks: cookies for HTTP, sockets, and one
 * socket flooding every event kind.
 */
export async function startAppWithSessions(extraEnv: Record<string, string> = {}) {
  const secret = randomBytes(32).toString("base64url");
  const app = await startApp({ AUTH_SECRET: secret, ...extraEnv });
  // what this process writes into the app's database (conferences, admissions) is audited under the
  // app's key: under a key of its own the app's linker stops at the first such event and then reads
  // the unlinked rows again at every tick (five a second), a load on the server that is not the app's
  setAuditKeyring(app.auditKeyring);
  const cookieFor = async (practitionerId: string) => {
    const [session] = await app.database.db
      .insert(authSessions)
      .values({ practitionerId, expiresAt: new Date(Date.now() + 12 * 3600_000), userAgent: "bench" })
      .returning({ id: authSessions.id });
    const token = await encode({ token: { sid: session!.id }, secret });
    return `okinet.session=${token}`;
  };
  const sockets: Socket[] = [];
  const socketFor = (cookie: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(app.url, {
        transports: ["websocket"],
        extraHeaders: { cookie },
        reconnection: false,
      });
      sockets.push(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });
  return {
    app,
    cookieFor,
    socketFor,
    stop: async () => {
      for (const s of sockets) s.close();
      await app.stop();
    },
  };
}

/** A conference of dr.sato (the host, in the room) with gp.yamada admitted; their cookies and sockets. */
export async function conferenceWithGuest(env: Awaited<ReturnType<typeof startAppWithSessions>>) {
  const { app } = env;
  const hostActor = await demoActor(app, "dr.sato");
  const guestActor = await demoActor(app, "gp.yamada");
  const { conferenceId } = await createConference(app.database.db, hostActor, {
    title: "flood",
    kind: "consultation",
    invitees: [{ practitionerId: guestActor.practitionerId }],
    agenda: [],
  });
  const host = await env.socketFor(await env.cookieFor(hostActor.practitionerId));
  const guestCookie = await env.cookieFor(guestActor.practitionerId);
  const guest = await env.socketFor(guestCookie);
  const ask = (s: Socket, event: string, payload: unknown) =>
    s.timeout(60_000).emitWithAck(event, payload) as Promise<Reply>;
  await ask(host, "conference:join", { conferenceId });
  await ask(guest, "conference:join", { conferenceId });
  await ask(host, "lobby:decide", {
    conferenceId,
    practitionerId: guestActor.practitionerId,
    decision: "admit",
  });
  const joined = await ask(guest, "conference:join", { conferenceId });
  if (joined.data?.admission !== "admitted") throw new Error(`guest not admitted: ${JSON.stringify(joined)}`);
  return { conferenceId, host, guest, guestCookie, hostActor, guestActor, ask };
}

/** One payload per event kind, inside the flooder's own conference (unknown ids where an id is asked). */
export function floodPayloads(conferenceId: string, practitionerId: string): [string, unknown][] {
  const unknown = "00000000-0000-4000-8000-000000000000";
  return [
    ["session:whoami", {}],
    ["conference:join", { conferenceId }],
    ["conference:leave", { conferenceId }],
    ["lobby:decide", { conferenceId, practitionerId, decision: "admit" }],
    ["chat:send", { conferenceId, body: "flood" }],
    ["conference:end", { conferenceId }],
    ["hand:raise", { conferenceId, raised: true }],
    ["moderation:mute", { conferenceId, practitionerId }],
    ["media:join", { conferenceId }],
    ["media:transport:create", { conferenceId }],
    ["media:transport:connect", { conferenceId, transportId: unknown, dtlsParameters: { fingerprints: [] } }],
    ["media:transport:restartIce", { conferenceId, transportId: unknown }],
    [
      "media:produce",
      {
        conferenceId,
        transportId: unknown,
        kind: "audio",
        source: "microphone",
        rtpParameters: { codecs: [] },
      },
    ],
    ["media:producer:close", { conferenceId, producerId: unknown }],
    ["media:consume", { conferenceId, transportId: unknown, producerId: unknown, rtpCapabilities: {} }],
    ["media:consumer:resume", { conferenceId, consumerId: unknown }],
    ["media:consumer:layers", { conferenceId, consumerId: unknown, spatialLayer: 0 }],
  ];
}

/**
 * Emits `rounds` × every event kind from one socket without waiting, then
 * collects every answer (codes counted; "TIMEOUT" for none within the limit,
 * "DISCONNECTED" for those unanswered when the server dropped the socket).
 */
export async function flood(
  socket: Socket,
  payloads: [string, unknown][],
  rounds: number,
  timeoutMs = 120_000,
): Promise<Map<string, number>> {
  // every answer is counted the moment it arrives; the server drops a socket that goes on past its
  // refusals, and what was still unanswered then is DISCONNECTED
  const answers: (string | undefined)[] = [];
  const all = new Promise<void>((resolve) => {
    let left = rounds * payloads.length;
    const settle = (i: number, code: string) => {
      if (answers[i] !== undefined) return;
      answers[i] = code;
      if (--left === 0) resolve();
    };
    socket.once("disconnect", (reason) => {
      for (let i = 0; i < rounds * payloads.length; i++)
        settle(i, reason === "io server disconnect" ? "DISCONNECTED" : reason);
    });
    let i = 0;
    for (let round = 0; round < rounds; round++)
      for (const [event, payload] of payloads) {
        const index = i++;
        socket
          .timeout(timeoutMs)
          .emit(event, payload, (err: Error | null, r: Reply) =>
            settle(index, err ? "TIMEOUT" : r.ok ? "ok" : (r.error?.code ?? "?")),
          );
      }
  });
  await all;
  const codes = new Map<string, number>();
  for (const code of answers) codes.set(code!, (codes.get(code!) ?? 0) + 1);
  return codes;
}

/** One signed-in HTTP read, as the bell does: status and milliseconds. */
export async function unreadCount(app: RunningApp, cookie: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/notifications/unread`, { headers: { cookie } });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}
