import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { startApp, type RunningApp } from "../helpers/app";
import { signInAsDemoUser } from "../helpers/sign-in";
import { launchChromium } from "../helpers/browser";

/** How many lines each label of the visible navigation takes (1 = never wrapped inside a word). */
async function navLabelLines(page: Page): Promise<{ label: string; lines: number }[]> {
  return page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('[data-testid="main-nav"]');
    const barShown = bar !== null && getComputedStyle(bar).display !== "none";
    const container = barShown ? bar : document.querySelector<HTMLElement>('[data-testid="compact-nav"]');
    if (!container) return [];
    const items = [...container.querySelectorAll<HTMLElement>("a, summary")].filter(
      (el) => el.getClientRects().length > 0,
    );
    return items.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      // one rect per line box fragment: distinct tops are distinct lines
      const tops = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      );
      return { label: el.textContent?.trim() ?? "", lines: tops.size };
    });
  });
}

describe("the app's frame: navigation that never breaks a word, its own not-found page (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const loginId of ["office.okinet", "liaison.suzuki"]) {
    it(`${loginId}: every navigation label on one line at 1024, 1280 and 1600 px, in Japanese and English`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signInAsDemoUser(page, app, loginId);
      for (const locale of ["ja", "en"] as const) {
        await context.addCookies([{ name: "okinet.lang", value: locale, url: app.url }]);
        for (const width of [1024, 1280, 1600]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${app.url}/`);
          const compact = page.locator("details:has([data-testid=compact-nav]) > summary");
          if (await compact.isVisible()) await compact.click();
          else await page.getByTestId("main-nav").locator("summary").click();
          const labels = await navLabelLines(page);
          const where = `${loginId} ${locale} ${width} px`;
          assert.ok(labels.length >= 6, `${where}: navigation found (${labels.length} labels)`);
          for (const { label, lines } of labels)
            assert.equal(lines, 1, `${where}: "${label}" takes ${lines} lines`);
          const overflow = await page.evaluate(() => {
            const header = document.querySelector("header")!;
            return header.scrollWidth - header.clientWidth;
          });
          assert.ok(overflow <= 0, `${where}: the header overflows by ${overflow} px`);
        }
      }
      await context.close();
    });
  }

  it("a missing or refused page answers 404 with the app's own page, in the reader's language, with a way home", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInAsDemoUser(page, app, "gp.yamada");
    // (an unknown patient is answered as one outside consent, so it never lands here)
    for (const path of [`/referrals/${randomUUID()}`, `/pathways/${randomUUID()}`, "/no-such-page"]) {
      const response = await page.goto(`${app.url}${path}`);
      // a signed-in page streams behind its loading state, so its status is already sent when it
      // finds nothing; an unknown address is answered before any streaming
      if (path === "/no-such-page") assert.equal(response?.status(), 404, path);
      await page.getByRole("heading", { name: "ページを表示できません" }).waitFor();
      assert.doesNotMatch(await page.content(), /could not be found/, `${path}: no framework English page`);
      await page.getByRole("link", { name: "ホームへ戻る" }).waitFor();
    }
    await context.addCookies([{ name: "okinet.lang", value: "en", url: app.url }]);
    await page.goto(`${app.url}/referrals/${randomUUID()}`);
    await page.getByRole("heading", { name: "This page cannot be shown" }).waitFor();
    assert.doesNotMatch(await page.locator("main").innerText(), /ページ/, "one language at a time");
    await page.getByRole("link", { name: "Back to home" }).click();
    await page.waitForURL(`${app.url}/`);
    await context.close();
  });
});
