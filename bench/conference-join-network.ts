// Join-to-first-frame across machines: the same measurement twice in one run, on
// loopback (app and both browsers on this machine) and over a network of Linux
// namespaces (app, hospital PC and clinic PC each in its own namespace behind a
// bridge, HTTPS from a throwaway CA, embedded PGlite in the app's namespace). The
// host stays in the room; the GP (admitted once) enters again and again. Each join
// is split into: page load to the device check, the device check to the room shown,
// the room shown to the first decoded frame of the host's camera (getStats()).
// Prints median/p95 per step; asserts nothing. Needs root and `npx next build`.
// Run: npx tsx bench/conference-join-network.ts   (BENCH_RUNS, default 15)
import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startApp, type RunningApp } from "../tests/helpers/app";
import { FAKE_MEDIA, launchChromium } from "../tests/helpers/browser";
import { createConference, joinFromDeviceCheck } from "../tests/helpers/conference";
import { makeCertificates, removeStaleNamespaces, startAppIn, TestNetwork } from "../tests/helpers/netns";
import { signInAsDemoUser } from "../tests/helpers/sign-in";
import { quantile } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function firstFrame(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const fn = (
      window as unknown as { okinetMediaStats?: () => Promise<{ kind: string; framesDecoded: number }[]> }
    ).okinetMediaStats;
    const stats = fn ? await fn() : [];
    return stats.some((s) => s.kind === "video" && s.framesDecoded > 0);
  });
}

type Steps = { load: number; enter: number; frame: number; total: number };

async function measure(app: RunningApp, hostBrowser: Browser, gpBrowser: Browser): Promise<Steps[]> {
  const host = await (await hostBrowser.newContext()).newPage();
  await signInAsDemoUser(host, app, "dr.sato");
  const path = await createConference(host, app, "bench", "gp.yamada");
  const roomUrl = `${app.url}${path}`;
  await joinFromDeviceCheck(host);
  await host.getByTestId("room").waitFor();
  const gp = await (await gpBrowser.newContext()).newPage();
  await signInAsDemoUser(gp, app, "gp.yamada");
  await gp.goto(roomUrl);
  await joinFromDeviceCheck(gp);
  await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
  await gp.getByTestId("room").waitFor();

  const runs: Steps[] = [];
  for (let i = 0; i < RUNS; i++) {
    await gp.goto("about:blank");
    const started = performance.now();
    await gp.goto(roomUrl);
    await gp.getByTestId("prejoin").waitFor();
    const loaded = performance.now();
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("room").waitFor();
    const entered = performance.now();
    const deadline = started + 30_000;
    while (!(await firstFrame(gp).catch(() => false))) {
      if (performance.now() > deadline) throw new Error("no frame within 30 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    const framed = performance.now();
    runs.push({
      load: loaded - started,
      enter: entered - loaded,
      frame: framed - entered,
      total: framed - started,
    });
  }
  return runs;
}

function report(where: string, runs: Steps[]) {
  const line = (step: keyof Steps) => {
    const sorted = runs.map((r) => r[step]).sort((a, b) => a - b);
    return `${step} median ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms`;
  };
  console.log(`join to first frame, ${where}, ${runs.length} joins:`);
  for (const step of ["load", "enter", "frame", "total"] as const) console.log(`  ${line(step)}`);
}

{
  const app = await startApp();
  const browser = await launchChromium(FAKE_MEDIA);
  try {
    report("loopback (http, Postgres)", await measure(app, browser, browser));
  } finally {
    await browser.close();
    await app.stop();
  }
}

{
  removeStaleNamespaces();
  const net = new TestNetwork();
  const browsers: Browser[] = [];
  let app: Awaited<ReturnType<typeof startAppIn>> | undefined;
  try {
    net.create();
    const server = net.addHost("app", 1);
    const pcs = [net.addHost("hosp", 2), net.addHost("clinic", 3)];
    const serverCerts = makeCertificates(server.address);
    try {
      app = await startAppIn(net, server, serverCerts.cert, serverCerts.key);
      const caPem = readFileSync(serverCerts.ca, "utf8");
      for (const pc of pcs)
        browsers.push(
          await chromium.launch({
            executablePath: net.chromiumWrapper(pc, caPem),
            headless: true,
            args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic", ...FAKE_MEDIA],
          }),
        );
      report(
        "two namespaces (https, PGlite)",
        await measure(app as unknown as RunningApp, browsers[0]!, browsers[1]!),
      );
    } finally {
      serverCerts.remove();
    }
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    await app?.stop();
    net.destroy();
  }
}
