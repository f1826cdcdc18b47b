import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { generate } from "otplib";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { setDatabase } from "../../server/db/client";
import { getAuthSecret } from "../../server/auth/secret";
import { sessionCookieName, signInPolicy } from "../../server/auth/policy";
import { openSession, resolveSession, signOutEverywhere } from "../../server/domain/auth/sessions";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { verifySecondFactor } from "../../server/domain/auth/verify-second-factor";
import { attachSignalling, endSessionSockets, type SignallingServer } from "../../server/signalling";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { PASSWORD, createNetwork } from "../helpers/fixtures";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** A real socket.io server on a free port, authenticated from the same session cookie as the pages. */
describe("socket.io authentication (postgres)", () => {
  let t: TestDatabase;
  let server: http.Server;
  let io: SignallingServer;
  let url: string;
  const sockets: Socket[] = [];

  before(async () => {
    process.env.DATA_DIR = `/tmp/okinet-test-${process.pid}`;
    t = await createTestDatabase("postgres");
    setDatabase(Promise.resolve(t));
    await createNetwork(t.db, { totpSecret: SECRET });
    server = http.createServer();
    io = attachSignalling(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const s of sockets) s.close();
    await io.close();
    await t.close();
  });

  async function sessionCookie(loginId: string) {
    const policy = signInPolicy();
    const req = { ip: "127.0.0.1", userAgent: "test" };
    const step = await startSignIn(t.db, { loginId, password: PASSWORD }, policy, req);
    await verifySecondFactor(
      t.db,
      { challenge: step.challenge, code: await generate({ secret: SECRET }) },
      policy,
      req,
    );
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

  it("refuses a socket without a session, or with a forged cookie", async () => {
    await assert.rejects(open(), /UNAUTHENTICATED/);
    await assert.rejects(open(`${sessionCookieName()}=forged.token.value`), /UNAUTHENTICATED/);
  });

  it("accepts a live session and answers who it is", async () => {
    const { cookie } = await sessionCookie("clinic.gp");
    const s = await open(cookie);
    const reply = (await s.emitWithAck("session:whoami", {})) as {
      ok: boolean;
      data?: { practitionerId: string };
    };
    assert.equal(reply.ok, true);
    assert.match(reply.data!.practitionerId, /^[0-9a-f-]{36}$/);
  });

  it("drops the sockets of a practitioner who signs out everywhere", async () => {
    const { cookie, sessionId } = await sessionCookie("hosp.doctor");
    const s = await open(cookie);
    const ended = new Promise<string>((resolve) =>
      s.once("session:ended", (p: { reason: string }) => resolve(p.reason)),
    );
    const me = (await resolveSession(t.db, sessionId, signInPolicy()))!;
    await signOutEverywhere(t.db, me);
    endSessionSockets({ practitionerId: me.practitionerId });
    assert.equal(await ended, "signed_out");
    await assert.rejects(open(cookie), /UNAUTHENTICATED/);
  });
});
