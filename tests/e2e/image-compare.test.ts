import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Locator, Page } from "playwright-core";
import { auditEvents } from "../../server/db/schema";
import { JPEG_LS_LOSSLESS } from "../../server/demo/pacs/compressed-series";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { signedInPage } from "../helpers/sign-in";

const sliceOf = async (viewer: Locator) =>
  Number(await viewer.getByTestId("slice-index").getAttribute("data-index"));

/** wheel over the viewer's image until it shows the slice (one slice per notch) */
async function wheelTo(page: Page, viewer: Locator, slice: number) {
  const box = (await viewer.getByTestId("viewport").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 400 && (await sliceOf(viewer)) !== slice; i++) {
    await page.mouse.wheel(0, (await sliceOf(viewer)) < slice ? 100 : -100);
  }
  assert.equal(await sliceOf(viewer), slice);
}

/** Content-Security-Policy violations and requests anywhere but the app, as the page reports them */
async function watch(page: Page, appUrl: string) {
  const violations: string[] = [];
  const outside: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(appUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) outside.push(url);
  });
  return { violations, outside };
}

/** the viewport's own pixels: how many are not black (the image drawn, not an empty canvas) */
const litPixels = (viewer: Locator) =>
  viewer.getByTestId("viewport").evaluate((el) => {
    const canvas = el.querySelector("canvas");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 30) lit++;
    return lit;
  });

