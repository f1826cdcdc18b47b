import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { encode } from "next-auth/jwt";
import { generate } from "otplib";
import { io as connect, type Socket } from "socket.io-client";
import { sessionCookieName, signInPolicy } from "../../server/auth/policy";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../server/demo/seed/seed-demo-data";
import { createConference } from "../../server/domain/conferences/create-conference";
import { openSession } from "../../server/domain/auth/sessions";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { verifySecondFactor } from "../../server/domain/auth/verify-second-factor";
import { demoActor, startApp, type RunningApp } from "../helpers/app";
import { FAKE_MEDIA, launchChromium } from "../helpers/browser";
import { joinFromDeviceCheck, newPage } from "../helpers/conference";
import { signInAsDemoUser } from "../helpers/sign-in";
import { startOwnPostgres, type OwnPostgres } from "../helpers/ops";
import { ask, nextEvent } from "../helpers/signalling";

interface Readiness {
  status: string;
  checks: { name: string; ok: boolean; error?: string }[];
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("/healthz and /readyz with the database stopped; SIGTERM drains (real app, real PostgreSQL)", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("live holds and ready fails naming the database when Postgres stops; SIGTERM still exits cleanly", async () => {
    const pg: OwnPostgres = await startOwnPostgres();
    cleanup.push(() => pg.remove());
    const app = await startApp({ DATABASE_URL: pg.url, SHUTDOWN_GRACE_SECONDS: "10" });
    cleanup.push(() => app.stop());

    assert.equal((await getJson(`${app.url}/healthz`)).status, 200);
    const ready = await getJson(`${app.url}/readyz`);
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.equal(ready.body.status, "ready");

    pg.stop();
    const live = await getJson(`${app.url}/healthz`);
    assert.equal(live.status, 200, "the process still answers");
    const notReady = await getJson(`${app.url}/readyz`);
    assert.equal(notReady.status, 503);
    const body = notReady.body as unknown as Readiness;
    assert.equal(body.status, "not_ready");
    assert.equal(body.checks.find((c) => c.name === "database")?.ok, false, JSON.stringify(body));
    assert.equal(body.checks.find((c) => c.name === "sfu")?.ok, true, "the media workers are fine");

    // a stop after a database outage used to hang with the relay's listener open
    process.kill(app.pid, "SIGTERM");
    assert.equal(await app.exited, 0, app.output().slice(-3000));
    assert.match(app.output(), /\[okinet\] stopped/);
  });

  it("SIGTERM during a live conference tells every client in it and exits with 0", async () => {
    const secret = randomBytes(32).toString("base64url");
    // this process signs the session cookies the app will accept
    process.env.AUTH_SECRET = secret;
    const app: RunningApp = await startApp({ AUTH_SECRET: secret, SHUTDOWN_GRACE_SECONDS: "10" });
    cleanup.push(() => app.stop());
    const db = app.database.db;

    const cookieFor = async (loginId: string) => {
      const policy = signInPolicy();
      const req = { ip: "127.0.0.1", userAgent: "shutdown test" };
      const step = await startSignIn(db, { loginId, password: DEMO_PASSWORD }, policy, req);
      await db.execute(`update practitioners set totp_last_time_step = null where login_id = '${loginId}'`);
      await verifySecondFactor(
        db,
        { challenge: step.challenge, code: await generate({ secret: DEMO_TOTP_SECRET }) },
        policy,
        req,
      );
      const session = await openSession(db, { challenge: step.challenge }, policy, req);
      const token = await encode({ token: { sid: session.sessionId }, secret });
      return `${sessionCookieName()}=${token}`;
    };
    const sockets: Socket[] = [];
    cleanup.push(() => sockets.forEach((s) => s.close()));
    const open = async (loginId: string) => {
      const cookie = await cookieFor(loginId);
      return new Promise<Socket>((resolve, reject) => {
        const s = connect(app.url, {
          transports: ["websocket"],
          extraHeaders: { cookie },
          reconnection: false,
        });
        sockets.push(s);
        s.once("connect", () => resolve(s));
        s.once("connect_error", reject);
      });
    };

    const host = await demoActor(app, "dr.sato");
    const gp = await demoActor(app, "gp.yamada");
    const pharmacist = await demoActor(app, "ph.ito");
    const { conferenceId } = await createConference(db, host, {
      title: "再起動の確認",
      kind: "consultation",
      invitees: [{ practitionerId: gp.practitionerId }, { practitionerId: pharmacist.practitionerId }],
      agenda: [],
    });
    // one participant in Debian Chromium, signed in first: the sign-ins below reuse the demo TOTP
    const browser = await launchChromium(FAKE_MEDIA);
    cleanup.push(() => browser.close());
    const page = await newPage(browser, 1280, 900);
    await signInAsDemoUser(page, app, "ph.ito");

    const hostSocket = await open("dr.sato");
    const gpSocket = await open("gp.yamada");
    assert.equal((await ask(hostSocket, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await ask(gpSocket, "conference:join", { conferenceId })).data?.admission, "waiting");
    await ask(hostSocket, "lobby:decide", {
      conferenceId,
      practitionerId: gp.practitionerId,
      decision: "admit",
    });
    assert.equal((await ask(gpSocket, "conference:join", { conferenceId })).data?.admission, "admitted");
    await page.goto(`${app.url}/conferences/${conferenceId}`);
    await joinFromDeviceCheck(page);
    await page.getByTestId("lobby-waiting").waitFor();
    await ask(hostSocket, "lobby:decide", {
      conferenceId,
      practitionerId: pharmacist.practitionerId,
      decision: "admit",
    });
    await page.getByTestId("room").waitFor();
    // entering refreshes the page's server-rendered parts: let that finish, or the stop would
    // interrupt it and the browser would show its own error instead of the room
    await page.waitForLoadState("networkidle");

    const told = [hostSocket, gpSocket].map((s) =>
      nextEvent<{ graceSeconds: number }>(s, "server:restarting", 30_000),
    );
    const dropped = [hostSocket, gpSocket].map(
      (s) => new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason))),
    );
    process.kill(app.pid, "SIGTERM");
    for (const event of await Promise.all(told)) assert.equal(event.graceSeconds, 10);
    // a transport close (not a server-side disconnect): socket.io clients reconnect once a node is back
    for (const reason of await Promise.all(dropped)) assert.equal(reason, "transport close");
    assert.equal(await app.exited, 0, app.output().slice(-3000));
    assert.match(app.output(), /shutting down/);
    assert.match(app.output(), /\[okinet\] stopped/);
    // the page says why the conference stopped, not only that the connection was lost
    await page
      .getByTestId("server-restarting")
      .waitFor()
      .catch(async (e: unknown) => {
        const shown = await page
          .locator("body")
          .innerText()
          .catch(() => "");
        throw new Error(`the page at ${page.url()} shows ${shown.slice(0, 400)}\n${String(e)}`);
      });
    assert.match((await page.getByTestId("server-restarting").textContent())!, /サーバーを再起動しています/);
  });
});
