import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

/**
 * Orthanc (Debian's `orthanc` and `orthanc-dicomweb`) as a plain child process:
 * its own JSON configuration, HTTP on a free loopback port, its own storage
 * folder, the DICOM port off, the DICOMweb plugin loaded. Used by the demo (a
 * PACS per demo hospital) and by tests and benchmarks (their own PACS).
 */
export interface OrthancOptions {
  /** storage and index folder (kept between runs when the caller keeps it) */
  dir: string;
  /** 0 or unset: a free port */
  port?: number;
  host?: string;
  name?: string;
  /** how long to wait until it answers */
  startTimeoutMs?: number;
}

export interface Orthanc {
  /** e.g. http://127.0.0.1:8042 (Orthanc's own REST API) */
  url: string;
  /** the DICOMweb base: QIDO-RS, WADO-RS and STOW-RS under it */
  dicomWebUrl: string;
  port: number;
  /** stops the process (SIGTERM, then SIGKILL); idempotent */
  stop(): Promise<void>;
}

export const ORTHANC_BINARY = "/usr/sbin/Orthanc";
export const DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

export class OrthancMissing extends Error {
  constructor(what: string) {
    super(
      `${what} is missing: install the Debian packages orthanc and orthanc-dicomweb (apt-get install orthanc orthanc-dicomweb)`,
    );
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startOrthanc(options: OrthancOptions): Promise<Orthanc> {
  if (!existsSync(ORTHANC_BINARY)) throw new OrthancMissing(ORTHANC_BINARY);
  if (!existsSync(DICOMWEB_PLUGIN)) throw new OrthancMissing(DICOMWEB_PLUGIN);
  const host = options.host ?? "127.0.0.1";
  const storage = path.join(options.dir, "storage");
  await mkdir(storage, { recursive: true });
  const port = options.port || (await freePort(host));
  const config = {
    Name: options.name ?? "okinet-pacs",
    StorageDirectory: storage,
    IndexDirectory: storage,
    HttpPort: port,
    RemoteAccessAllowed: host !== "127.0.0.1" && host !== "localhost",
    AuthenticationEnabled: false,
    DicomServerEnabled: false,
    // frames are already compact 16-bit pixels; gzip would cost the CPU the reader waits on
    HttpCompressionEnabled: false,
    KeepAlive: true,
    HttpThreadsCount: 16,
    StableAge: 2,
    SaveJobs: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: "/dicom-web/", EnableWado: false, StudiesMetadata: "Full" },
  };
  const configPath = path.join(options.dir, "orthanc.json");
  await writeFile(configPath, JSON.stringify(config, null, 2));

  let output = "";
  const child: ChildProcess = spawn(ORTHANC_BINARY, [configPath], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: options.dir,
  });
  const keep = (c: Buffer) => {
    output = (output + c.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) => child.once("error", reject));
  spawnFailed.catch(() => undefined);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killed = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref()),
        ]);
        if (!killed) {
          child.kill("SIGKILL");
          await exited;
        }
      }
    })());

  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  try {
    await Promise.race([
      waitUntilAnswering(`${url}/system`, options.startTimeoutMs ?? 30_000),
      exited.then(() => {
        throw new Error(`Orthanc exited before answering:\n${output}`);
      }),
      spawnFailed,
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, dicomWebUrl: `${url}/dicom-web`, port, stop };
}

async function waitUntilAnswering(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 1000; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Orthanc did not answer at ${url} within ${timeoutMs} ms`);
}
