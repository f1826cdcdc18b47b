import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { handleHealth, type ReadinessCheck } from "../../server/http/health";
import { drain } from "../../server/shutdown";

describe("/healthz and /readyz over a real HTTP server", () => {
  let server: http.Server;
  let url: string;
  let checks: ReadinessCheck[] = [];
  const state = { draining: false };
  let release: (() => void) | undefined;

  before(async () => {
    server = http.createServer((req, res) => {
      if (!handleHealth(req, res, () => checks, state)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    release?.();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const get = async (path: string, method = "GET") => {
    const res = await fetch(url + path, { method });
    const json = res.headers.get("content-type")?.startsWith("application/json");
    return { status: res.status, body: json ? ((await res.json()) as Record<string, unknown>) : null };
  };

  it("ready when every check passes; not ready naming the one that fails; live throughout", async () => {
    checks = [
      { name: "database", check: () => Promise.resolve() },
      { name: "sfu", check: () => Promise.resolve() },
    ];
    assert.deepEqual(await get("/readyz"), {
      status: 200,
      body: {
        status: "ready",
        checks: [
          { name: "database", ok: true },
          { name: "sfu", ok: true },
        ],
      },
    });
    checks[0] = { name: "database", check: () => Promise.reject(new Error("connection refused")) };
    const down = await get("/readyz");
    assert.equal(down.status, 503);
    assert.equal(down.body!.status, "not_ready");
    assert.deepEqual((down.body!.checks as unknown[])[0], {
      name: "database",
      ok: false,
      error: "connection refused",
    });
    assert.equal((await get("/healthz")).status, 200);
  });

  it("a check that never answers counts as failed, without holding the answer", async () => {
    checks = [{ name: "redis", check: () => new Promise<void>((r) => (release = r)) }];
    const hung = await get("/readyz");
    assert.equal(hung.status, 503);
    assert.match(String((hung.body!.checks as { error: string }[])[0]!.error), /no answer within/);
  });

  it("answers draining once a shutdown began, and only GET/HEAD", async () => {
    checks = [{ name: "database", check: () => Promise.resolve() }];
    state.draining = true;
    const draining = await get("/readyz");
    assert.equal(draining.status, 503);
    assert.equal(draining.body!.status, "draining");
    assert.equal((await get("/healthz")).status, 200);
    assert.equal((await get("/readyz", "POST")).status, 405);
    assert.equal((await get("/other")).status, 404);
  });
});

describe("drain: the shutdown steps within one deadline", () => {
  it("gives up on a step that hangs, still runs the ones after it, and names it", async () => {
    const ran: string[] = [];
    const unfinished = await drain(
      [
        { name: "first", run: () => void ran.push("first") },
        { name: "hangs", run: () => new Promise(() => undefined) },
        {
          name: "fails",
          run: () => {
            ran.push("fails");
            throw new Error("boom");
          },
        },
        { name: "last", run: () => Promise.resolve().then(() => void ran.push("last")) },
      ],
      Date.now() + 1000,
    );
    assert.deepEqual(ran, ["first", "fails", "last"]);
    assert.deepEqual(unfinished, ["hangs"]);
  });
});
