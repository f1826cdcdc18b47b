// The floor's page script (bundled by join-floor.ts): a bare mediasoup-client join over one
// WebSocket, with nothing in the way: no page framework, no authentication, no database. The
// host page (#host) sends its fake camera; the joining page (#join) sends camera and
// microphone and receives everything, its requests sent as soon as each can be.
import { Device } from "mediasoup-client";
import type { Transport } from "mediasoup-client/types";

const socket = new WebSocket(`ws://${location.host}/ws`);
let next = 0;
const waiting = new Map<number, (data: unknown) => void>();
socket.onmessage = (m) => {
  const { id, data } = JSON.parse(m.data as string) as { id: number; data: unknown };
  waiting.get(id)?.(data);
  waiting.delete(id);
};
const opened = new Promise((resolve) => (socket.onopen = resolve));
async function ask<T>(method: string, data: unknown = {}): Promise<T> {
  await opened;
  const id = (next += 1);
  socket.send(JSON.stringify({ id, method, data }));
  return new Promise((resolve) => waiting.set(id, resolve as (d: unknown) => void));
}

interface Joined {
  rtpCapabilities: Parameters<Device["load"]>[0]["routerRtpCapabilities"];
  send: Parameters<Device["createSendTransport"]>[0];
  recv: Parameters<Device["createRecvTransport"]>[0];
  producers: string[];
}

function wire(transport: Transport) {
  transport.on("connect", ({ dtlsParameters }, done) => {
    void ask("connect", { transportId: transport.id, dtlsParameters }).then(() => done());
  });
}

async function main(receive: boolean) {
  const media = navigator.mediaDevices.getUserMedia({ video: true, audio: receive });
  const joined = await ask<Joined>("join");
  const device = new Device();
  await device.load({ routerRtpCapabilities: joined.rtpCapabilities });
  const send = device.createSendTransport(joined.send);
  wire(send);
  send.on("produce", ({ kind, rtpParameters }, done) => {
    void ask<{ id: string }>("produce", { transportId: send.id, kind, rtpParameters }).then(done);
  });
  const recv = device.createRecvTransport(joined.recv);
  wire(recv);
  const receiving = receive
    ? ask<{ id: string; producerId: string; kind: "audio" | "video"; rtpParameters: never }[]>("consume", {
        producerIds: joined.producers,
        rtpCapabilities: device.rtpCapabilities,
      }).then(async (options) => {
        const consumers = await Promise.all(options.map((o) => recv.consume(o)));
        await ask("resume", { consumerIds: consumers.map((c) => c.id) });
        // what the bench reads, as from the app's diagnostics
        (window as unknown as { okinetMediaStats: () => Promise<unknown[]> }).okinetMediaStats = async () => {
          const out: unknown[] = [];
          for (const c of consumers)
            for (const s of (await c.getStats()).values())
              if ((s as { type: string }).type === "inbound-rtp") out.push({ kind: c.kind, ...s });
          return out;
        };
      })
    : Promise.resolve();
  const stream = await media;
  await Promise.all(stream.getTracks().map((track) => send.produce({ track })));
  await receiving;
}

void main(location.hash === "#join");
