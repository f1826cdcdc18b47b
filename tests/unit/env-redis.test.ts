import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EnvError, parseEnv } from "../../server/env";

const settings = (vars: Record<string, string>) => parseEnv({ NODE_ENV: "test", ...vars });

describe("settings: the Redis adapter for several app nodes", () => {
  it("is off unless REDIS_URL is set, so one node needs no Redis", () => {
    const e = settings({});
    assert.equal(e.REDIS_URL, undefined);
    assert.equal(e.REDIS_CHANNEL_PREFIX, "okinet-collab");
  });

  it("takes redis:// and rediss:// URLs and a channel prefix", () => {
    const e = settings({
      REDIS_URL: "rediss://:pw@cache.internal:6380/0",
      REDIS_CHANNEL_PREFIX: "okinet-prod",
    });
    assert.equal(e.REDIS_URL, "rediss://:pw@cache.internal:6380/0");
    assert.equal(e.REDIS_CHANNEL_PREFIX, "okinet-prod");
  });

  it("stops start-up naming the variable for anything else", () => {
    assert.throws(
      () => settings({ REDIS_URL: "http://cache.internal" }),
      (e: Error) => {
        assert.ok(e instanceof EnvError);
        assert.match(e.message, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
        return true;
      },
    );
    assert.throws(() => settings({ REDIS_CHANNEL_PREFIX: "a b*" }), /REDIS_CHANNEL_PREFIX/);
  });

  it("names the node and the conference lease; refuses a node name the balancer's map could not hold", () => {
    const e = settings({
      REDIS_URL: "redis://cache.internal",
      NODE_ID: "node-a.ward3",
      CONFERENCE_LEASE_SECONDS: "5",
    });
    assert.equal(e.NODE_ID, "node-a.ward3");
    assert.equal(e.CONFERENCE_LEASE_SECONDS, 5);
    assert.equal(settings({}).CONFERENCE_LEASE_SECONDS, 15);
    assert.throws(() => settings({ NODE_ID: "node a;" }), /NODE_ID: letters, digits/);
    assert.throws(() => settings({ CONFERENCE_LEASE_SECONDS: "1" }), /CONFERENCE_LEASE_SECONDS/);
  });
});