describe("comparing two studies, loading the slice on screen first, a compressed series (Chromium, Orthanc)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;

  before(async () => {
    app = await startApp({ DEMO_PACS: "1" });
    browser = await launchChromium();
    patientId = (await demoPatientIds(app)).consented;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const views = async () =>
    (
      await app.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "imaging.study_view"), eq(auditEvents.patientId, patientId)))
    ).filter((v) => v.outcome === "success");

  it("puts the MR beside the CT, each scrolled and windowed, then linked by slice position and window", async () => {
    const page = await signedInPage(browser, app, "gp.yamada", 1400);
    const { violations, outside } = await watch(page, app.url);
    await page.goto(`${app.url}/patients/${patientId}`);
    const ct = page.locator('[data-testid="imaging-study"][data-modalities="CT"]').first();
    await ct.waitFor({ timeout: 30_000 });
    await ct.getByTestId("open-study").click();
    await page.waitForURL(/\/images\//);
    await page.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    const viewsBefore = await views();

    // choose the second study among the patient's others
    await page.getByTestId("compare").click();
    const mr = page.locator('[data-testid="comparable-study"][data-modalities="MR"]').first();
    // the list asks each PACS again, as the patient page does
    await mr.waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator('[data-testid="comparable-study"][data-modalities="CT"]').count(),
      0,
      "the study on screen is not offered",
    );
    await mr.getByTestId("compare-with").click();
    await page.waitForURL(/compareStudy=/);
    const left = page.locator('[data-testid="study-viewer"][data-viewer="left"]');
    const right = page.locator('[data-testid="study-viewer"][data-viewer="right"]');
    await left.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await right.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    assert.match((await left.getByTestId("slice-index").textContent())!, /1 \/ 300/);
    assert.match((await right.getByTestId("slice-index").textContent())!, /1 \/ 24/);

    // side by side on a wide screen
    const lb = (await left.boundingBox())!;
    const rb = (await right.boundingBox())!;
    assert.ok(rb.x >= lb.x + lb.width - 1, "the second study is to the right of the first");

    // both opens audited, one event per study per page shown (the chooser's page opened the CT too)
    const opened = (await views()).slice(viewsBefore.length);
    const studies = opened.map((v) => (v.details as { studyUid: string }).studyUid);
    const first = (viewsBefore.at(-1)!.details as { studyUid: string }).studyUid;
    const others = studies.filter((s) => s !== first);
    assert.equal(others.length, 1, "the second study opened (and audited) once");
    assert.ok(studies.filter((s) => s === first).length >= 1, "the first study opened again on the page");

    // unlinked: each scrolls and windows on its own
    await wheelTo(page, left, 5);
    assert.equal(await sliceOf(right), 1);
    await left.getByTestId("preset-lung").click();
    await left.locator('[data-testid="voi"][data-width="1500"][data-center="-600"]').waitFor();
    assert.notEqual(await right.getByTestId("voi").getAttribute("data-width"), "1500");

    // back to the first slices, then linked: both axial stacks with positions, so by position
    await wheelTo(page, left, 1);
    await page.getByTestId("link-scroll").check();
    await page.locator('[data-testid="linked-by"][data-by="position"]').waitFor();
    // CT slice 41 lies 50 mm from the anchor (1.25 mm slices): the MR's 5 mm slices put slice 11 there
    await wheelTo(page, left, 41);
    await right.locator('[data-testid="slice-index"][data-index="11"]').waitFor();
    // and the other way: MR slice 13 (60 mm) brings the CT to slice 49
    await wheelTo(page, right, 13);
    await left.locator('[data-testid="slice-index"][data-index="49"]').waitFor();

    // linked window: the left's bone preset reaches the right
    await page.getByTestId("link-voi").check();
    await left.getByTestId("preset-bone").click();
    await right.locator('[data-testid="voi"][data-width="2000"][data-center="400"]').waitFor();

    // the comparison and its links are in the address: opened again, it is the same view
    assert.match(page.url(), /link=scroll(%2C|,)voi/);
    const again = await browser.newPage({ storageState: await page.context().storageState() });
    await again.goto(page.url());
    await again
      .locator(
        '[data-testid="study-viewer"][data-viewer="right"] [data-testid="viewport"][data-status="ready"]',
      )
      .waitFor({ timeout: 60_000 });
    assert.ok(await again.getByTestId("link-scroll").isChecked());
    assert.ok(await again.getByTestId("link-voi").isChecked());
    await again.close();

    // on a phone the two stack, and fit
    await page.setViewportSize({ width: 390, height: 844 });
    const lp = (await left.boundingBox())!;
    const rp = (await right.boundingBox())!;
    assert.ok(rp.y >= lp.y + lp.height - 1, "stacked on a phone");
    await assertFitsWidth(page, "the comparison on a phone");
    assert.deepEqual(violations, []);
    assert.deepEqual(outside, [], "nothing fetched from anywhere but the app");
    await page.context().close();
  });

  it("loads the slice the reader opens at first, then its neighbours, before the rest", async () => {
    const page = await signedInPage(browser, app, "gp.yamada", 1280);
    await page.goto(`${app.url}/patients/${patientId}`);
    const ct = page.locator('[data-testid="imaging-study"][data-modalities="CT"]').first();
    await ct.waitFor({ timeout: 30_000 });
    const href = (await ct.getByTestId("open-study").getAttribute("href"))!;
    const frames: string[] = [];
    let metadataUrl = "";
    page.on("request", (r) => {
      if (/\/frames\/1\?/.test(r.url())) frames.push(new URL(r.url()).pathname.split("/").at(-3)!);
      if (/\/metadata\?/.test(r.url())) metadataUrl = r.url();
    });
    await page.goto(`${app.url}${href}&slice=150`);
    await page.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    assert.equal(Number(await page.getByTestId("slice-index").getAttribute("data-index")), 150);
    const metadata = (await (await page.request.get(metadataUrl)).json()) as Record<
      string,
      { Value?: unknown[] }
    >[];
    const numberOf = new Map(
      metadata.map((d) => [String(d["00080018"]!.Value![0]), Number(d["00200013"]!.Value![0])]),
    );
    await page.waitForFunction(() => document.querySelectorAll("canvas").length > 0);
    const order = frames.map((uid) => numberOf.get(uid));
    assert.equal(
      order[0],
      150,
      `the slice on screen is the first frame asked for: ${order.slice(0, 8).join(",")}`,
    );
    assert.ok(order.length >= 7);
    for (const n of order.slice(1, 7))
      assert.ok(n! >= 148 && n! <= 154, `its neighbours come next: ${order.slice(0, 8).join(",")}`);
    await page.context().close();
  });

  it("opens the MR's JPEG-LS series, decoded in the browser by the bundled WebAssembly codec, under the CSP", async () => {
    const page = await signedInPage(browser, app, "gp.yamada", 1280);
    const { violations, outside } = await watch(page, app.url);
    const frameTypes = new Set<string>();
    const wasm: string[] = [];
    page.on("response", (r) => {
      if (/\/frames\/1\?/.test(r.url())) frameTypes.add(r.headers()["content-type"] ?? "");
      if (/\.wasm(\?|$)/.test(r.url())) wasm.push(r.url());
    });
    await page.goto(`${app.url}/patients/${patientId}`);
    const mr = page.locator('[data-testid="imaging-study"][data-modalities="MR"]').first();
    await mr.waitFor({ timeout: 30_000 });
    await mr.getByTestId("open-study").click();
    await page.waitForURL(/\/images\//);
    const viewer = page.getByTestId("study-viewer");
    const buttons = page.getByTestId("series-button");
    assert.equal(await buttons.count(), 2, "the MR holds the plain series and its compressed copy");
    await page.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });

    // the plain series at slice 12: the picture to match
    await page.getByTestId("slice-slider").fill("12");
    await page.locator('[data-testid="slice-index"][data-index="12"]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="viewport"] canvas') !== null);
    const plainLit = await litPixels(viewer);
    assert.ok(plainLit > 1000, `the plain slice is drawn (${plainLit} lit pixels)`);
    const plain = await page.getByTestId("viewport").screenshot();

    // the compressed copy: open, scroll to the same slice
    await buttons.filter({ hasText: "JPEG-LS" }).click();
    await page.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await wheelTo(page, viewer, 12);
    const lit = await litPixels(viewer);
    assert.ok(lit > 1000, `the JPEG-LS slice is drawn (${lit} lit pixels)`);
    assert.ok(
      [...frameTypes].some((t) => t.includes(`transfer-syntax=${JPEG_LS_LOSSLESS}`)),
      `frames came JPEG-LS: ${[...frameTypes].join(" | ")}`,
    );
    assert.ok(
      wasm.length > 0 && wasm.every((u) => u.startsWith(app.url)),
      `the codec from our origin: ${wasm.join(", ")}`,
    );
    // lossless: the same slice, the same window, the same picture
    assert.deepEqual(await page.getByTestId("viewport").screenshot(), plain);
    assert.deepEqual(violations, []);
    assert.deepEqual(outside, []);
    await page.context().close();
  });
});
