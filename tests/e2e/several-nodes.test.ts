import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createClient } from "redis";
import { newAuditKeyLine } from "../../server/domain/audit/audit-keys";
import { startApp, type RunningApp } from "../helpers/app";
import { FAKE_MEDIA, launchChromium } from "../helpers/browser";
import {
  createConference,
  decodesVideoAndAudio,
  inbound,
  joinFromDeviceCheck,
  newPage,
} from "../helpers/conference";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { eventually } from "../helpers/eventually";
import { freePort, NGINX_PROXY_HEADERS, runNginx } from "../helpers/ops";
import { signInAsDemoUser } from "../helpers/sign-in";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** short, so a killed node's conference moves soon; waits below are for conditions only */
const LEASE_SECONDS = 3;
const MOVE_MS = 120_000;

/**
 * Two app nodes over one PostgreSQL database and the local Redis, behind Debian's
 * nginx configured as the README's "Several nodes" says: socket.io connections are
 * hashed on the conference id, and `?node=` sends one to a named node. The
 * conference is recorded (a lease in Redis) on the node the hash does NOT pick, as
 * after an earlier takeover; both browsers arrive on the other node and are sent to
 * the host, decode each other's video there, and when the hosting node is killed
 * (SIGKILL: no goodbye, its lease must expire) the conference is rebuilt on the
 * surviving node and media flows again. The killed node is started again, and the
 * new host is stopped with SIGTERM: the conference moves back, media flows again.
 */
