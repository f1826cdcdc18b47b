import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { MAX_REQUEST_TARGET, refuseUndecodablePath } from "../../server/http/health";

/** The front door's checks on the address itself, over a real HTTP server on loopback. */
describe("the request's address at the front door", () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      if (refuseUndecodablePath(req, res)) return;
      res.end("passed");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (path: string, cookie?: string) => {
    const res = await fetch(base + path, { headers: cookie ? { cookie } : {} });
    return { status: res.status, body: await res.text() };
  };

  it("passes an address up to the limit", async () => {
    const path = "/a/" + "x".repeat(MAX_REQUEST_TARGET - 3);
    assert.equal(path.length, MAX_REQUEST_TARGET);
    assert.deepEqual(await get(path), { status: 200, body: "passed" });
  });

  it("refuses a longer one with 414, naming the path, in the reader's language", async () => {
    const path = "/a/" + "x".repeat(MAX_REQUEST_TARGET);
    const ja = await get(path);
    assert.equal(ja.status, 414);
    const body = JSON.parse(ja.body) as {
      error: { code: string; message: string; fields: { field: string; message: string }[] };
    };
    assert.equal(body.error.code, "VALIDATION");
    assert.equal(body.error.message, "アドレスが長すぎます");
    assert.deepEqual(body.error.fields, [
      { field: "path", message: `アドレスは${MAX_REQUEST_TARGET}文字以内にしてください` },
    ]);
    assert.ok(ja.body.length < 1000, "the answer does not repeat the address");
    const en = await get(path, "okinet.lang=en");
    assert.match(en.body, /The address is too long/);
  });

  it("counts the query too", async () => {
    assert.equal((await get("/a?q=" + "x".repeat(MAX_REQUEST_TARGET))).status, 414);
  });

  it("still refuses an undecodable path with 400", async () => {
    assert.equal((await get("/a/%ED%A0%80")).status, 400);
  });
});
