import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import type { RunningApp } from "../helpers/app";
import { FAKE_MEDIA } from "../helpers/browser";
import {
  createConference,
  inbound,
  joinFromDeviceCheck,
  newPage,
  type InboundStats,
} from "../helpers/conference";
import {
  makeCertificates,
  removeStaleNamespaces,
  startAppIn,
  TestNetwork,
  type Host,
} from "../helpers/netns";
import { signInAsDemoUser } from "../helpers/sign-in";

/**
 * The other's camera is decoded and their microphone heard, and both keep coming:
 * framesDecoded, audio bytes and audio energy each grow between two readings.
 */
async function receivesTheOther(
  page: Page,
  who: string,
): Promise<{ video: InboundStats; audio: InboundStats }> {
  const deadline = Date.now() + 90_000;
  let first: { video: InboundStats; audio: InboundStats } | undefined;
  let last: InboundStats[] = [];
  while (Date.now() < deadline) {
    last = await inbound(page);
    // the path (udp/tcp) is known once ICE has selected a pair: wait for it too
    const video = last.find(
      (s) => s.kind === "video" && s.source === "camera" && s.framesDecoded > 10 && s.protocol,
    );
    const audio = last.find((s) => s.kind === "audio" && (s.bytesReceived ?? 0) > 0 && s.protocol);
    if (video && audio) {
      if (!first) first = { video, audio };
      else if (
        video.framesDecoded > first.video.framesDecoded &&
        (audio.bytesReceived ?? 0) > (first.audio.bytesReceived ?? 0) &&
        (audio.totalAudioEnergy ?? 0) > (first.audio.totalAudioEnergy ?? 0)
      )
        return { video, audio };
    }
    await page.waitForTimeout(500);
  }
  assert.fail(
    `${who} did not keep decoding the other's video and hearing their audio: ${JSON.stringify(last)}`,
  );
}

describe("two machines for real: the app, a hospital PC and a clinic PC on a network of namespaces", () => {
  let net: TestNetwork | undefined;
  let certs: ReturnType<typeof makeCertificates> | undefined;
  let app: Awaited<ReturnType<typeof startAppIn>> | undefined;
  let hostBrowser: Browser | undefined;
  let gpBrowser: Browser | undefined;
  let hospitalPc: Host;
  let clinicPc: Host;
  let host: Page;
  let gp: Page;

  before(async () => {
    removeStaleNamespaces();
    net = new TestNetwork();
    net.create();
    const server = net.addHost("app", 1);
    hospitalPc = net.addHost("hosp", 2);
    clinicPc = net.addHost("clinic", 3);
    certs = makeCertificates(server.address);
    app = await startAppIn(net, server, certs.cert, certs.key);
    const caPem = readFileSync(certs.ca, "utf8");
    const launch = (pc: Host) =>
      chromium.launch({
        executablePath: net!.chromiumWrapper(pc, caPem),
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic", ...FAKE_MEDIA],
      });
    hostBrowser = await launch(hospitalPc);
    gpBrowser = await launch(clinicPc);
    // the sign-in helpers need only the app's URL and log
    const reached = app as unknown as RunningApp;
    host = await newPage(hostBrowser, 1280, 900);
    await signInAsDemoUser(host, reached, "dr.sato");
    gp = await newPage(gpBrowser, 1280, 900);
    await signInAsDemoUser(gp, reached, "gp.yamada");
  });

  after(async () => {
    await hostBrowser?.close().catch(() => undefined);
    await gpBrowser?.close().catch(() => undefined);
    await app?.stop();
    net?.destroy();
    certs?.remove();
  });

  async function holdConference(title: string) {
    const reached = app as unknown as RunningApp;
    const conferencePath = await createConference(host, reached, title, "gp.yamada");
    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();
    await gp.goto(`${app!.url}${conferencePath}`);
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    await host.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();
    return {
      atGp: await receivesTheOther(gp, "the clinic PC"),
      atHost: await receivesTheOther(host, "the hospital PC"),
    };
  }

  it("over HTTPS trusted through the test CA, each PC decodes the other's video and hears its audio, over UDP", async (t) => {
    assert.equal(new URL(host.url()).origin, app!.url, "signed in over https to the server's address");
    const { atGp, atHost } = await holdConference("二拠点カンファランス（UDP）");
    t.diagnostic(`clinic receives ${JSON.stringify(atGp)}; hospital receives ${JSON.stringify(atHost)}`);
    assert.equal(atGp.video.protocol, "udp");
    assert.equal(atHost.video.protocol, "udp");
  });

  it("with UDP dropped at the clinic PC, media still flows there, over TCP", async (t) => {
    net!.blockUdp(clinicPc);
    // a fresh page load: the clinic's old transports were UDP
    const { atGp, atHost } = await holdConference("二拠点カンファランス（TCP）");
    t.diagnostic(`clinic receives ${JSON.stringify(atGp)}; hospital receives ${JSON.stringify(atHost)}`);
    assert.equal(atGp.video.protocol, "tcp");
    assert.equal(atGp.audio.protocol, "tcp");
    assert.equal(atHost.video.protocol, "udp", "the hospital PC's own path is unchanged");
  });
});
