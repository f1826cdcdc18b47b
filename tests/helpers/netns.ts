import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Every namespace and link these tests make starts with this, so a killed run's leftovers can be found. */
export const NETNS_PREFIX = "okt";

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
const ipIn = (ns: string, ...args: string[]) => run("ip", ["netns", "exec", ns, ...args]);

/** Removes namespaces a killed earlier run left behind (their veths go with them). */
export function removeStaleNamespaces() {
  for (const line of run("ip", ["netns", "list"]).split("\n")) {
    const name = line.split(" ")[0];
    if (name?.startsWith(`${NETNS_PREFIX}-`)) run("ip", ["netns", "del", name]);
  }
}

export interface Host {
  ns: string;
  address: string;
}

/**
 * A small switched network of its own: a bridge in a "switch" namespace and one
 * namespace per host with a veth pair into it, addresses from the benchmarking range
 * 198.18.0.0/15 on a /24 picked at random. Nothing is routed to or from the machine.
 */
export class TestNetwork {
  readonly id = randomBytes(3).toString("hex");
  readonly subnet = `198.18.${1 + (randomBytes(1)[0]! % 250)}`;
  readonly #switch = `${NETNS_PREFIX}-${this.id}-sw`;
  readonly #namespaces: string[] = [];
  readonly #dir = mkdtempSync(path.join(os.tmpdir(), "okinet-netns-"));

  /** Fails with a clear message where namespaces cannot be made (no root, no CAP_SYS_ADMIN). */
  create() {
    try {
      run("ip", ["netns", "add", this.#switch]);
    } catch (e) {
      throw new Error(
        `cannot create a network namespace (needs root and iproute2): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    this.#namespaces.push(this.#switch);
    ipIn(this.#switch, "ip", "link", "add", "br0", "type", "bridge");
    ipIn(this.#switch, "ip", "link", "set", "br0", "up");
    ipIn(this.#switch, "ip", "link", "set", "lo", "up");
  }

  /** A host namespace with one interface on the switch. */
  addHost(name: string, index: number): Host {
    const ns = `${NETNS_PREFIX}-${this.id}-${name}`;
    const address = `${this.subnet}.${index}`;
    run("ip", ["netns", "add", ns]);
    this.#namespaces.push(ns);
    const peer = `${NETNS_PREFIX}${this.id}${index}`;
    // the pair is made inside the host namespace, its far end moved to the switch
    ipIn(ns, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", peer);
    ipIn(ns, "ip", "link", "set", peer, "netns", this.#switch);
    ipIn(this.#switch, "ip", "link", "set", peer, "master", "br0");
    ipIn(this.#switch, "ip", "link", "set", peer, "up");
    ipIn(ns, "ip", "addr", "add", `${address}/24`, "dev", "eth0");
    ipIn(ns, "ip", "link", "set", "eth0", "up");
    ipIn(ns, "ip", "link", "set", "lo", "up");
    return { ns, address };
  }

  /** Drops all UDP in and out of a host (nftables, inside that namespace only). */
  blockUdp(host: Host) {
    const rules = [
      "table inet okinet_block {",
      '  chain in { type filter hook input priority 0; iifname "eth0" meta l4proto udp drop; }',
      '  chain out { type filter hook output priority 0; oifname "eth0" meta l4proto udp drop; }',
      "}",
    ].join("\n");
    const file = path.join(this.#dir, `block-udp-${host.ns}.nft`);
    writeFileSync(file, rules);
    ipIn(host.ns, "nft", "-f", file);
  }

  /** Starts a process inside a host's namespace. */
  spawnIn(host: Host, command: string, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
    return spawn("ip", ["netns", "exec", host.ns, command, ...args], options);
  }

  /**
   * A wrapper playwright-core launches as "Chromium": Debian's Chromium inside the host's
   * namespace, with a HOME whose NSS database trusts `caPem` (real CA trust, as an IT
   * department installs its CA on a PC).
   */
  chromiumWrapper(host: Host, caPem: string): string {
    const home = path.join(this.#dir, `home-${host.ns}`);
    const nssdb = path.join(home, ".pki", "nssdb");
    mkdirSync(nssdb, { recursive: true });
    const caFile = path.join(this.#dir, "ca.pem");
    writeFileSync(caFile, caPem);
    run("certutil", ["-N", "-d", `sql:${nssdb}`, "--empty-password"]);
    run("certutil", ["-A", "-d", `sql:${nssdb}`, "-n", "okinet-test-ca", "-t", "C,,", "-i", caFile]);
    const wrapper = path.join(this.#dir, `chromium-${host.ns}.sh`);
    writeFileSync(
      wrapper,
      `#!/bin/sh\nexec ip netns exec ${host.ns} env HOME=${home} ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"} "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    return wrapper;
  }

  /** Removes every namespace this network made (their links go with them) and its files. */
  destroy() {
    for (const ns of this.#namespaces.reverse()) {
      try {
        run("ip", ["netns", "del", ns]);
      } catch {
        // already gone
      }
    }
    this.#namespaces.length = 0;
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** A throwaway CA and a server certificate for `address` signed by it (openssl). */
export function makeCertificates(address: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-ca-"));
  const f = (n: string) => path.join(dir, n);
  run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=okinet test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  run("openssl", [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
    "-subj",
    `/CN=${address}`,
  ]);
  writeFileSync(
    f("ext.cnf"),
    `subjectAltName=IP:${address}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  run("openssl", [
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
  ]);
  return {
    dir,
    ca: f("ca.pem"),
    cert: f("server.pem"),
    key: f("server.key"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const APP_PORT = 8443;
const SFU_RTC_PORT = 40000;

/** The app server inside its own namespace: HTTPS with the test CA's certificate, embedded PGlite. */
export async function startAppIn(net: TestNetwork, host: Host, cert: string, key: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "okinet-netns-app-"));
  const url = `https://${host.address}:${APP_PORT}`;
  let log = "";
  const child: ChildProcess = net.spawnIn(host, process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: host.address,
      PORT: String(APP_PORT),
      PUBLIC_URL: url,
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      SEED_DEMO_DATA: "1",
      DEMO_MODE: "1",
      SFU_WORKERS: "1",
      SFU_RTC_PORT: String(SFU_RTC_PORT),
      DEMO_RECORDS_PORT: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${log}`)), 180_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("ready in")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once("exit", () => r()));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
