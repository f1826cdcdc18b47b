import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app";
import { FAKE_MEDIA, launchChromium } from "../helpers/browser";
import {
  createConference,
  decodesVideoAndAudio,
  inbound,
  joinFromDeviceCheck,
  newPage,
  sending,
  type SendingStats,
} from "../helpers/conference";
import { signInAsDemoUser } from "../helpers/sign-in";
import { writeToneWav } from "../helpers/tone";

/**
 * The choices made before entering carry into the room, and someone whose browser
 * refuses the camera and microphone still takes part. Headless Chromium with fake
 * devices but without --use-fake-ui-for-media-stream and no granted permission
 * answers getUserMedia with NotAllowedError, as a participant's "Block" would.
 */
describe("device check: entering with camera off and muted, and with permission refused (Debian Chromium)", () => {
  let app: RunningApp;
  let withDevices: Browser;
  let refusing: Browser;

  before(async () => {
    app = await startApp();
    withDevices = await launchChromium([
      ...FAKE_MEDIA,
      `--use-file-for-fake-audio-capture=${writeToneWav()}`,
    ]);
    refusing = await launchChromium(["--use-fake-device-for-media-stream"]);
  });
  after(async () => {
    await withDevices?.close();
    await refusing?.close();
    await app?.stop();
  });

  it("the host enters with camera off and muted, a GP who refused permission enters receive-only, then sees the host's camera", async () => {
    const host = await newPage(withDevices, 1280, 900);
    await signInAsDemoUser(host, app, "dr.sato");
    const path = await createConference(host, app, "遠隔カンファランス（機器なし参加）", "gp.yamada");
    await host.getByTestId("prejoin").waitFor();
    await host.getByLabel("カメラをオンにして入室").uncheck();
    await host.getByText("カメラはオフです").waitFor();
    await host.getByLabel(/マイクをオンにして入室/).uncheck();
    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();
    // muted: the microphone is sent paused; camera off: not even opened
    let sent: SendingStats[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && sent.length === 0) {
      sent = await sending(host);
      await host.waitForTimeout(250);
    }
    assert.deepEqual(
      sent.map((s) => [s.source, s.paused]),
      [["microphone", true]],
      JSON.stringify(sent),
    );
    await host.getByRole("button", { name: "ミュート解除" }).waitFor();
    await host.getByRole("button", { name: "カメラを再開" }).waitFor();
    assert.equal(await host.getByTestId("video-tile").count(), 0, "no preview while the camera is off");

    const gp = await newPage(refusing, 390, 844);
    await signInAsDemoUser(gp, app, "gp.yamada");
    await gp.goto(`${app.url}${path}`);
    await gp.getByTestId("device-problem").waitFor();
    assert.match(
      (await gp.getByTestId("device-problem").textContent())!,
      /カメラ・マイクの使用が許可されていません/,
    );
    await gp.getByTestId("receive-only").waitFor();
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();
    await gp.getByTestId("receive-only").waitFor();
    assert.equal(await gp.getByRole("button", { name: "マイクをミュート" }).count(), 0);

    // the host turns the camera on and unmutes in the room; the receive-only GP gets both
    await host.getByRole("button", { name: "カメラを再開" }).click();
    await host.getByRole("button", { name: "ミュート解除" }).click();
    await host.getByRole("button", { name: "カメラを止める" }).waitFor();
    await host.getByTestId("video-tile").first().waitFor();
    await decodesVideoAndAudio(gp, "the receive-only GP");
    const now = await sending(host);
    assert.deepEqual(
      now.map((s) => [s.source, s.paused]).sort(),
      [
        ["camera", false],
        ["microphone", false],
      ],
      JSON.stringify(now),
    );
    assert.deepEqual(await sending(gp), [], "a receive-only participant sends nothing");
    assert.deepEqual(await inbound(host), [], "and the host receives nothing from them");
  });
});
