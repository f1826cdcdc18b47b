// Shared by the SFU benchmarks (sfu-forwarding.ts, sfu-idle.ts): a worker's CPU time and
// RSS from /proc, and browser-like clients for the SFU's WebRtcTransports: a mediasoup
// WebRtcTransport in a worker of its own, joined to the SFU's transport through a UDP relay
// (on its own thread) that plays the ICE controlling agent, then DTLS.
import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker as Thread } from "node:worker_threads";
import { crc32 } from "node:zlib";
import type { DtlsParameters, IceCandidate, IceParameters, Router, WebRtcTransport } from "mediasoup/types";

/** CPU time of every thread of a process, in ns (io_uring's workers are threads too). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return total;
}

/** A process's resident set (VmRSS), in kB. */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function stunAttr(type: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4 + value.length + ((4 - (value.length % 4)) % 4));
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(value.length, 2);
  value.copy(b, 4);
  return b;
}

/** A binding request with USE-CANDIDATE from the controlling agent, as a browser sends to an ICE-lite server. */
function bindingRequest(remoteUfrag: string, remotePassword: string): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(header, 8);
  const priority = Buffer.alloc(4);
  priority.writeUInt32BE(0x6e0001ff);
  let body = Buffer.concat([
    stunAttr(0x0006, Buffer.from(`${remoteUfrag}:bench`)), // USERNAME
    stunAttr(0x0024, priority), // PRIORITY
    stunAttr(0x802a, randomBytes(8)), // ICE-CONTROLLING
    stunAttr(0x0025, Buffer.alloc(0)), // USE-CANDIDATE
  ]);
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac("sha1", remotePassword)
    .update(Buffer.concat([header, body]))
    .digest();
  body = Buffer.concat([body, stunAttr(0x0008, mac)]); // MESSAGE-INTEGRITY
  header.writeUInt16BE(body.length + 8, 2);
  const fingerprint = Buffer.alloc(4);
  fingerprint.writeUInt32BE((crc32(Buffer.concat([header, body])) ^ 0x5354554e) >>> 0);
  return Buffer.concat([header, body, stunAttr(0x8028, fingerprint)]); // FINGERPRINT
}

/**
 * The relay, on a thread of its own so that it keeps up when the machine is busy: a socket
 * per receiver, passing the SFU's packets to the client transport and back; STUN is only
 * its own (binding requests every 5 s, as a browser's consent checks; answers dropped).
 */
const RELAY = `
const { parentPort } = require("node:worker_threads");
const dgram = require("node:dgram");
const relays = [];
const stun = (r) => {
  r.socket.send(r.toServer, r.serverPort, "127.0.0.1");
  r.socket.send(r.toBrowser, r.browserPort, "127.0.0.1");
};
parentPort.on("message", (r) => {
  r.socket = dgram.createSocket("udp4");
  r.socket.on("message", (msg, from) => {
    if (msg.length >= 20 && msg[0] < 4) return;
    if (from.port === r.serverPort) r.socket.send(msg, r.browserPort, "127.0.0.1");
    else if (from.port === r.browserPort) r.socket.send(msg, r.serverPort, "127.0.0.1");
  });
  r.socket.bind(0, "127.0.0.1", () => {
    relays.push(r);
    stun(r);
    parentPort.postMessage(r.id);
  });
});
setInterval(() => relays.forEach(stun), 5000);
`;

/** What the SFU answers when asked for a transport (Room.createTransport's answer). */
export interface ServerTransport {
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

/** Browser-like clients on one client router, through one relay thread. */
export class RelayedClients {
  readonly #router: Router;
  readonly #relay = new Thread(RELAY, { eval: true });
  readonly #bound = new Map<number, () => void>();
  #joined = 0;

  constructor(clientRouter: Router) {
    this.#router = clientRouter;
    this.#relay.on("message", (id: number) => this.#bound.get(id)?.());
  }

  /**
   * A client transport joined to `server` over UDP through the relay, ICE connected and
   * DTLS done (the client is the DTLS client, as a browser answering mediasoup's offer is);
   * `connectServer` hands the server its DTLS parameters (Room.connectTransport or a bare
   * transport's connect).
   */
  async connect(
    server: ServerTransport,
    connectServer: (dtlsParameters: DtlsParameters) => Promise<void>,
  ): Promise<WebRtcTransport> {
    const serverCandidate = server.iceCandidates.find((c) => c.protocol === "udp");
    if (!serverCandidate) throw new Error("the server transport has no UDP candidate");
    const browser = await this.#router.createWebRtcTransport({
      listenInfos: [{ protocol: "udp", ip: "127.0.0.1" }],
      iceConsentTimeout: 0,
    });
    const id = ++this.#joined;
    await new Promise<void>((resolve) => {
      this.#bound.set(id, resolve);
      this.#relay.postMessage({
        id,
        serverPort: serverCandidate.port,
        browserPort: browser.iceCandidates[0]!.port,
        toServer: bindingRequest(server.iceParameters.usernameFragment, server.iceParameters.password),
        toBrowser: bindingRequest(browser.iceParameters.usernameFragment, browser.iceParameters.password),
      });
    });
    this.#bound.delete(id);
    const connected = new Promise<void>((resolve, reject) => {
      browser.on("dtlsstatechange", (state) =>
        state === "connected" ? resolve() : state === "failed" ? reject(new Error("DTLS failed")) : undefined,
      );
    });
    await connectServer({ ...browser.dtlsParameters, role: "client" });
    await browser.connect({ dtlsParameters: { ...server.dtlsParameters, role: "server" } });
    await Promise.race([
      connected,
      sleep(10_000).then(() => Promise.reject(new Error(`client ${id}: DTLS not connected in 10 s`))),
    ]);
    return browser;
  }

  close(): void {
    void this.#relay.terminate();
  }
}
