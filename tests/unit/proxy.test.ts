import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { insecureOriginWarning, logPath } from "../../server/http/front-door";
import { parseTrustedProxies, resolveClient } from "../../server/http/proxy";

function request(peer: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe("trusted proxies and the client address", () => {
  const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8, ::1");

  it("reads IPs and CIDR ranges, and refuses anything else naming the entry", () => {
    assert.equal(trusted.has("10.20.30.40"), true);
    assert.equal(trusted.has("::ffff:127.0.0.1"), true, "an IPv4 peer on a dual-stack socket");
    assert.equal(trusted.has("11.0.0.1"), false);
    assert.equal(parseTrustedProxies(undefined).has("127.0.0.1"), false);
    assert.throws(() => parseTrustedProxies("127.0.0.1, proxy.example"), /"proxy\.example"/);
    assert.throws(() => parseTrustedProxies("10.0.0.0/33"), /"10\.0\.0\.0\/33"/);
  });

  it("believes X-Forwarded-For from a trusted proxy: the nearest address it did not add itself", () => {
    const req = request("127.0.0.1", {
      "x-forwarded-for": "6.6.6.6, 192.0.2.7, 10.1.1.1",
      "x-forwarded-proto": "https",
      "x-request-id": "abc-123",
    });
    const { clientAddress, requestId } = resolveClient(req, trusted);
    assert.equal(clientAddress, "192.0.2.7", "6.6.6.6 was written by the client itself");
    assert.equal(req.headers["x-real-ip"], "192.0.2.7");
    assert.equal(requestId, "abc-123");
    assert.equal(req.headers["x-forwarded-proto"], "https");
  });

  it("ignores and removes forwarding headers, a client's x-real-ip and request id from anyone else", () => {
    const req = request("192.0.2.50", {
      "x-forwarded-for": "10.9.9.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-real-ip": "1.2.3.4",
      "x-request-id": "forged",
    });
    const { clientAddress, requestId } = resolveClient(req, trusted);
    assert.equal(clientAddress, "192.0.2.50");
    assert.equal(req.headers["x-real-ip"], "192.0.2.50");
    assert.notEqual(requestId, "forged");
    assert.equal(req.headers["x-forwarded-for"], undefined);
    assert.equal(req.headers["x-forwarded-host"], undefined);
  });

  it("a trusted proxy's malformed request id is replaced", () => {
    const { requestId } = resolveClient(request("127.0.0.1", { "x-request-id": "a b\nc" }), trusted);
    assert.match(requestId, /^[0-9a-f-]{36}$/);
  });
});

describe("paths in access-log lines", () => {
  it("drops the query string, keeps ids and route words, replaces the rest", () => {
    assert.equal(logPath("/patients?q=%E3%83%84%E3%82%AD"), "/patients");
    const id = "6f1c1d2e-8a1b-4c3d-9e0f-112233445566";
    assert.equal(logPath(`/api/records/${id}/item?url=x`), `/api/records/${id}/item`);
    assert.equal(logPath("/calendar/s3cr3t-feed-token.ics"), "/calendar/:feed");
    assert.equal(logPath("/files/%E6%9C%88%E5%B3%B6.pdf"), "/files/:redacted");
  });
});

describe("the warning for a server other machines cannot use cameras on", () => {
  it("warns beyond loopback without TLS, and only then", () => {
    assert.match(insecureOriginWarning("0.0.0.0", false, "http://localhost:3000") ?? "", /camera/);
    assert.match(insecureOriginWarning("192.0.2.10", false, "http://192.0.2.10:3000") ?? "", /TLS_CERT_FILE/);
    assert.equal(insecureOriginWarning("127.0.0.1", false, "http://127.0.0.1:3000"), undefined);
    assert.equal(insecureOriginWarning("::1", false, "http://[::1]:3000"), undefined);
    assert.equal(insecureOriginWarning("0.0.0.0", true, "https://localhost:3000"), undefined);
    assert.equal(
      insecureOriginWarning("0.0.0.0", false, "https://collab.example"),
      undefined,
      "TLS ended by a proxy",
    );
  });
});
