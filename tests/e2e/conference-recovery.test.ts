import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app";
import { FAKE_MEDIA, launchChromium } from "../helpers/browser";
import {
  layerAskedForTile,
  createConference,
  decodesVideoAndAudio,
  inbound,
  joinFromDeviceCheck,
  newPage,
  sending,
} from "../helpers/conference";
import { signInAsDemoUser } from "../helpers/sign-in";
import { startSignallingProxy } from "../helpers/signalling-proxy";
import { writeToneWav } from "../helpers/tone";

/** The app's mediasoup-worker processes: children of the app server process. */
function workerPids(app: RunningApp): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["--ppid", String(app.pid), "-o", "pid=,comm="], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when there is no child
  }
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm?.startsWith("mediasoup-work"))
    .map(([pid]) => Number(pid));
}

/** A mark set in the page: still there afterwards means the page was never reloaded. */
const markPage = (page: Page) =>
  page.evaluate(() => ((window as { okinetTestMark?: number }).okinetTestMark = 1));
const stillMarked = (page: Page) =>
  page.evaluate(() => (window as { okinetTestMark?: number }).okinetTestMark === 1);

/**
 * Media comes back by itself, without reloading the page: after the GP's signalling
 * connection drops (cut at a TCP relay, the app and the page untouched), and after
 * the app's mediasoup worker process is killed.
 */
describe("conference media recovers without a reload (Debian Chromium, real SFU)", () => {
  let app: RunningApp;
  let browser: Browser;
  let proxy: Awaited<ReturnType<typeof startSignallingProxy>>;

  before(async () => {
    app = await startApp();
    proxy = await startSignallingProxy(app.url);
    browser = await launchChromium([...FAKE_MEDIA, `--use-file-for-fake-audio-capture=${writeToneWav()}`]);
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.stop();
  });

  it("rebuilds media on both sides after the GP's socket drops, and after the SFU worker dies", async (t) => {
    const host = await newPage(browser, 1280, 900);
    await signInAsDemoUser(host, app, "dr.sato");
    const path = await createConference(host, app, "遠隔カンファランス（再接続）", "gp.yamada");
    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();

    // the GP's pages come through the relay, so only their signalling can be cut
    const gp = await newPage(browser, 390, 844);
    await signInAsDemoUser(gp, app, "gp.yamada");
    await gp.goto(`${proxy.url}${path}`);
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();
    await decodesVideoAndAudio(gp, "the GP");
    await decodesVideoAndAudio(host, "the host");
    await markPage(gp);
    await markPage(host);

    // 1. the GP's socket.io connection drops; the server drops their media with it
    const gpConsumersBefore = new Set((await inbound(gp)).map((s) => s.consumerId));
    const gpProducersBefore = new Set((await sending(gp)).map((s) => s.producerId));
    assert.equal(gpProducersBefore.size, 2, "the GP sends camera and microphone");
    assert.ok(proxy.dropSignalling() >= 1, "a signalling connection was cut");
    // the GP receives through new consumers, the host receives the GP's new producers
    await decodesVideoAndAudio(gp, "the GP after reconnecting", (s) => !gpConsumersBefore.has(s.consumerId));
    await decodesVideoAndAudio(
      host,
      "the host after the GP reconnected",
      (s) => !gpProducersBefore.has(s.producerId),
    );
    assert.ok(await stillMarked(gp), "the GP's page was not reloaded");
    t.diagnostic(`after reconnect: GP receives ${JSON.stringify(await inbound(gp))}`);

    // 2. the worker carrying the room dies; the pool starts another and both rebuild there
    const [worker, ...others] = workerPids(app);
    assert.ok(worker && others.length === 0, `one worker (SFU_WORKERS=1): ${worker} ${others.join(" ")}`);
    const hostProducersBefore = new Set((await sending(host)).map((s) => s.producerId));
    const gpProducersBeforeKill = new Set((await sending(gp)).map((s) => s.producerId));
    assert.equal(hostProducersBefore.size, 2);
    process.kill(worker, "SIGKILL");
    // each side is told, briefly, that media came back after a fault on the server
    const told = Promise.all(
      [gp, host].map((page) => page.getByTestId("media-notice").waitFor({ timeout: 90_000 })),
    );
    told.catch(() => {});
    await decodesVideoAndAudio(
      gp,
      "the GP after the worker died",
      (s) => !hostProducersBefore.has(s.producerId),
    );
    await decodesVideoAndAudio(
      host,
      "the host after the worker died",
      (s) => !gpProducersBeforeKill.has(s.producerId),
    );
    await told;
    const replacement = workerPids(app);
    assert.equal(replacement.length, 1);
    assert.notEqual(replacement[0], worker, "a new worker process carries the room");
    assert.ok(await stillMarked(gp), "the GP's page was not reloaded");
    assert.ok(await stillMarked(host), "the host's page was not reloaded");
    assert.equal(await host.getByTestId("reconnecting").count(), 0);

    // each receiver asks for the layer its tile needs as drawn: the GP's phone-width tile, the host's half-width one
    await layerAskedForTile(gp, "the GP");
    await layerAskedForTile(host, "the host");
  });
});
