import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { layerForTile } from "../../app/(app)/conferences/[conferenceId]/simulcast-layer";
import type { RunningApp } from "./app";
import { eventually } from "./eventually";

/** What a page receives, from its RTCPeerConnection's getStats() through the room's diagnostics. */
export interface InboundStats {
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived?: number;
  totalAudioEnergy?: number;
  /** the selected ICE candidate pair's local protocol: udp or tcp */
  protocol?: string;
  source?: string;
  consumerId: string;
  producerId: string;
  requestedLayer?: number;
  layerAccepted?: boolean;
}

/** What a page sends, through the room's diagnostics. */
export interface SendingStats {
  source: string;
  producerId: string;
  paused: boolean;
  device: string;
}

export async function inbound(page: Page): Promise<InboundStats[]> {
  return page.evaluate(async () => {
    const fn = (window as unknown as { okinetMediaStats?: () => Promise<InboundStats[]> }).okinetMediaStats;
    return fn ? fn() : [];
  });
}

export async function sending(page: Page): Promise<SendingStats[]> {
  return page.evaluate(() => {
    const fn = (window as unknown as { okinetMediaSending?: () => SendingStats[] }).okinetMediaSending;
    return fn ? fn() : [];
  });
}

/**
 * Polls until the page decodes video (more than 10 frames) and receives audio (more than 10
 * packets) from streams that `counts` accepts (by default any), or fails with the last stats.
 */
export async function decodesVideoAndAudio(
  page: Page,
  who: string,
  counts: (s: InboundStats) => boolean = () => true,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: InboundStats[] = [];
  while (Date.now() < deadline) {
    last = await inbound(page);
    const video = last.find((s) => counts(s) && s.kind === "video" && s.framesDecoded > 10);
    const audio = last.find((s) => counts(s) && s.kind === "audio" && s.packetsReceived > 10);
    if (video && audio) return last;
    await page.waitForTimeout(500);
  }
  assert.fail(`${who} did not decode the other's video and audio: ${JSON.stringify(last)}`);
}

/**
 * A page in a fresh context. Its waits get a generous default (60 s): media start-up
 * in two or three Chromium on a shared two-core machine can take a while.
 */
export async function newPage(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(60_000);
  return context.newPage();
}

/** Creates an ad-hoc conference with one invitee found in the directory; the host lands on its device check. */
export async function createConference(host: Page, app: RunningApp, title: string, invitee: string) {
  await host.goto(`${app.url}/conferences/new`);
  await host.getByLabel("件名").fill(title);
  await host.getByPlaceholder("名前・施設名・ログインIDで探す").fill(invitee);
  await host.getByPlaceholder("名前・施設名・ログインIDで探す").press("Enter");
  await host.getByTestId("directory-results").getByText(invitee).waitFor();
  await host.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
  await host.getByRole("button", { name: "作成" }).click();
  await host.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
  return new URL(host.url()).pathname;
}

/** Leaves the device check through its join button. */
export async function joinFromDeviceCheck(page: Page) {
  await page.getByTestId("prejoin").getByRole("button", { name: "入室する" }).click();
}

/**
 * The simulcast layer the page asked for its first remote camera tile, once it is the one
 * that tile needs as drawn there (its width, rounded to 10 CSS pixels, times the device
 * pixel ratio): the layer follows the tile's size, not the number of tiles.
 */
export async function layerAskedForTile(page: Page, who: string): Promise<number> {
  let asked = -1;
  await eventually(`${who} asked for the layer its tile needs`, async () => {
    const tile = await page.evaluate(() => {
      const figure = document.querySelector<HTMLElement>("[data-testid=video-tile][data-layer]");
      return figure
        ? {
            width: figure.getBoundingClientRect().width,
            dpr: window.devicePixelRatio,
            layer: figure.dataset.layer,
          }
        : null;
    });
    if (!tile) return false;
    asked = layerForTile(Math.round(tile.width / 10) * 10, tile.dpr);
    return tile.layer === String(asked);
  });
  return asked;
}
