import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { auditEvents } from "../../server/db/schema";
import { demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { signedInPage } from "../helpers/sign-in";

/** the synthetic CT: 256 × 256 pixels of 1.5 mm */
const CT_FIELD_MM = 256 * 1.5;

async function sliceIndex(page: Page): Promise<number> {
  return Number(await page.getByTestId("slice-index").getAttribute("data-index"));
}

describe("a GP reads the hospital's CT in the browser (Debian Chromium, Orthanc as the PACS)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;

  before(async () => {
    // the demo PACS: an Orthanc per demo hospital, loaded with the synthetic studies
    app = await startApp({ DEMO_PACS: "1" });
    browser = await launchChromium();
    patientId = (await demoPatientIds(app)).consented;
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("opens the CT from the timeline, scrolls to slice 150, changes window/level and measures a length", async () => {
    const page = await signedInPage(browser, app, "gp.yamada", 1280);
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        outside.push(r.url());
    });
    await page.goto(`${app.url}/patients/${patientId}`);
    const ct = page.locator('[data-testid="imaging-study"][data-modalities="CT"]').first();
    await ct.waitFor({ timeout: 30_000 });
    assert.match((await ct.textContent())!, /300画像/);
    await ct.getByTestId("open-study").click();
    await page.waitForURL(/\/images\//);

    const viewport = page.getByTestId("viewport");
    await page.locator('[data-testid="viewport"][data-status="ready"]').waitFor({ timeout: 60_000 });
    assert.equal(await sliceIndex(page), 1);
    assert.match((await page.getByTestId("slice-index").textContent())!, /1 \/ 300/);

    // scroll with the mouse wheel over the image to slice 150
    const box = (await viewport.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 400 && (await sliceIndex(page)) !== 150; i++) {
      await page.mouse.wheel(0, (await sliceIndex(page)) < 150 ? 100 : -100);
    }
    assert.equal(await sliceIndex(page), 150);
    assert.match((await page.getByTestId("slice-index").textContent())!, /150 \/ 300/);

    // window/level: the lung preset, then a drag with the W/L tool; the pixels change
    const before = await viewport.screenshot();
    await page.getByTestId("preset-lung").click();
    const voi = page.getByTestId("voi");
    await page.locator('[data-testid="voi"][data-width="1500"][data-center="-600"]').waitFor();
    const lung = await viewport.screenshot();
    assert.notDeepEqual(lung, before, "the lung window changes the picture");
    await page.getByTestId("tool-wl").click();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    const dragged = {
      width: Number(await voi.getAttribute("data-width")),
      center: Number(await voi.getAttribute("data-center")),
    };
    assert.notDeepEqual(dragged, { width: 1500, center: -600 }, "dragging changes window/level");
    assert.notDeepEqual(await viewport.screenshot(), lung);

    // a length across the image: 200 screen pixels, measured in mm by the image's pixel spacing
    await page.getByTestId("tool-length").click();
    const drag = 200;
    const x0 = box.x + box.width / 2 - drag / 2;
    const y0 = box.y + box.height / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + drag / 2, y0, { steps: 10 });
    await page.mouse.move(x0 + drag, y0, { steps: 10 });
    await page.mouse.up();
    const measurement = page.getByTestId("measurement").first();
    await measurement.waitFor();
    // the scale the viewer shows at: the 384 mm field fits inside the viewport, filling one side
    const mmPerPixel = Number(await viewport.getAttribute("data-mm-per-pixel"));
    // the length is recomputed when the annotation is drawn at its final handles: wait for that state
    await page
      .waitForFunction(
        (want) => {
          const got = /([\d.]+) mm/.exec(
            document.querySelector('[data-testid="measurement"]')?.textContent ?? "",
          );
          return got !== null && Math.abs(Number(got[1]) - want) / want < 0.05;
        },
        drag * mmPerPixel,
        { timeout: 10_000 },
      )
      .catch(() => undefined); // the assertion below names the length shown
    const text = (await measurement.textContent())!;
    const m = /([\d.]+) mm/.exec(text);
    assert.ok(m, `a length in mm: ${text}`);
    const shown = CT_FIELD_MM / mmPerPixel;
    assert.ok(
      shown <= Math.max(box.width, box.height) * 1.01 && shown >= Math.min(box.width, box.height) * 0.9,
      `the image is shown ${shown.toFixed(0)} px wide in a ${box.width.toFixed(0)} x ${box.height.toFixed(0)} viewport`,
    );
    const expected = drag * mmPerPixel;
    const measured = Number(m[1]);
    assert.ok(
      Math.abs(measured - expected) / expected < 0.05,
      `measured ${measured} mm for ${drag} px, about ${expected.toFixed(1)} mm expected`,
    );
    assert.deepEqual(outside, [], "nothing fetched from anywhere but the app");

    // usable on a phone: the viewer and its controls fit a 390 px screen
    await page.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(page, "the viewer on a phone");

    // the study's opening is audited once, not per frame
    const views = await app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "imaging.study_view"), eq(auditEvents.patientId, patientId)));
    assert.equal(views.filter((v) => v.outcome === "success").length, 1);
    await page.context().close();
  });
});
