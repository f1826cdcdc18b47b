// Time to first decoded frame after entering a conference room: the real app
// (production build, real Postgres, SFU), two Debian Chromium contexts with fake
// cameras on loopback. The host is in the room; the GP (already admitted) enters
// again and again; each run measures from navigation (through the device check, whose
// join button is pressed as soon as it shows) to the first decoded frame of the host's
// video, read from getStats(). Prints p50/p95; asserts nothing.
// Needs `npx next build` first. Run: npx tsx bench/conference-join.ts
import type { Page } from "playwright-core";
import { startApp } from "../tests/helpers/app";
import { FAKE_MEDIA, launchChromium } from "../tests/helpers/browser";
import { joinFromDeviceCheck } from "../tests/helpers/conference";
import { signInAsDemoUser } from "../tests/helpers/sign-in";

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

const app = await startApp();
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
  const gp = await gpContext.newPage();
  await signInAsDemoUser(gp, app, "gp.yamada");
  await gp.goto(roomUrl);
  await joinFromDeviceCheck(gp);
  await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
  await gp.getByTestId("room").waitFor();

  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await gp.goto("about:blank");
    const started = performance.now();
    await gp.goto(roomUrl);
    await joinFromDeviceCheck(gp);
    const deadline = started + 30_000;
    while (!(await firstFrame(gp).catch(() => false))) {
      if (performance.now() > deadline) throw new Error("no frame within 30 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
  console.log(
    `time to first decoded frame over ${RUNS} joins (loopback, page load included): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, min ${times[0]!.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await app.stop();
}
