import assert from "node:assert/strict";
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

// "No network at all": the archive from `npm run bundle`, unpacked in a temporary
// folder and started with its own `start` inside a network namespace that has only
// loopback for traffic. So that an attempt to reach outside is seen rather than failing
// silently with "network unreachable", the namespace also has an interface that leads
// nowhere (one end of a veth pair whose other end is in the same namespace, with no
// address) holding the default route, its resolv.conf names a DNS server
// behind that route, and an nftables counter inside the namespace counts every packet
// routed anywhere but loopback. The sanity step proves the counter sees a TCP connect
// and a DNS lookup before the server starts; afterwards it must still read zero.

const root = path.resolve(import.meta.dirname, "..", "..");
const suffix = randomBytes(4).toString("hex");
const NETNS = `okinet-offline-${suffix}`;
// 198.18.0.0/15 (benchmarking): never a real destination
const octet = 1 + (randomBytes(1)[0]! % 250);
const OWN_ADDRESS = `198.18.${octet}.2/24`;
const GATEWAY = `198.18.${octet}.1`;
const DNS_SERVER = `198.18.${octet}.53`;
const OUTSIDE = `198.18.${octet}.80`;
const NFT_TABLE = "okinet_offline";
const PORT = 3000;
const SERVER_START_LIMIT_MS = 8 * 60_000;

function sh(cmd: string, args: string[], input?: string) {
  return execFileSync(cmd, args, { encoding: "utf8", input, timeout: 60_000, stdio: "pipe" });
}

function outsidePackets(): number {
  const chain = sh("ip", ["netns", "exec", NETNS, "nft", "list", "chain", "inet", NFT_TABLE, "output"]);
  const m = /counter packets (\d+)/.exec(chain);
  assert.ok(m?.[1], `no counter in the namespace's nftables chain:\n${chain}`);
  return Number(m[1]);
}