describe("two app nodes behind nginx: a conference is hosted on one node, and moves when it dies or stops", () => {
  const prefix = `okinet-test-${randomBytes(6).toString("hex")}`;
  let database: TestDatabase;
  const nodes = new Map<string, RunningApp>();
  let nginx: { stop(): Promise<void> } | undefined;
  let entrance: string;
  let browser: Browser | undefined;
  let redis: ReturnType<typeof createClient>;
  let common: Record<string, string>;

  before(async () => {
    redis = createClient({ url: REDIS_URL });
    redis.on("error", () => undefined);
    await redis.connect();
    database = await createTestDatabase("postgres");
    const port = await freePort();
    entrance = `http://127.0.0.1:${port}`;
    // what makes two processes one service: the same secrets, database, Redis and public address
    common = {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUDIT_KEYS: newAuditKeyLine(),
      REDIS_URL,
      REDIS_CHANNEL_PREFIX: prefix,
      CONFERENCE_LEASE_SECONDS: String(LEASE_SECONDS),
      PUBLIC_URL: entrance,
    };
    // one after the other: the first seeds the demo network, the second finds it
    for (const id of ["node-a", "node-b"])
      nodes.set(id, await startApp({ ...common, NODE_ID: id }, { database }));
    const address = (id: string) => new URL(nodes.get(id)!.url).host;
    nginx = await runNginx(
      port,
      `  map $arg_node $okinet_socket {
    default okinet_by_conference;
    node-a ${address("node-a")};
    node-b ${address("node-b")};
  }
  upstream okinet_by_conference {
    hash $arg_conference consistent;
    server ${address("node-a")} max_fails=0;
    server ${address("node-b")} max_fails=0;
  }
  upstream okinet_pages {
    server ${address("node-a")} max_fails=0;
    server ${address("node-b")} max_fails=0;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 50m;
    location /socket.io/ {
      proxy_pass http://$okinet_socket;
${NGINX_PROXY_HEADERS}
    }
    location / {
      proxy_pass http://okinet_pages;
${NGINX_PROXY_HEADERS}
    }
  }`,
    );
    browser = await launchChromium(FAKE_MEDIA);
  });
  after(async () => {
    await browser?.close();
    await nginx?.stop();
    for (const node of nodes.values()) await node.stop();
    await database?.close();
    if (redis?.isOpen) {
      for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
      await redis.close();
    }
  });

  /** Waits for the page to be in the room on that node; if it never is, says where it is and what the nodes logged. */
  const inRoomOn = async (page: Page, nodeId: string) => {
    try {
      await page.locator(`[data-testid="room"][data-node="${nodeId}"]`).waitFor({ timeout: MOVE_MS });
    } catch (e) {
      const where = await page
        .evaluate(
          () =>
            `${location.href} ${document.querySelector('[data-testid="room"]')?.getAttribute("data-node")}: ${document.body.innerText}`,
        )
        .catch((err: unknown) => `(no page: ${String(err)})`);
      const logs = [...nodes.entries()].map(
        ([id, node]) =>
          `--- ${id}\n${node
            .output()
            .split("\n")
            .filter((l) => /cluster|signalling|"level":(40|50|60)|shutting|stopped/.test(l))
            .slice(-30)
            .join("\n")}`,
      );
      throw new Error(
        `not in the room on ${nodeId}; page: ${where.slice(0, 600)}\n${logs.join("\n")}\n${String(e)}`,
      );
    }
  };

  it("both browsers are sent to the hosting node, see each other, and carry on on the other node when it is killed, then stopped", async (t) => {
    const through = { ...nodes.get("node-a")!, url: entrance };
    const host = await newPage(browser!, 1024, 800);
    const gp = await newPage(browser!, 1024, 800);
    await signInAsDemoUser(host, through, "dr.sato");
    await signInAsDemoUser(gp, through, "gp.yamada");
    const path = await createConference(host, through, "複数ノードのカンファランス", "gp.yamada");
    const conferenceId = path.split("/").pop()!;

    // which node the balancer hashes this conference's connections to (the handshake names its node)
    const probe = await fetch(`${entrance}/socket.io/?EIO=4&transport=polling&conference=${conferenceId}`);
    await probe.body?.cancel();
    const hashed = probe.headers.get("x-okinet-node");
    assert.ok(hashed === "node-a" || hashed === "node-b", `handshake answered by ${hashed}`);
    const hosting = hashed === "node-a" ? "node-b" : "node-a";
    // the conference is recorded on the other node, as after an earlier takeover
    await redis.set(`${prefix}:conference-host:${conferenceId}`, hosting, { PX: 120_000 });

    await joinFromDeviceCheck(host);
    await inRoomOn(host, hosting);
    await gp.goto(`${entrance}${path}`);
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await inRoomOn(gp, hosting);
    const sent = (
      nodes
        .get(hashed)!
        .output()
        .match(/participant sent there/g) ?? []
    ).length;
    assert.ok(sent >= 2, `both arrived on ${hashed} and were sent to ${hosting} (${sent} times)`);

    const atGp = await decodesVideoAndAudio(gp, "the GP on the hosting node");
    const atHost = await decodesVideoAndAudio(host, "the host on the hosting node");
    t.diagnostic(`on ${hosting}: GP ${JSON.stringify(atGp)}; host ${JSON.stringify(atHost)}`);
    assert.equal(await redis.get(`${prefix}:conference-host:${conferenceId}`), hosting);

    // the hosting node dies without a word: no release, its lease has to run out
    const before = new Set([...atGp, ...atHost].map((s) => s.consumerId));
    const killed = nodes.get(hosting)!;
    process.kill(killed.pid, "SIGKILL");
    await killed.exited;
    await killed.stop();

    await inRoomOn(host, hashed);
    await inRoomOn(gp, hashed);
    const fresh = (s: { consumerId: string }) => !before.has(s.consumerId);
    const againAtGp = await decodesVideoAndAudio(gp, "the GP after the move", fresh, MOVE_MS);
    const againAtHost = await decodesVideoAndAudio(host, "the host after the move", fresh, MOVE_MS);
    t.diagnostic(`on ${hashed}: GP ${JSON.stringify(againAtGp)}; host ${JSON.stringify(againAtHost)}`);
    // frames keep coming on the new node, not a count left over from before
    const framesOf = async (page: Page) =>
      (await inbound(page)).filter((s) => fresh(s) && s.kind === "video").map((s) => s.framesDecoded);
    const then = Math.max(...(await framesOf(gp)));
    await eventually(
      "the GP keeps decoding video",
      async () => Math.max(...(await framesOf(gp))) > then + 10,
    );
    assert.equal(await redis.get(`${prefix}:conference-host:${conferenceId}`), hashed);

    // the killed node comes back where the balancer expects it; then the new host is stopped the
    // ordinary way (SIGTERM): it tells its clients, gives the conference up at once, and exits
    const back = await startApp(
      { ...common, NODE_ID: hosting },
      { database, port: Number(new URL(killed.url).port) },
    );
    nodes.set(hosting, back);
    const stopping = nodes.get(hashed)!;
    const seen = new Set([...againAtGp, ...againAtHost].map((s) => s.consumerId));
    process.kill(stopping.pid, "SIGTERM");
    assert.equal(await stopping.exited, 0, "a clean stop within the grace time");
    // given up on the way out, not left to expire as a killed node's is
    assert.notEqual(await redis.get(`${prefix}:conference-host:${conferenceId}`), hashed);
    await inRoomOn(host, hosting);
    await inRoomOn(gp, hosting);
    const newest = (s: { consumerId: string }) => !before.has(s.consumerId) && !seen.has(s.consumerId);
    await decodesVideoAndAudio(gp, "the GP after the stop", newest, MOVE_MS);
    await decodesVideoAndAudio(host, "the host after the stop", newest, MOVE_MS);
    assert.equal(await redis.get(`${prefix}:conference-host:${conferenceId}`), hosting);
  });
});
