import http from "node:http";
import type { AddressInfo } from "node:net";
import { generate } from "otplib";
import { encode } from "next-auth/jwt";
import type { ServerOptions } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { setDatabase } from "../../server/db/client";
import { getAuthSecret } from "../../server/auth/secret";
import { sessionCookieName, signInPolicy } from "../../server/auth/policy";
import { openSession } from "../../server/domain/auth/sessions";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { verifySecondFactor } from "../../server/domain/auth/verify-second-factor";
import { attachSignalling, type SignallingServer } from "../../server/signalling";
import { DEFAULT_LIMITS, type SignallingLimits } from "../../server/signalling/budget";
import type { TestDatabase } from "./db";
import { PASSWORD } from "./fixtures";

export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/**
 * A real socket.io server on a free port over a test database, and real
 * clients that carry the same session cookie a browser would after signing in
 * with both factors. Practitioners must be enrolled with TEST_TOTP_SECRET.
 */
export async function startSignalling(
  t: TestDatabase,
  options: { adapter?: ServerOptions["adapter"]; limits?: SignallingLimits } = {},
) {
  process.env.DATA_DIR ??= `/tmp/okinet-test-${process.pid}`;
  setDatabase(Promise.resolve(t));
  const server = http.createServer();
  const io: SignallingServer = attachSignalling(server, options);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];

  async function sessionCookie(loginId: string) {
    const policy = signInPolicy();
    const req = { ip: "127.0.0.1", userAgent: "test" };
    const step = await startSignIn(t.db, { loginId, password: PASSWORD }, policy, req);
    const code = await generate({ secret: TEST_TOTP_SECRET });
    await t.db.execute(`update practitioners set totp_last_time_step = null where login_id = '${loginId}'`);
    await verifySecondFactor(t.db, { challenge: step.challenge, code }, policy, req);
    const session = await openSession(t.db, { challenge: step.challenge }, policy, req);
    const token = await encode({ token: { sid: session.sessionId }, secret: getAuthSecret() });
    return { cookie: `${sessionCookieName()}=${token}`, sessionId: session.sessionId };
  }

  const open = (cookie?: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(url, {
        transports: ["websocket"],
        extraHeaders: cookie ? { cookie } : {},
        reconnection: false,
      });
      sockets.push(s);
      s.once("connect", () => resolve(s));
      s.once("connect_error", (err) => reject(err));
    });

  /** A signed-in client for one practitioner. */
  const clientFor = async (loginId: string) => open((await sessionCookie(loginId)).cookie);

  return {
    io,
    url,
    sessionCookie,
    open,
    clientFor,
    close: async () => {
      for (const s of sockets) s.close();
      await io.close();
    },
  };
}

/** The next event of that name, or a rejection after `ms`. */
export function nextEvent<T>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** A signalling acknowledgement: ok with data, or an error code. */
export type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };

/** Emits `event` and waits for its acknowledgement, or a rejection after `ms`. */
export function ask(socket: Socket, event: string, payload: unknown, ms = 15_000): Promise<Reply> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<Reply>;
}

/**
 * For tests that throw hundreds of refusable events from one socket to check
 * each answer: the real budget would (rightly) refuse them as a flood.
 */
export const FUZZING_LIMITS: SignallingLimits = {
  ...DEFAULT_LIMITS,
  socket: { capacity: 1e9, perSecond: 1e9 },
  practitioner: { capacity: 1e9, perSecond: 1e9 },
  chat: { capacity: 1e9, perSecond: 1e9 },
};
