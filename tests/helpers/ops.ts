import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { freePort } from "./free-port";

export { freePort };

/** Resolves once something accepts TCP connections on host:port (bounded by `ms`). */
export async function waitForPort(host: string, port: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Certificates {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** base64 SHA-256 of the server key's SPKI, for Chromium's --ignore-certificate-errors-spki-list */
  spki: string;
}

/** A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost (openssl). */
export function makeCertificates(dir: string): Certificates {
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=okinet test CA",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
  );
  writeFileSync(f("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
    "-out",
    f("server.pem"),
  );
  const pub = openssl("pkey", "-in", f("server.key"), "-pubout", "-outform", "der");
  const spki = execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: pub }).toString("base64");
  return { dir, caFile: f("ca.pem"), certFile: f("server.pem"), keyFile: f("server.key"), spki };
}

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx as the README configures it (TLS, WebSocket upgrade, X-Forwarded-*,
 * X-Request-Id), on `port` in a folder of its own, in front of the app at
 * 127.0.0.1:`upstreamPort`. It connects to the app from `bindAddress`, so the app can
 * tell the proxy's address from the client's.
 */
export async function startNginx(options: {
  port: number;
  upstreamPort: number;
  certs: Certificates;
  bindAddress: string;
}): Promise<Nginx> {
  const nginx = await runNginx(
    options.port,
    `  server {
    listen 127.0.0.1:${options.port} ssl;
    ssl_certificate ${options.certs.certFile};
    ssl_certificate_key ${options.certs.keyFile};
    client_max_body_size 50m;
    location / {
      proxy_pass http://127.0.0.1:${options.upstreamPort};
      proxy_bind ${options.bindAddress};
${NGINX_PROXY_HEADERS}
    }
  }`,
  );
  return { url: `https://127.0.0.1:${options.port}`, stop: () => nginx.stop() };
}

/** What every proxied location here passes on: the client's address and scheme, the request id, WebSocket upgrade. */
export const NGINX_PROXY_HEADERS = `      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 1h;`;

/**
 * Debian's nginx in a temporary folder, in the foreground, with `http` holding this
 * test's upstreams and server blocks (the map for WebSocket upgrade is given);
 * resolves once it listens on `port`, 127.0.0.1.
 */
export async function runNginx(port: number, http: string): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-nginx-"));
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
user root;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
${http}
}
`,
  );
  let log = "";
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", conf, "-e", path.join(dir, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForPort("127.0.0.1", port),
      exited.then(() => {
        throw new Error(`nginx exited:\n${log}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface OwnPostgres {
  url: string;
  /** pg_ctl stop -m fast: the server is gone, its folder kept */
  stop(): void;
  /** stops it if running and removes its folder */
  remove(): void;
}

/**
 * A PostgreSQL cluster of the test's own (Debian's initdb/pg_ctl, as the postgres
 * user since tests run as root) on a free port in a temporary folder, so stopping it
 * disturbs no one else's tests.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-pg-"));
  const data = path.join(dir, "data");
  mkdirSync(data);
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
  chownSync(dir, uid, gid);
  chownSync(data, uid, gid);
  chmodSync(dir, 0o755);
  const port = await freePort();
  const asPostgres = (cmd: string, ...args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, cmd), ...args], {
      stdio: "pipe",
      cwd: dir,
    });
  let running = false;
  const stop = () => {
    if (!running) return;
    asPostgres("pg_ctl", "-D", data, "-m", "fast", "-w", "stop");
    running = false;
  };
  try {
    asPostgres("initdb", "-D", data, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8");
    asPostgres(
      "pg_ctl",
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    );
    running = true;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    remove: () => {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
