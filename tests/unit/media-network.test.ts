import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnv as parse } from "../../server/env";
import { resolveAnnouncedAddress } from "../../server/sfu/announced-address";
import { iceServersFor, turnCredential, TURN_CREDENTIAL_TTL_SECONDS } from "../../server/sfu/turn";

const settings = (vars: Record<string, string>) => parse({ NODE_ENV: "test", ...vars });

describe("TURN REST API credentials (coturn use-auth-secret)", () => {
  it("matches a vector computed independently with openssl", () => {
    // echo -n '1700000000:prac-1' | openssl dgst -sha1 -hmac 'north-okinawa-turn-secret' -binary | base64
    assert.deepEqual(turnCredential("north-okinawa-turn-secret", "prac-1", 1700000000), {
      username: "1700000000:prac-1",
      credential: "z75cpju7uG5Kl4ZJNiKW+kvwYtw=",
    });
  });

  it("hands the configured URLs with a credential that expires after the TTL", () => {
    const now = Date.UTC(2026, 0, 5, 9, 0, 0);
    const [server, ...rest] = iceServersFor(
      { TURN_URLS: ["turn:198.18.0.1:3478", "turns:turn.example:5349"], TURN_SECRET: "s".repeat(16) },
      "prac-2",
      now,
    );
    assert.equal(rest.length, 0);
    assert.deepEqual(server!.urls, ["turn:198.18.0.1:3478", "turns:turn.example:5349"]);
    assert.equal(server!.username, `${now / 1000 + TURN_CREDENTIAL_TTL_SECONDS}:prac-2`);
    assert.equal(
      server!.credential,
      turnCredential("s".repeat(16), "prac-2", now / 1000 + TURN_CREDENTIAL_TTL_SECONDS).credential,
    );
  });

  it("hands nothing without TURN", () => {
    assert.deepEqual(iceServersFor({}, "prac-1"), []);
  });
});

describe("media network settings", () => {
  it("listens on all interfaces on SFU_RTC_PORT 40000 by default", () => {
    const e = settings({});
    assert.equal(e.SFU_LISTEN_IP, "0.0.0.0");
    assert.equal(e.SFU_RTC_PORT, 40000);
  });

  it("takes 0 (free ports) and refuses a privileged port, naming the field", () => {
    assert.equal(settings({ SFU_RTC_PORT: "0" }).SFU_RTC_PORT, 0);
    assert.throws(() => settings({ SFU_RTC_PORT: "80" }), /SFU_RTC_PORT/);
    assert.throws(() => settings({ SFU_RTC_PORT: "65535", SFU_WORKERS: "2" }), /SFU_RTC_PORT/);
  });

  it("splits TURN_URLS, refuses other schemes, and wants the secret with them", () => {
    const e = settings({
      TURN_URLS: "turn:198.18.0.1:3478, turns:t.example:5349?transport=tcp",
      TURN_SECRET: "x".repeat(16),
    });
    assert.deepEqual(e.TURN_URLS, ["turn:198.18.0.1:3478", "turns:t.example:5349?transport=tcp"]);
    assert.throws(() => settings({ TURN_URLS: "stun:198.18.0.1", TURN_SECRET: "x".repeat(16) }), /TURN_URLS/);
    assert.throws(() => settings({ TURN_URLS: "turn:198.18.0.1" }), /TURN_SECRET/);
  });
});

describe("announced address", () => {
  const quiet = () => undefined;
  it("prefers SFU_ANNOUNCED_ADDRESS", async () => {
    assert.equal(
      await resolveAnnouncedAddress(
        { SFU_ANNOUNCED_ADDRESS: "198.18.0.7", PUBLIC_URL: "https://198.18.0.1", SFU_LISTEN_IP: "0.0.0.0" },
        quiet,
      ),
      "198.18.0.7",
    );
  });

  it("takes PUBLIC_URL's host when it is an IP (v4 or v6) or resolves", async () => {
    const base = { SFU_LISTEN_IP: "0.0.0.0" } as const;
    assert.equal(
      await resolveAnnouncedAddress({ ...base, PUBLIC_URL: "https://198.18.0.1:8443/" }, quiet),
      "198.18.0.1",
    );
    assert.equal(
      await resolveAnnouncedAddress({ ...base, PUBLIC_URL: "https://[2001:db8::1]/" }, quiet),
      "2001:db8::1",
    );
    assert.match(
      await resolveAnnouncedAddress({ ...base, PUBLIC_URL: "http://localhost:3000" }, quiet),
      /^(127\.0\.0\.1|::1)$/,
    );
  });

  it("falls back to a single listen address, else loopback with a warning", async () => {
    const warnings: string[] = [];
    assert.equal(
      await resolveAnnouncedAddress({ SFU_LISTEN_IP: "198.18.0.1" }, (m) => warnings.push(m)),
      "198.18.0.1",
    );
    assert.equal(warnings.length, 0);
    assert.equal(
      await resolveAnnouncedAddress(
        { SFU_LISTEN_IP: "0.0.0.0", PUBLIC_URL: "https://no-such-host.invalid" },
        (m) => warnings.push(m),
      ),
      "127.0.0.1",
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /SFU_ANNOUNCED_ADDRESS/);
    assert.match(warnings[1]!, /PUBLIC_URL/);
  });
});
