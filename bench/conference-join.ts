// Time to first decoded frame after entering a conference room: the real app
// (production build, real Postgres, SFU), two Debian Chromium contexts with fake
// cameras on loopback. The host is in the room; the GP (already admitted) enters
// again and again; each run measures from navigation (through the device check, whose
// join button is pressed as soon as it shows) to the first decoded frame of the host's
// video, read from getStats(). Each join is split into its steps (TTFB, getUserMedia,
// each signalling round trip, ICE, DTLS, first frame), traced in the page without touching
// the app (join-trace.ts). Prints p50/p95 and the machine's load; asserts nothing.
// Needs `npx next build` first. Run: npx tsx bench/conference-join.ts   (BENCH_RUNS, default 15)
import os from "node:os";
import type { Page } from "playwright-core";
import { startApp } from "../tests/helpers/app";
import { FAKE_MEDIA, launchChromium } from "../tests/helpers/browser";
import { joinFromDeviceCheck } from "../tests/helpers/conference";
import { signInAsDemoUser } from "../tests/helpers/sign-in";
import { quantile } from "./helpers";
import { startFloor } from "./join-floor";
import { awaitFirstFrame, installJoinTrace, type JoinTrace } from "./join-trace";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/**
 * The address the SFUs announce, the app's and the floor's alike: this machine's own
 * (non-loopback) address by default. Chromium does not gather candidates on loopback, and
 * reaching 127.0.0.1 from the candidates it has costs ICE about 130-180 ms here (measured with
 * BENCH_ANNOUNCE=127.0.0.1), a cost no browser on another machine pays.
 */
const ANNOUNCE =
  process.env.BENCH_ANNOUNCE ??
  Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address ??
  "127.0.0.1";

// tsx names functions with a helper the page does not have: give it one before the trace
const TRACE_SCRIPT = `globalThis.__name = (f) => f; (${installJoinTrace.toString()})();`;

interface Run {
  trace: JoinTrace;
  ttfb: number;
  /** the page's own timings: its last script fetched (responseEnd) and DOMContentLoaded */
  scripts: number;
  domContentLoaded: number;
}

async function enter(gp: Page, roomUrl: string, deviceCheck = true): Promise<Run> {
  await gp.goto("about:blank");
  await gp.goto(roomUrl);
  if (deviceCheck) await joinFromDeviceCheck(gp);
  if (!(await gp.evaluate(awaitFirstFrame, 30_000))) throw new Error("no frame within 30 s");
  return gp.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as
      PerformanceNavigationTiming | undefined;
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter(
        (r) =>
          r.initiatorType === "script" && r.responseEnd < (navigation?.domContentLoadedEventEnd ?? 0) + 1,
      )
      .map((r) => r.responseEnd);
    return {
      trace: (window as unknown as { __joinTrace: JoinTrace }).__joinTrace,
      ttfb: navigation ? navigation.responseStart : NaN,
      scripts: scripts.length ? Math.max(...scripts) : NaN,
      domContentLoaded: navigation ? navigation.domContentLoadedEventStart : NaN,
    };
  });
}

/**
 * One run's steps, in ms: `from` when it started after the click (or after navigation, for a run
 * without one: the re-join and the floor), `took` how long.
 */
