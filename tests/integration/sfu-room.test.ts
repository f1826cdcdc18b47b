import assert from "node:assert/strict";
import dgram from "node:dgram";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { Sfu } from "../../server/sfu/sfu";
import { textOf } from "../helpers/messages";
import { WorkerPool } from "../../server/sfu/worker-pool";
import { KEY_FRAME_REQUEST_DELAY_MS } from "../../server/sfu/room";
import { DomainError } from "../../server/errors";

const listenInfos = [
  { protocol: "udp" as const, ip: "127.0.0.1" },
  { protocol: "tcp" as const, ip: "127.0.0.1" },
];

/** A camera's VP8 that answers key-frame requests (PLI), as a browser's does. */
const vp8WithPli = {
  mimeType: "video/VP8" as const,
  payloadType: 101,
  clockRate: 90000,
  rtcpFeedback: [{ type: "nack", parameter: "pli" }],
};

async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return socket;
}

/** One VP8 packet (RTP header, payload descriptor, then a key frame's or a delta frame's header). */
function vp8Packet(seq: number, ssrc: number, keyFrame: boolean) {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 0x80 | 101;
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(seq * 3000, 4);
  header.writeUInt32BE(ssrc, 8);
  const descriptor = Buffer.from([0x90, 0x80, 0x80, seq & 0xff]);
  const frame = keyFrame
    ? Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01])
    : Buffer.from([0x11, 0x02, 0x00]);
  return Buffer.concat([header, descriptor, frame, Buffer.alloc(200, 0xab)]);
}

/** RTP, not RTCP (packet types 200-207) on the same port. */
const isRtp = (m: Buffer) => m.length >= 12 && ((m[1]! & 0x7f) < 72 || (m[1]! & 0x7f) > 79);

/** The RTCP picture-loss indications (PT 206, FMT 1) in one datagram, compound or not. */
function plis(datagram: Buffer): number {
  let count = 0;
  for (let at = 0; at + 4 <= datagram.length; at += (datagram.readUInt16BE(at + 2) + 1) * 4) {
    if (datagram[at + 1] === 206 && (datagram[at]! & 0x1f) === 1) count++;
  }
  return count;
}

