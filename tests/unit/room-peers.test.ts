import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AppSocket } from "../../server/signalling/handler";
import type { SignallingServer } from "../../server/signalling/events";
import { othersMayBeIn, roomsAreLocal } from "../../server/signalling/room-peers";

/** What othersMayBeIn reads of a socket: its id, its server and the adapter's rooms on this node. */
function socketIn(rooms: Record<string, string[]>, id: string, local: boolean) {
  const server = {} as SignallingServer;
  if (local) roomsAreLocal(server);
  const adapter = { rooms: new Map(Object.entries(rooms).map(([room, ids]) => [room, new Set(ids)])) };
  return { id, nsp: { server, adapter } } as unknown as AppSocket;
}

describe("who else may be in a room (a broadcast's frame is built only then)", () => {
  it("in-memory rooms: nobody but the sender, or an empty room, is no one", () => {
    assert.equal(othersMayBeIn(socketIn({ r: ["me"] }, "me", true), "r"), false);
    assert.equal(othersMayBeIn(socketIn({}, "me", true), "r"), false);
  });

  it("in-memory rooms: anyone else, whether or not the sender is in it, is someone", () => {
    assert.equal(othersMayBeIn(socketIn({ r: ["me", "other"] }, "me", true), "r"), true);
    assert.equal(othersMayBeIn(socketIn({ r: ["other"] }, "me", true), "r"), true);
  });

  it("a cluster adapter (Redis): always someone, since other nodes' sockets are not listed here", () => {
    assert.equal(othersMayBeIn(socketIn({ r: ["me"] }, "me", false), "r"), true);
    assert.equal(othersMayBeIn(socketIn({}, "me", false), "r"), true);
  });
});
