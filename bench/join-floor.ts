// The raw floor of entering a room: a bare mediasoup router (the app's codecs, one worker,
// a WebRtcServer on loopback as the app has) and a bare mediasoup-client page on one
// WebSocket, joining in three requests (join with both transports and the producers;
// consume all; resume all) plus the DTLS and produce requests, each sent as soon as it can
// be. What the app adds on top (page, authentication, database, React, budgets) is the
// difference to it.
import { createServer } from "node:http";
import path from "node:path";
import { build } from "esbuild";
import * as mediasoup from "mediasoup";
import type { Consumer, Producer, WebRtcTransport } from "mediasoup/types";
import { WebSocketServer } from "ws";
import { MEDIA_CODECS } from "../server/sfu/codecs";

export interface Floor {
  url: string;
  close(): Promise<void>;
}

export async function startFloor(announcedAddress: string): Promise<Floor> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, "join-floor-client.ts")],
    bundle: true,
    write: false,
    format: "esm",
    minify: true,
    platform: "browser",
  });
  const script = bundle.outputFiles[0]!.text;
  const worker = await mediasoup.createWorker({ logLevel: "warn" });
  const webRtcServer = await worker.createWebRtcServer({
    listenInfos: [
      { protocol: "udp", ip: "0.0.0.0", announcedAddress },
      { protocol: "tcp", ip: "0.0.0.0", announcedAddress },
    ],
  });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const producers = new Map<string, Producer>();

  const http = createServer((req, res) => {
    if (req.url?.startsWith("/floor.js")) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      return;
    }
    res
      .writeHead(200, { "content-type": "text/html" })
      .end('<!doctype html><html><body><script type="module" src="/floor.js"></script></body></html>');
  });
  const wss = new WebSocketServer({ server: http, path: "/ws" });
  wss.on("connection", (ws) => {
    const transports = new Map<string, WebRtcTransport>();
    const consumers = new Map<string, Consumer>();
    const mine = new Set<string>();
    const transport = async () => {
      const t = await router.createWebRtcTransport({
        webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
      });
      transports.set(t.id, t);
      return {
        id: t.id,
        iceParameters: t.iceParameters,
        iceCandidates: t.iceCandidates,
        dtlsParameters: t.dtlsParameters,
      };
    };
    const handlers: Record<string, (data: never) => Promise<unknown>> = {
      join: async () => {
        const [send, recv] = await Promise.all([transport(), transport()]);
        const others = [...producers.keys()].filter((id) => !mine.has(id));
        return { rtpCapabilities: router.rtpCapabilities, send, recv, producers: others };
      },
      connect: async (d: { transportId: string; dtlsParameters: never }) => {
        await transports.get(d.transportId)!.connect({ dtlsParameters: d.dtlsParameters });
        return null;
      },
      produce: async (d: { transportId: string; kind: "audio" | "video"; rtpParameters: never }) => {
        const p = await transports
          .get(d.transportId)!
          .produce({ kind: d.kind, rtpParameters: d.rtpParameters });
        producers.set(p.id, p);
        mine.add(p.id);
        return { id: p.id };
      },
      consume: async (d: { producerIds: string[]; rtpCapabilities: never }) => {
        const recv = [...transports.values()][1]!;
        return Promise.all(
          d.producerIds.map(async (producerId) => {
            const c = await recv.consume({ producerId, rtpCapabilities: d.rtpCapabilities, paused: true });
            consumers.set(c.id, c);
            return { id: c.id, producerId, kind: c.kind, rtpParameters: c.rtpParameters };
          }),
        );
      },
      resume: async (d: { consumerIds: string[] }) => {
        await Promise.all(
          d.consumerIds.map(async (id) => {
            const c = consumers.get(id)!;
            await c.resume();
            if (c.kind === "video") await c.requestKeyFrame();
          }),
        );
        return null;
      },
    };
    ws.on("message", (raw: Buffer) => {
      const { id, method, data } = JSON.parse(raw.toString()) as { id: number; method: string; data: never };
      handlers[method]!(data).then(
        (reply) => ws.send(JSON.stringify({ id, data: reply })),
        // a request still in the worker when the floor closes (the page's last produce): an
        // unhandled rejection would end the bench before it stops the app
        (e: unknown) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, error: String(e) }));
        },
      );
    });
    ws.on("close", () => {
      for (const id of mine) producers.get(id)?.close();
      for (const id of mine) producers.delete(id);
      for (const t of transports.values()) t.close();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close() {
      wss.close();
      http.close();
      worker.close();
      return Promise.resolve();
    },
  };
}