describe("No network at all: the bundle starts in a namespace with only loopback", () => {
  let work: string;
  let bundle: string;
  let nodeBin: string;
  let server: ChildProcess | undefined;
  let serverLog = "";
  let netnsCreated = false;

  /** Runs a small Node script inside the namespace with the bundle's own Node. */
  function inNamespace(script: string): string {
    return execFileSync("ip", ["netns", "exec", NETNS, nodeBin, "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
  }

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "okinet-offline-"));
    try {
      sh("ip", ["netns", "add", NETNS]);
      netnsCreated = true;
    } catch (e) {
      const reason = e instanceof Error && "stderr" in e ? String(e.stderr).trim() : String(e);
      assert.fail(
        `cannot create a network namespace here (${reason}): this test needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2`,
      );
    }
    const ip = (...args: string[]) => sh("ip", ["-n", NETNS, ...args]);
    ip("link", "set", "lo", "up");
    // the interfaces made below carry no IPv6, whose link-local chatter would be counted
    sh("ip", ["netns", "exec", NETNS, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1"]);
    // a veth pair whose both ends stay in the namespace: what is routed out of d0 goes nowhere
    ip("link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
    ip("link", "set", "d0peer", "up");
    ip("addr", "add", OWN_ADDRESS, "dev", "d0");
    ip("link", "set", "d0", "up");
    ip("route", "add", "default", "via", GATEWAY, "dev", "d0");
    // `ip netns exec` bind-mounts /etc/netns/<name>/resolv.conf over /etc/resolv.conf
    fs.mkdirSync(`/etc/netns/${NETNS}`, { recursive: true });
    fs.writeFileSync(
      `/etc/netns/${NETNS}/resolv.conf`,
      `nameserver ${DNS_SERVER}\noptions timeout:1 attempts:1\n`,
    );
    sh(
      "ip",
      ["netns", "exec", NETNS, "nft", "-f", "-"],
      `table inet ${NFT_TABLE} {\n  chain output {\n    type filter hook output priority 0; policy accept;\n    oifname != "lo" counter\n  }\n}\n`,
    );

    // the real archive, as an operator copies it: built (reusing a fresh .next), then unpacked
    const built = execFileSync(
      process.execPath,
      [path.join(root, "scripts", "bundle.mjs"), "--reuse-build", "--out", path.join(work, "dist")],
      { cwd: root, encoding: "utf8", timeout: 20 * 60_000, stdio: ["ignore", "pipe", "inherit"] },
    );
    const archive = /^(\S+\.tar\.gz)\t\d+ bytes/m.exec(built)?.[1];
    assert.ok(archive && fs.existsSync(archive), `npm run bundle printed no archive:\n${built}`);
    const unpackTo = path.join(work, "unpacked");
    fs.mkdirSync(unpackTo);
    sh("tar", ["-xzf", archive, "-C", unpackTo]);
    fs.rmSync(archive);
    const [top] = fs.readdirSync(unpackTo);
    assert.ok(top, "the archive holds one folder");
    bundle = path.join(unpackTo, top);
    nodeBin = path.join(bundle, "node", "bin", "node");
  });

  after(async () => {
    if (server?.pid && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, "exit");
      process.kill(-server.pid, "SIGKILL");
      await exited;
    }
    if (netnsCreated) {
      // whatever the server left behind in the namespace goes with it
      for (const pid of sh("ip", ["netns", "pids", NETNS]).split("\n").filter(Boolean))
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // already gone
        }
      execFileSync("ip", ["netns", "del", NETNS], { stdio: "ignore" });
    }
    fs.rmSync(`/etc/netns/${NETNS}`, { recursive: true, force: true });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("counts an attempt to reach outside (sanity check of the counter)", () => {
    // Debian 12's nft cannot reset a rule's counter: each step compares with the count before it
    const quiet = outsidePackets();
    const tcp = inNamespace(`
      import net from "node:net";
      const s = net.connect({ host: ${JSON.stringify(OUTSIDE)}, port: 443 });
      s.on("error", (e) => { console.log(e.code); process.exit(0); });
      setTimeout(() => { console.log("no answer"); process.exit(0); }, 1500);`);
    assert.match(tcp, /no answer|ETIMEDOUT|ECONNREFUSED/);
    const afterConnect = outsidePackets();
    assert.ok(afterConnect > quiet, "a TCP connect to an outside address is counted");

    inNamespace(`
      import dns from "node:dns/promises";
      await dns.lookup("registry.npmjs.org").then((a) => console.log(a.address), (e) => console.log(e.code));`);
    assert.ok(outsidePackets() > afterConnect, "a DNS lookup is counted");
  });

  it("starts with one command, answers the sign-in page and /readyz, and tries to reach nothing", async () => {
    const dataDir = path.join(work, "data");
    const outsideBefore = outsidePackets();
    // only what an operator's shell would have: none of the test run's settings
    const operatorEnv: Record<string, string> = {
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: work,
      LANG: "C.UTF-8",
      PORT: String(PORT),
      DATA_DIR: dataDir,
    };
    const started = spawn("ip", ["netns", "exec", NETNS, path.join(bundle, "start")], {
      cwd: work,
      env: operatorEnv as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = started;
    const exited = once(started, "exit");
    started.stdout.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
    started.stderr.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
    // waits inside the namespace until /readyz answers 200 (migrations, seeding, workers)
    const poll = execFile("ip", [
      "netns",
      "exec",
      NETNS,
      nodeBin,
      "--input-type=module",
      "-e",
      `const until = Date.now() + ${SERVER_START_LIMIT_MS};
       while (Date.now() < until) {
         const r = await fetch("http://127.0.0.1:${PORT}/readyz").catch(() => undefined);
         if (r?.status === 200) process.exit(0);
         await new Promise((ok) => setTimeout(ok, 500));
       }
       process.exit(1);`,
    ]);
    const outcome = await Promise.race([
      once(poll, "exit").then(([code]) => (code === 0 ? "ready" : "not ready")),
      exited.then(([code, signal]) => `start exited (${String(code ?? signal)})`),
    ]);
    if (outcome !== "ready") poll.kill();
    assert.equal(outcome, "ready", `the bundle did not become ready:\n${serverLog}`);

    const answers = JSON.parse(
      inNamespace(`
        const base = "http://127.0.0.1:${PORT}";
        const get = async (p) => { const r = await fetch(base + p); return { status: r.status, body: await r.text() }; };
        console.log(JSON.stringify({ readyz: await get("/readyz"), healthz: await get("/healthz"), signin: await get("/signin") }));`),
    ) as Record<"readyz" | "healthz" | "signin", { status: number; body: string }>;
    assert.equal(answers.healthz.status, 200);
    assert.equal(answers.readyz.status, 200, answers.readyz.body);
    const readiness = JSON.parse(answers.readyz.body) as { checks: { name: string; ok: boolean }[] };
    assert.deepEqual(
      readiness.checks.map((c) => [c.name, c.ok]),
      [
        ["database", true],
        ["sfu", true],
      ],
    );
    assert.equal(answers.signin.status, 200);
    assert.match(
      answers.signin.body,
      /<title>サインイン \| OKI-net Collab<\/title>/,
      "the title in one language",
    );

    // the media workers run inside the namespace, from the bundle
    const workers = sh("ip", ["netns", "pids", NETNS])
      .split("\n")
      .filter(Boolean)
      .filter((pid) => {
        try {
          return fs.readlinkSync(`/proc/${pid}/exe`).startsWith(bundle);
        } catch {
          return false;
        }
      })
      .map((pid) => fs.readlinkSync(`/proc/${pid}/exe`))
      .filter((exe) => exe.endsWith("/mediasoup-worker"));
    assert.ok(workers.length > 0, "a mediasoup-worker from the bundle runs in the namespace");

    assert.equal(outsidePackets() - outsideBefore, 0, "nothing tried to reach outside the machine");
    assert.ok(fs.existsSync(path.join(dataDir, "pglite")), "the embedded database lives in DATA_DIR");

    process.kill(started.pid!, "SIGTERM");
    const [code] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(code, 0, serverLog);
  });
});
