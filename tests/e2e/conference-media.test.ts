import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app";
import { FAKE_MEDIA, launchChromium } from "../helpers/browser";
import { signInAsDemoUser } from "../helpers/sign-in";
import { writeToneWav } from "../helpers/tone";

interface InboundStats {
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  source?: string;
  requestedLayer?: number;
  layerAccepted?: boolean;
}

/** What this page receives, read from its RTCPeerConnection's getStats() through the room's diagnostics. */
async function inbound(page: Page): Promise<InboundStats[]> {
  return page.evaluate(async () => {
    const fn = (window as unknown as { okinetMediaStats?: () => Promise<InboundStats[]> }).okinetMediaStats;
    return fn ? fn() : [];
  });
}

async function decodesVideoAndAudio(page: Page, who: string) {
  const deadline = Date.now() + 30_000;
  let last: InboundStats[] = [];
  while (Date.now() < deadline) {
    last = await inbound(page);
    const video = last.find((s) => s.kind === "video");
    const audio = last.find((s) => s.kind === "audio");
    if (video && video.framesDecoded > 10 && audio && audio.packetsReceived > 10) return last;
    await page.waitForTimeout(500);
  }
  assert.fail(`${who} did not decode the other's video and audio: ${JSON.stringify(last)}`);
}

describe("conference media through the SFU: two Chromium with fake camera and microphone", () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    // a steady tone instead of the fake microphone's once-a-second tick, so there is a voice to detect
    browser = await launchChromium([...FAKE_MEDIA, `--use-file-for-fake-audio-capture=${writeToneWav()}`]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a hospital physician and a GP each decode the other's video and audio, and a shared screen", async (t) => {
    const host = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInAsDemoUser(host, app, "dr.sato");
    await host.goto(`${app.url}/conferences/new`);
    await host.getByLabel("件名").fill("遠隔カンファランス（映像確認）");
    await host.getByPlaceholder("名前・施設名・ログインIDで探す").fill("gp.yamada");
    await host.getByPlaceholder("名前・施設名・ログインIDで探す").press("Enter");
    await host.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
    await host.getByRole("button", { name: "作成" }).click();
    await host.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    await host.getByTestId("room").waitFor();

    const gp = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signInAsDemoUser(gp, app, "gp.yamada");
    await gp.goto(host.url());
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();

    const atGp = await decodesVideoAndAudio(gp, "the GP");
    const atHost = await decodesVideoAndAudio(host, "the host");
    assert.ok(atGp.length >= 2 && atHost.length >= 2);
    t.diagnostic(`GP receives ${JSON.stringify(atGp)}; host receives ${JSON.stringify(atHost)}`);
    // with one remote camera on screen, each receiver asked the SFU for the top simulcast layer, and got it
    for (const stats of [await inbound(gp), await inbound(host)]) {
      const camera = stats.find((s) => s.kind === "video" && s.source === "camera");
      assert.deepEqual([camera?.requestedLayer, camera?.layerAccepted], [2, true], JSON.stringify(stats));
    }
    // each sees its own preview and the other's video
    assert.ok((await host.getByTestId("video-tile").count()) >= 2);
    assert.equal(await host.getByTestId("media-problem").count(), 0);

    // screen sharing arrives as its own stream, shown large
    await host.getByRole("button", { name: "画面を共有" }).click();
    await gp.getByTestId("screen-tile").waitFor();
    const deadline = Date.now() + 30_000;
    let videos: InboundStats[] = [];
    while (Date.now() < deadline) {
      videos = (await inbound(gp)).filter((s) => s.kind === "video");
      if (videos.length >= 2 && videos.every((v) => v.framesDecoded > 5)) break;
      await gp.waitForTimeout(500);
    }
    assert.ok(
      videos.length >= 2 && videos.every((v) => v.framesDecoded > 5),
      `screen share decoded: ${JSON.stringify(videos)}`,
    );
    await host.getByRole("button", { name: "共有を停止" }).click();
    await gp.getByTestId("screen-tile").waitFor({ state: "detached" });
  });
});
