import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { Sfu } from "../../server/sfu/sfu";
import { textOf } from "../helpers/messages";
import { WorkerPool } from "../../server/sfu/worker-pool";

const listenInfos = [
  { protocol: "udp" as const, ip: "127.0.0.1" },
  { protocol: "tcp" as const, ip: "127.0.0.1" },
];

/** Rooms on real mediasoup workers: one per conference, closed by the last one out, rebuilt after a worker dies. */
describe("SFU rooms (real mediasoup-worker)", () => {
  let sfu: Sfu;
  before(async () => {
    sfu = new Sfu(await WorkerPool.create({ size: 2, respawnDelaysMs: [0] }), listenInfos);
  });
  after(() => sfu.close());

  it("gives two simultaneous first joiners one room, spread over the least-loaded worker", async () => {
    const [a, b] = await Promise.all([
      sfu.getOrCreateRoom("conf-a", () => undefined),
      sfu.getOrCreateRoom("conf-a", () => undefined),
    ]);
    assert.equal(a, b);
    const other = await sfu.getOrCreateRoom("conf-b", () => undefined);
    assert.notEqual(other.workerPid, a.workerPid, "the second room goes to the other, emptier worker");
  });

  it("closes a room and frees its router when the last participant leaves", async () => {
    const room = await sfu.getOrCreateRoom("conf-c", () => undefined);
    room.addPeer("socket-1", "p1");
    room.addPeer("socket-2", "p2");
    const transport = await room.createTransport("socket-1");
    assert.match(transport.id, /^[0-9a-f-]{36}$/);
    assert.ok(
      transport.iceCandidates.some((c) => c.protocol === "udp") &&
        transport.iceCandidates.some((c) => c.protocol === "tcp"),
    );
    await sfu.leave("conf-c", "socket-1");
    assert.equal(room.closed, false);
    await sfu.leave("conf-c", "socket-2");
    assert.equal(room.closed, true);
    assert.equal(await sfu.findRoom("conf-c"), undefined);
  });

  it("refuses work from a peer that never joined, and unknown ids", async () => {
    const room = await sfu.getOrCreateRoom("conf-d", () => undefined);
    await assert.rejects(room.createTransport("stranger"), (e: unknown) => {
      assert.match(textOf(e as { message: string }, "en"), /join again/);
      return true;
    });
    room.addPeer("socket-1", "p1");
    await assert.rejects(
      room.resumeConsumer("socket-1", "00000000-0000-4000-8000-000000000000"),
      (e: unknown) => {
        assert.match(textOf(e as { message: string }, "en"), /not found/i);
        return true;
      },
    );
  });

  it("asks a receiver for bandwidth feedback only for a stream with layers", async () => {
    const room = await sfu.getOrCreateRoom("conf-f", () => undefined);
    room.addPeer("sender", "p1");
    room.addPeer("receiver", "p2");
    const ingest = await room.createPlainTransport("sender");
    const vp8 = { mimeType: "video/VP8", payloadType: 101, clockRate: 90000 };
    const single = await room.produce(
      "sender",
      ingest.id,
      "video",
      { codecs: [vp8], encodings: [{ ssrc: 1001 }] },
      "screen",
    );
    const layered = await room.produce(
      "sender",
      ingest.id,
      "video",
      { codecs: [vp8], encodings: [{ ssrc: 2001 }, { ssrc: 2002 }, { ssrc: 2003 }] },
      "camera",
    );
    const transport = await room.createTransport("receiver");
    const feedback = async (producerId: string) => {
      const { rtpParameters } = await room.consume(
        "receiver",
        transport.id,
        producerId,
        room.rtpCapabilities,
      );
      return {
        transportCc: rtpParameters.codecs.some((c) => c.rtcpFeedback?.some((f) => f.type === "transport-cc")),
        sequenceNumbers: (rtpParameters.headerExtensions ?? []).some((h) =>
          h.uri.includes("transport-wide-cc"),
        ),
        nack: rtpParameters.codecs[0]?.rtcpFeedback?.some((f) => f.type === "nack") ?? false,
      };
    };
    assert.deepEqual(await feedback(single.producerId), {
      transportCc: false,
      sequenceNumbers: false,
      nack: true,
    });
    assert.deepEqual(await feedback(layered.producerId), {
      transportCc: true,
      sequenceNumbers: true,
      nack: true,
    });
    room.close();
  });

  it("rebuilds a room on a live worker after its worker dies", async () => {
    const room = await sfu.getOrCreateRoom("conf-e", () => undefined);
    room.addPeer("socket-1", "p1");
    const closed = once(room, "close");
    const replaced = once(sfu.pool, "workerreplaced");
    process.kill(room.workerPid, "SIGKILL");
    await closed;
    assert.equal(room.closed, true);
    const rebuilt = await sfu.getOrCreateRoom("conf-e", () => undefined);
    assert.notEqual(rebuilt, room);
    assert.equal(rebuilt.closed, false);
    assert.notEqual(rebuilt.workerPid, room.workerPid);
    await replaced;
    assert.equal(sfu.pool.workers.length, 2, "the pool is back to full strength");
  });
});