/** Waits (25 ms at a time, 10 s at most) until the condition holds, or fails naming it. */
async function until(what: string, condition: () => boolean) {
  for (let i = 0; !condition(); i++) {
    if (i > 400) assert.fail(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

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

  it("holds a camera's second key-frame request until its sender listens again, and never drops it", async () => {
    const room = await sfu.getOrCreateRoom("conf-g", () => undefined);
    for (const peer of ["sender", "first", "second"]) room.addPeer(peer, peer);
    const camera = await udpSocket();
    const pliTimes: number[] = [];
    camera.on("message", (m: Buffer) => {
      for (let i = plis(m); i > 0; i--) pliTimes.push(performance.now());
    });
    const ingest = await room.createPlainTransport("sender");
    const { producerId } = await room.produce(
      "sender",
      ingest.id,
      "video",
      { codecs: [vp8WithPli], encodings: [{ ssrc: 3001 }] },
      "camera",
    );
    let seq = 1;
    const sendFrame = (keyFrame: boolean) =>
      camera.send(vp8Packet(seq++, 3001, keyFrame), ingest.port, ingest.ip);
    // the SFU learns where the camera is from its first packet (comedia): PLIs go back there.
    // A key frame: a stream that starts with a delta frame is asked for one at once.
    sendFrame(true);
    const receiver = async (peer: string) => {
      const sink = await udpSocket();
      const received: Buffer[] = [];
      sink.on("message", (m: Buffer) => received.push(m));
      const transport = await room.createPlainTransport(peer, { ip: "127.0.0.1", port: sink.address().port });
      const { id } = await room.consume(peer, transport.id, producerId, room.rtpCapabilities);
      return { sink, received, id };
    };
    const first = await receiver("first");
    const second = await receiver("second");
    try {
      // the first receiver resumes: the camera is asked for a key frame at once, and sends it
      const firstAsked = performance.now();
      await room.resumeConsumer("first", first.id);
      await until("the camera is asked for a key frame", () => pliTimes.length >= 1);
      sendFrame(true);
      await until("the first receiver gets the key frame", () => first.received.some(isRtp));
      // the second resumes right after: a browser's encoder would ignore a request now (within
      // 300 ms of the one it honoured), so the SFU holds it and sends it once that has passed
      await room.resumeConsumer("second", second.id);
      await until("the camera is asked again", () => pliTimes.length >= 2);
      assert.equal(pliTimes.length, 2);
      // the worker's timer counts from its first request, which came after `firstAsked`; its
      // loop's clock may lag the real one a little on a loaded machine
      assert.ok(
        pliTimes[1]! - firstAsked >= KEY_FRAME_REQUEST_DELAY_MS - 50,
        `the second request came ${(pliTimes[1]! - firstAsked).toFixed(0)} ms after the first receiver resumed (${pliTimes.map((t) => (t - firstAsked).toFixed(0)).join(", ")})`,
      );
      assert.ok(KEY_FRAME_REQUEST_DELAY_MS > 300, "past libwebrtc's 300 ms between honoured requests");
    } finally {
      room.close();
      for (const s of [camera, first.sink, second.sink]) s.close();
    }
  });

  it("holds a simulcast receiver's layer change asked right after its picture came until the sender listens again, and takes one asked before it at once", async () => {
    const room = await sfu.getOrCreateRoom("conf-h", () => undefined);
    for (const peer of ["sender", "receiver", "other"]) room.addPeer(peer, peer);
    const camera = await udpSocket();
    const sink = await udpSocket();
    const otherSink = await udpSocket();
    let plisSent = 0;
    camera.on("message", (m: Buffer) => (plisSent += plis(m)));
    const received: Buffer[] = [];
    sink.on("message", (m: Buffer) => received.push(m));
    try {
      const ingest = await room.createPlainTransport("sender");
      // a camera's three simulcast streams
      const ssrcs = [5001, 5002, 5003];
      const { producerId } = await room.produce(
        "sender",
        ingest.id,
        "video",
        { codecs: [vp8WithPli], encodings: ssrcs.map((ssrc) => ({ ssrc })) },
        "camera",
      );
      let seq = 1;
      // the encoder makes a key frame of every stream at once
      const sendKeyFrames = () => {
        for (const ssrc of ssrcs) camera.send(vp8Packet(seq++, ssrc, true), ingest.port, ingest.ip);
      };
      // the SFU learns where the camera is from its first packets (comedia): PLIs go back there
      sendKeyFrames();
      const transport = await room.createPlainTransport("receiver", {
        ip: "127.0.0.1",
        port: sink.address().port,
      });
      // a tile measured before its picture came: nothing forwarded to it yet, so the key frame
      // its resume asked for starts the layer it asks for now, and the change is not held
      const first = await room.consume("receiver", transport.id, producerId, room.rtpCapabilities);
      await room.resumeConsumer("receiver", first.id);
      assert.equal(await room.setPreferredLayers("receiver", first.id, 0), 0, "not held");

      // the camera answers the request with key frames: the receiver's picture comes
      await until("the camera is asked for a key frame", () => plisSent >= 1);
      sendKeyFrames();
      await until("the receiver's layer is forwarded", () => room.isForwarding("receiver", first.id));
      assert.ok(received.some(isRtp));

      // another receiver of the camera resumes, and the sender is asked for a key frame; a layer
      // change asked now by one that shows a picture would name another stream within the
      // encoder's 300 ms, and go unanswered: it is held
      const other = await room.createPlainTransport("other", {
        ip: "127.0.0.1",
        port: otherSink.address().port,
      });
      const second = await room.consume("other", other.id, producerId, room.rtpCapabilities);
      const resumed = performance.now();
      await room.resumeConsumer("other", second.id);
      assert.ok(room.isForwarding("receiver", first.id));
      await room.setPreferredLayers("receiver", first.id, 1);
      const taken = performance.now() - resumed;
      assert.ok(
        taken >= KEY_FRAME_REQUEST_DELAY_MS - 50,
        `the layer change was taken ${taken.toFixed(0)} ms after the other receiver's resume`,
      );
      // a consumer that closes while its change is held: refused as any gone consumer is
      const held = room.setPreferredLayers("receiver", first.id, 2);
      room.removePeer("receiver");
      await assert.rejects(
        held,
        (e: unknown) => e instanceof DomainError && e.key === "media.consumerNotFound",
      );
    } finally {
      room.close();
      for (const s of [camera, sink, otherSink]) s.close();
    }
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