function steps({ trace, ttfb, scripts, domContentLoaded }: Run): Map<string, { from: number; took: number }> {
  const click = trace.click ?? NaN;
  const origin = trace.click ?? 0;
  const out = new Map<string, { from: number; took: number }>();
  const put = (name: string, start: number | undefined, end: number | undefined) => {
    if (start !== undefined && end !== undefined) out.set(name, { from: start - origin, took: end - start });
  };
  put("TTFB (navigation → first byte)", 0, ttfb);
  put("navigation → last script fetched", 0, scripts);
  put("navigation → DOMContentLoaded", 0, domContentLoaded);
  put("navigation → click (page, device check)", 0, click);
  trace.getUserMedia.forEach((g, i) =>
    put(`getUserMedia #${i + 1}${g.started < click ? " (device check)" : ""}`, g.started, g.ended),
  );
  // the room's socket (its handshake names the conference; the shell has a socket of its own):
  // the first made after the click, or else the last one made before it
  const room = trace.sockets.filter((s) => s.url.includes("conference="));
  const candidates = room.length ? room : trace.sockets;
  const socket = candidates.find((s) => !(s.made < click)) ?? candidates.filter((s) => s.made < click).at(-1);
  put("WebSocket open", socket?.made, socket?.open);
  put("socket.io connect", socket?.open, socket?.connected);
  const seen = new Map<string, number>();
  for (const r of trace.requests) {
    if (r.sent < click) continue; // NaN (no click: the floor) keeps them all
    const k = (seen.get(r.event) ?? 0) + 1;
    seen.set(r.event, k);
    put(`  ${r.event}${k > 1 ? ` #${k}` : ""}`, r.sent, r.acked);
  }
  for (const p of trace.peers) {
    const role = p.role ?? "?";
    put(`${role} ICE (checking → connected)`, p.iceChecking, p.iceConnected);
    put(`${role} DTLS (ICE connected → connected)`, p.iceConnected, p.dtlsConnected);
  }
  if (!Number.isNaN(click)) put("click → first decoded frame", click, trace.frame);
  put("navigation → first decoded frame", 0, trace.frame);
  return out;
}

function report(title: string, runs: Run[]) {
  const rows = new Map<string, { from: number[]; took: number[] }>();
  for (const run of runs)
    for (const [name, s] of steps(run)) {
      const row = rows.get(name) ?? { from: [], took: [] };
      row.from.push(s.from);
      row.took.push(s.took);
      rows.set(name, row);
    }
  const width = Math.max(...[...rows.keys()].map((k) => k.length));
  const q = (xs: number[], p: number) => {
    const sorted = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return sorted.length ? quantile(sorted, p).toFixed(0) : "-";
  };
  console.log(
    `\n${title} (${runs.length} runs; "starts" is after the click, or navigation without one, median)`,
  );
  console.log(
    `  ${"step".padEnd(width)} ${"starts".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)}  n`,
  );
  for (const [name, row] of rows)
    console.log(
      `  ${name.padEnd(width)} ${q(row.from, 0.5).padStart(7)} ${q(row.took, 0.5).padStart(7)} ${q(row.took, 0.95).padStart(7)}  ${row.took.length}`,
    );
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average before: ${load()} (${os.cpus().length} cores)`);
console.log(`SFUs announce ${ANNOUNCE}`);
const app = await startApp({ SFU_ANNOUNCED_ADDRESS: ANNOUNCE });
const browser = await launchChromium(FAKE_MEDIA);
try {
  const host = await (await browser.newContext()).newPage();
  await signInAsDemoUser(host, app, "dr.sato");
  await host.goto(`${app.url}/conferences/new`);
  await host.getByLabel("件名").fill("bench");
  await host.getByPlaceholder("名前・施設名・ログインIDで探す").fill("gp.yamada");
  await host.getByPlaceholder("名前・施設名・ログインIDで探す").press("Enter");
  await host.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
  await host.getByRole("button", { name: "作成" }).click();
  await host.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
  const roomUrl = host.url();
  await joinFromDeviceCheck(host);
  await host.getByTestId("room").waitFor();

  const gpContext = await browser.newContext();
  await gpContext.addInitScript({ content: TRACE_SCRIPT });
  const gp = await gpContext.newPage();
  await signInAsDemoUser(gp, app, "gp.yamada");
  await gp.goto(roomUrl);
  await joinFromDeviceCheck(gp);
  await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
  await gp.getByTestId("room").waitFor();

  // the floor: a bare mediasoup-client page joining a bare router that a host page sends to
  const floor = await startFloor(ANNOUNCE);
  const floorHost = await (await browser.newContext()).newPage();
  await floorHost.goto(`${floor.url}#host`);
  const floorContext = await browser.newContext();
  await floorContext.addInitScript({ content: TRACE_SCRIPT });
  const floorJoin = await floorContext.newPage();
  await enter(floorJoin, `${floor.url}#join`, false);

  // interleaved, so that the shared machine's noise hits both sides alike
  // the re-join: `?enter=1` enters with the devices of the tab's last check, without showing it
  const rejoinUrl = `${roomUrl}?enter=1`;
  const runs: Run[] = [];
  const rejoins: Run[] = [];
  const floorRuns: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await enter(gp, roomUrl));
    if (process.env.BENCH_REJOIN !== "0") rejoins.push(await enter(gp, rejoinUrl, false));
    floorRuns.push(await enter(floorJoin, `${floor.url}#join`, false));
  }
  report("the app: entering through the device check", runs);
  if (rejoins.length)
    report("the app: entering again with ?enter=1 (no device check), from navigation", rejoins);
  report("the floor: bare mediasoup-client ↔ mediasoup on one WebSocket, from navigation", floorRuns);
  const total = (rs: Run[], from: (t: JoinTrace) => number) =>
    rs.map((r) => (r.trace.frame ?? NaN) - from(r.trace)).sort((a, b) => a - b);
  const ours = total(runs, (t) => t.click ?? NaN);
  const oursNav = total(runs, () => 0);
  const rejoinNav = total(rejoins, () => 0);
  const bare = total(floorRuns, () => 0);
  const line = (name: string, xs: number[]) =>
    `  ${name}: p50 ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms`;
  console.log(`
first decoded frame, ${RUNS} runs each, interleaved`);
  console.log(line("ours, click → frame", ours));
  console.log(line("ours, navigation → frame", oursNav));
  if (rejoins.length) console.log(line("ours, re-join (?enter=1), navigation → frame", rejoinNav));
  console.log(line("floor, navigation → frame", bare));
  console.log(
    `  ratio ours (click → frame) / floor: p50 ${(quantile(ours, 0.5) / quantile(bare, 0.5)).toFixed(2)}×, p95 ${(quantile(ours, 0.95) / quantile(bare, 0.95)).toFixed(2)}×`,
  );
  if (rejoins.length)
    console.log(
      `  ratio ours (re-join, navigation → frame) / floor: p50 ${(quantile(rejoinNav, 0.5) / quantile(bare, 0.5)).toFixed(2)}×, p95 ${(quantile(rejoinNav, 0.95) / quantile(bare, 0.95)).toFixed(2)}×`,
    );
  await floor.close();
  console.log(`load average after: ${load()}`);
} finally {
  await browser.close();
  await app.stop();
}
