import net from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * The WebSocket-to-TCP relay that lets @neondatabase/serverless talk to any
 * Postgres, not only Neon's, so one driver code path serves Neon and
 * self-hosted servers alike. It forwards only to the one target it was started
 * for: it is not an open proxy.
 */
export interface PgWsRelay {
  /** host:port to hand to neonConfig.wsProxy */
  readonly address: string;
  close(): Promise<void>;
}

export async function startPgWsRelay(target: { host: string; port: number }, listenHost = "127.0.0.1") {
  const wss = new WebSocketServer({ host: listenHost, port: 0, path: "/v1", perMessageDeflate: false });
  const sockets = new Set<net.Socket>();

  wss.on("connection", (ws: WebSocket, req) => {
    const requested = new URL(req.url ?? "/", "ws://relay").searchParams.get("address");
    if (requested && requested !== `${target.host}:${target.port}`) {
      ws.close(1008, "target not allowed");
      return;
    }
    const tcp = net.connect({ host: target.host, port: target.port, noDelay: true });
    sockets.add(tcp);
    // Bytes that arrive before the TCP connection is up are written once it is.
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      tcp.write(chunk);
    });
    const end = () => {
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on("close", end);
    tcp.on("error", end);
    ws.on("close", end);
    ws.on("error", end);
  });

  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const { port } = wss.address() as AddressInfo;

  return {
    address: `${listenHost}:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  } satisfies PgWsRelay;
}
