import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, originAllowed } from "../../server/http/request-guard";

describe("the Origin check and the page CSP (proxy.ts)", () => {
  const app = "https://collab.okinet.example";

  it("lets safe methods through and lets state changes through only from the app's own origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      assert.equal(originAllowed(method, null, app), true);
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      assert.equal(originAllowed(method, app, app), true, method);
      for (const origin of [
        null,
        "null",
        "https://evil.example",
        `${app}.evil.example`,
        "http://collab.okinet.example",
      ])
        assert.equal(originAllowed(method, origin, app), false, `${method} from ${origin}`);
    }
    assert.equal(
      originAllowed("POST", app, null),
      false,
      "no known origin: nothing is allowed to change state",
    );
  });

  it("puts the nonce in script-src, no eval in production, sockets to the app's own host", () => {
    const csp = contentSecurityPolicy("abc123==", app, false);
    assert.match(csp, /script-src 'self' 'nonce-abc123==' 'strict-dynamic';/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.match(csp, /connect-src 'self' wss:\/\/collab\.okinet\.example;/);
    assert.match(csp, /img-src 'self' blob: data:/);
    assert.match(csp, /upgrade-insecure-requests/);
    const dev = contentSecurityPolicy("n", "http://127.0.0.1:3000", true);
    assert.match(dev, /'unsafe-eval'/);
    assert.match(dev, /connect-src 'self' ws:\/\/127\.0\.0\.1:3000;/);
    assert.doesNotMatch(dev, /upgrade-insecure-requests/, "plain http stays plain http");
  });
});
