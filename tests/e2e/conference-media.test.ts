import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page, Request, WebSocket } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, FAKE_MEDIA, launchChromium } from "../helpers/browser";
import {
  layerAskedForTile,
  createConference,
  decodesVideoAndAudio,
  inbound,
  joinFromDeviceCheck,
  newPage,
  sending,
  type InboundStats,
} from "../helpers/conference";
import { eventually } from "../helpers/eventually";
import { signInAsDemoUser } from "../helpers/sign-in";
import { writeToneWav } from "../helpers/tone";

/** The device check shows the camera's picture: the preview has a size and its playback time advances. */
async function previewPlays(page: Page) {
  await page.waitForFunction(
    () => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]');
      return !!video && video.videoWidth > 0 && video.currentTime > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  const first = await page.getByTestId("preview-video").evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.waitForFunction(
    (t) => document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]')!.currentTime > t + 0.2,
    first,
    { timeout: 30_000 },
  );
}

/** The microphone meter moves with the fake microphone's tone. */
async function meterMoves(page: Page) {
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="mic-meter"]')?.getAttribute("aria-valuenow")) > 10,
    undefined,
    { timeout: 30_000 },
  );
}

describe("conference media through the SFU: two Chromium with fake camera and microphone", () => {
  let app: RunningApp;
  let browser: Browser;
  // each signs in once: a second sign-in within the same TOTP step would be refused as a replay
  const signedIn = new Map<string, Page>();
  const pageFor = async (loginId: string, width: number) => {
    let page = signedIn.get(loginId);
    if (!page) {
      page = await newPage(browser, width, 900);
      await signInAsDemoUser(page, app, loginId);
      signedIn.set(loginId, page);
    }
    return page;
  };

  before(async () => {
    app = await startApp();
    // a steady tone instead of the fake microphone's once-a-second tick, so there is a voice to detect
    browser = await launchChromium([...FAKE_MEDIA, `--use-file-for-fake-audio-capture=${writeToneWav()}`]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the device check before entering: camera preview, microphone meter, speaker tone, device pickers, on a phone too", async () => {
    const host = await pageFor("dr.sato", 1280);
    const path = await createConference(host, app, "遠隔カンファランス（機器確認）", "gp.yamada");
    await host.getByTestId("prejoin").waitFor();
    assert.equal(await host.getByTestId("room").count(), 0, "nobody enters before the check");
    await previewPlays(host);
    await meterMoves(host);
    assert.equal(await host.getByTestId("device-problem").count(), 0);

    // the pickers list Chromium's fake devices; the microphone picked here is the one the room sends
    const microphones = host.getByLabel("マイク", { exact: true });
    const options = await microphones.locator("option").allTextContents();
    assert.ok(options.length >= 2, `microphones: ${JSON.stringify(options)}`);
    assert.ok((await host.getByLabel("カメラ", { exact: true }).locator("option").count()) >= 1);
    const picked = options.find((o) => !/default/i.test(o)) ?? options[1]!;
    await microphones.selectOption({ label: picked });
    await meterMoves(host);

    // the speaker test plays a generated tone and ends by itself
    const speaker = host.getByTestId("speaker-test");
    await speaker.click();
    await host.getByRole("button", { name: /テスト音を再生しています/, pressed: true }).waitFor();
    await host.waitForFunction(
      () => document.querySelector('[data-testid="speaker-test"]')?.getAttribute("aria-pressed") === "false",
      undefined,
      { timeout: 10_000 },
    );

    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();
    await host.waitForFunction(
      () =>
        ((window as unknown as { okinetMediaSending?: () => unknown[] }).okinetMediaSending?.() ?? [])
          .length === 2,
      undefined,
      { timeout: 30_000 },
    );
    const sent = await sending(host);
    assert.deepEqual(sent.map((s) => s.source).sort(), ["camera", "microphone"]);
    assert.equal(sent.find((s) => s.source === "microphone")?.device, picked, JSON.stringify(sent));
    assert.ok(sent.every((s) => !s.paused));

    // the same check fits a 390 px phone
    const gp = await pageFor("gp.yamada", 390);
    await gp.goto(`${app.url}${path}`);
    await gp.getByTestId("prejoin").waitFor();
    await previewPlays(gp);
    await meterMoves(gp);
    await assertFitsWidth(gp, "device check on a phone");
  });

  it("a hospital physician and a GP each decode the other's video and audio, and a shared screen", async (t) => {
    const host = await pageFor("dr.sato", 1280);
    const gp = await pageFor("gp.yamada", 390);
    const path = await createConference(host, app, "遠隔カンファランス（映像確認）", "gp.yamada");
    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();

    await gp.goto(`${app.url}${path}`);
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();

    const atGp = await decodesVideoAndAudio(gp, "the GP");
    const atHost = await decodesVideoAndAudio(host, "the host");
    assert.ok(atGp.length >= 2 && atHost.length >= 2);
    t.diagnostic(`GP receives ${JSON.stringify(atGp)}; host receives ${JSON.stringify(atHost)}`);
    // each receiver asked the SFU for the simulcast layer its tile needs as drawn (a phone's
    // ~360 px tile, the desktop's half-width one), and got it
    for (const [page, who] of [
      [gp, "the GP"],
      [host, "the host"],
    ] as const) {
      const layer = await layerAskedForTile(page, who);
      await eventually(`${who}'s layer request accepted`, async () => {
        const camera = (await inbound(page)).find((s) => s.kind === "video" && s.source === "camera");
        return camera?.requestedLayer === layer && camera.layerAccepted === true;
      });
    }
    // the loudest voice is highlighted: the SFU's audio-level observer names a speaker to everyone
    for (const page of [gp, host]) {
      await page.locator("[data-speaking]").first().waitFor({ timeout: 60_000 });
    }
    // each sees its own preview and the other's video
    assert.ok((await host.getByTestId("video-tile").count()) >= 2);
    assert.equal(await host.getByTestId("media-problem").count(), 0);
    await assertFitsWidth(gp, "room on a phone");

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

    // entering again through ?enter=1 in the same tab: the devices of its last check, no check shown
    await gp.goto("about:blank");
    // the room's page prefetches none of the shell's links (the logo's and the bell's are on screen):
    // their server renders would come while its media is set up
    const prefetched: string[] = [];
    const onRequest = (r: Request) => {
      if (r.headers()["next-router-prefetch"]) prefetched.push(r.url());
    };
    gp.on("request", onRequest);
    // the entry goes out as the page's scripts load, before React hydrates the room: once, on the
    // room's one connection (the room takes that entry, it does not ask again)
    const entries: string[] = [];
    const onSocket = (ws: WebSocket) => {
      if (!ws.url().includes("conference=")) return;
      ws.on("framesent", ({ payload }) => {
        if (typeof payload === "string" && /^42\d*\["conference:join"/.test(payload)) entries.push(ws.url());
      });
    };
    gp.on("websocket", onSocket);
    await gp.goto(`${app.url}${path}?enter=1`);
    await gp.getByTestId("room").waitFor();
    assert.equal(await gp.getByTestId("prejoin").count(), 0, "no device check on entering again");
    await decodesVideoAndAudio(gp, "the GP, entered again");
    gp.off("request", onRequest);
    gp.off("websocket", onSocket);
    assert.deepEqual(prefetched, [], "nothing prefetched from the room's page");
    assert.equal(entries.length, 1, `one entry on one connection: ${JSON.stringify(entries)}`);
    assert.deepEqual((await sending(gp)).map((s) => s.source).sort(), ["camera", "microphone"]);
    // another tab (the same sign-in, a storage of its own) never made the check: it gets it, link or not
    const elsewhere = await gp.context().newPage();
    await elsewhere.goto(`${app.url}${path}?enter=1`);
    await elsewhere.getByTestId("prejoin").waitFor();
  });
});
