import type { Browser, Page } from "playwright-core";
import { generate } from "otplib";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../server/demo/seed/seed-demo-data";
import type { RunningApp } from "./app";

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

/**
 * A code that will still be valid when typed: waits out the last 3 s of a 30 s
 * step, and, given the step a code was last used in, the rest of that step (the
 * server refuses a code of a step already used, as a replay).
 */
export async function freshCode(secret: string, afterStep?: number) {
  for (;;) {
    const now = Date.now() / 1000;
    const left = 30 - (now % 30);
    const usedAlready = afterStep !== undefined && stepNow() <= afterStep;
    if (left >= 3 && !usedAlready) break;
    await new Promise((r) => setTimeout(r, left * 1000 + 200));
  }
  return { code: await generate({ secret }), step: stepNow() };
}

/** The TOTP step each demo user's code was last used in, per app: a second sign-in waits for the next. */
const lastStepUsed = new Map<string, number>();

export async function signInWithPassword(page: Page, app: RunningApp, loginId: string) {
  const response = await page.goto(`${app.url}/signin`);
  const loginField = page.getByLabel(/ログインID/);
  await loginField.waitFor().catch(async (e: unknown) => {
    // say what came instead of the form, and what the app said meanwhile
    const body = (
      await page
        .locator("body")
        .textContent()
        .catch(() => "")
    )?.slice(0, 500);
    throw new Error(
      `no sign-in form at ${page.url()} (HTTP ${response?.status()}): ${body}\n${String(e)}\napp log (end):\n${app.output().slice(-2000)}`,
    );
  });
  await loginField.fill(loginId);
  await page.getByLabel(/^パスワード$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "次へ" }).click();
}

/** Password, then the demo TOTP code, as an enrolled demo user would. */
export async function signInAsDemoUser(page: Page, app: RunningApp, loginId: string) {
  await signInWithPassword(page, app, loginId);
  const used = `${app.url} ${loginId}`;
  const { code, step } = await freshCode(DEMO_TOTP_SECRET, lastStepUsed.get(used));
  lastStepUsed.set(used, step);
  await page.getByRole("textbox", { name: /確認コード/ }).fill(code);
  await page.getByRole("button", { name: "確認してサインイン" }).click();
  await page.waitForURL(`${app.url}/`).catch(async (e: unknown) => {
    // say where the browser is and what it shows instead of the home page, and what the app said
    const body = (
      await page
        .locator("body")
        .innerText()
        .catch(() => "")
    )?.slice(0, 500);
    throw new Error(
      `${loginId} did not reach the home page after the second factor: at ${page.url()}: ${body}\n${String(e)}\napp log (end):\n${app.output().slice(-2000)}`,
    );
  });
}

/**
 * A demo user signed in, in a browser context of its own at the given width.
 * A second sign-in of the same user waits for the next TOTP step (within the
 * same step it is refused as a replay): sign each user in once per file where
 * the wait matters.
 */
export async function signedInPage(browser: Browser, app: RunningApp, loginId: string, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signInAsDemoUser(page, app, loginId);
  return page;
}
