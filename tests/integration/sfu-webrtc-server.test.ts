import assert from "node:assert/strict";
import dgram from "node:dgram";
import net from "node:net";
import { once } from "node:events";
import { after, describe, it } from "node:test";
import type { Worker } from "mediasoup/types";
import { WorkerPool } from "../../server/sfu/worker-pool";

/** A port free for both UDP and TCP on loopback just now (the worker binds it next). */
async function freeUdpAndTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    tcp.listen(0, "127.0.0.1");
    await once(tcp, "listening");
    const port = (tcp.address() as net.AddressInfo).port;
    const udp = dgram.createSocket("udp4");
    const ok = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, "127.0.0.1", () => resolve(true));
    });
    udp.close();
    tcp.close();
    if (ok) return port;
  }
  throw new Error("no port free for both UDP and TCP");
}

const portsOf = async (pool: WorkerPool, worker: Worker) => {
  const dump = await pool.webRtcServerOf(worker)!.dump();
  return { udp: dump.udpSockets.map((s) => s.port), tcp: dump.tcpServers.map((s) => s.port) };
};

describe("SFU: one WebRtcServer per worker", () => {
  let pool: WorkerPool | undefined;
  after(() => pool?.close());

  it("listens on one UDP and one TCP port, and a replacement for a dead worker takes the same ports", async () => {
    const port = await freeUdpAndTcpPort();
    pool = await WorkerPool.create({
      size: 1,
      respawnDelaysMs: [0],
      webRtcServer: () => ({
        listenInfos: [
          { protocol: "udp", ip: "127.0.0.1", port },
          { protocol: "tcp", ip: "127.0.0.1", port },
        ],
      }),
    });
    const [worker] = pool.workers;
    assert.deepEqual(await portsOf(pool, worker!), { udp: [port], tcp: [port] });
    const replaced = once(pool, "workerreplaced") as Promise<[Worker, Worker]>;
    process.kill(worker!.pid, "SIGKILL");
    const [replacement] = await replaced;
    assert.notEqual(replacement.pid, worker!.pid);
    assert.deepEqual(await portsOf(pool, replacement), { udp: [port], tcp: [port] });
  });
});
