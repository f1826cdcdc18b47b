import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEMO_PATIENTS } from "../../server/demo/seed/seed-demo-data";
import { startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { joinFromDeviceCheck } from "../helpers/conference";
import { signedInPage } from "../helpers/sign-in";

/**
 * Three practitioners of three facilities in three browsers. This Chromium has no fake
 * devices and the machine has no camera or microphone: everyone enters receive-only.
 */
describe("a case conference: scheduling, lobby, consent-redacted agenda, chat, end (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let conferenceUrl: string;
  const pages: Record<string, Page> = {};

  const pageFor = async (loginId: string, width = 1280) => {
    const page = await signedInPage(browser, app, loginId, width);
    pages[loginId] = page;
    return page;
  };

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a hospital physician creates an ad-hoc conference with invitees from the directory and a case", async () => {
    const host = await pageFor("dr.sato");
    await host.goto(`${app.url}/conferences/new`);
    await host.getByLabel("件名").fill("退院前カンファランス（山田様）");
    for (const login of ["gp.yamada", "ph.ito"]) {
      await host.getByPlaceholder("名前・施設名・ログインIDで探す").fill(login);
      await host.getByPlaceholder("名前・施設名・ログインIDで探す").press("Enter");
      await host.getByTestId("directory-results").getByText(login).waitFor();
      await host.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
    }
    assert.equal(await host.getByTestId("invitees").locator("li").count(), 2);
    await host.getByLabel(/症例（地域患者ID/).fill(DEMO_PATIENTS.notConsented);
    await host.getByRole("button", { name: "作成" }).click();
    await host.getByText(/同意の範囲内に該当する患者がいません/).waitFor();
    await host.getByLabel(/症例（地域患者ID/).fill(DEMO_PATIENTS.consented);
    await host.getByRole("button", { name: "作成" }).click();
    await host.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    conferenceUrl = host.url();
    await joinFromDeviceCheck(host);
    await host.getByTestId("room").waitFor();
    assert.match((await host.getByTestId("agenda").textContent())!, /山田\s*花子/);
  });

  it("the GP waits in the lobby until the host admits, then sees the case; chat reaches both", async () => {
    const gp = await pageFor("gp.yamada", 390);
    await gp.goto(`${app.url}/conferences`);
    await gp.getByTestId("conference-row").first().click();
    // no camera or microphone on this machine: said plainly, and entering still works
    await gp.getByTestId("device-problem").waitFor();
    assert.match((await gp.getByTestId("device-problem").textContent())!, /カメラ・マイクが見つかりません/);
    await gp.getByTestId("receive-only").waitFor();
    await assertFitsWidth(gp, "device check on a phone, without devices");
    await joinFromDeviceCheck(gp);
    await gp.getByTestId("lobby-waiting").waitFor();
    const host = pages["dr.sato"]!;
    const panel = host.getByTestId("lobby-panel");
    await panel.getByRole("button", { name: "入室を許可" }).click();
    await gp.getByTestId("room").waitFor();
    assert.match((await gp.getByTestId("agenda-case").first().textContent())!, /山田\s*花子/);
    // the host's own page, open since before anyone entered, no longer says 予定 while the meeting runs
    await eventually("the host's header shows the conference running", async () =>
      /開催中/.test((await host.getByTestId("conference-status").textContent()) ?? ""),
    );
    await gp.getByTestId("receive-only").waitFor();
    assert.equal(await gp.getByTestId("video-tile").count(), 0, "no own preview without a camera");
    // the case leads to the patient's page and shared records, in a new tab, so the room stays open
    const [records] = await Promise.all([
      gp.context().waitForEvent("page"),
      gp.getByTestId("agenda-case").first().getByTestId("agenda-case-records").click(),
    ]);
    await records.getByTestId("patient-header").waitFor();
    assert.match((await records.getByTestId("patient-header").textContent())!, /山田\s*花子/);
    assert.match(records.url(), /\/patients\/[0-9a-f-]{36}#shared-records$/);
    await records.close();
    await gp.getByTestId("room").waitFor();

    await gp.getByRole("textbox", { name: "チャット" }).fill("紹介元です。退院後の内服を確認したいです");
    await gp.getByRole("button", { name: "送信" }).click();
    await host.getByTestId("chat-line").filter({ hasText: "退院後の内服を確認したいです" }).waitFor();

    await gp.getByRole("button", { name: /挙手/ }).click();
    await host.getByTestId("hand-raised").waitFor();
  });

  it("a pharmacist inside consent sees the case redacted (clinical data is not a pharmacist's)", async () => {
    const pharmacist = await pageFor("ph.ito");
    await pharmacist.goto(conferenceUrl);
    await joinFromDeviceCheck(pharmacist);
    await pharmacist.getByTestId("lobby-waiting").waitFor();
    await pages["dr.sato"]!.getByTestId("lobby-panel").getByRole("button", { name: "入室を許可" }).click();
    await pharmacist.getByTestId("room").waitFor();
    await pharmacist.getByTestId("agenda-redacted").waitFor();
    // admitted after the chat began: its history comes with the page rendered for the admitted
    await pharmacist.getByTestId("chat-line").filter({ hasText: "退院後の内服を確認したいです" }).waitFor();
    assert.doesNotMatch((await pharmacist.getByTestId("agenda").textContent())!, /山田/);
  });

  it("refuses someone not invited, lets the host remove a participant, and ends the conference for everyone", async () => {
    const office = await pageFor("office.okinet");
    await office.goto(conferenceUrl);
    await office.getByTestId("conference-refused").waitFor();

    const host = pages["dr.sato"]!;
    await host.reload();
    await joinFromDeviceCheck(host);
    await host
      .getByTestId("person")
      .filter({ hasText: "伊藤" })
      .getByRole("button", { name: "退室させる" })
      .click();
    await pages["ph.ito"]!.getByTestId("room-refused").waitFor();

    await host.getByRole("button", { name: "全員のカンファランスを終了" }).click();
    await pages["gp.yamada"]!.getByTestId("room-ended").waitFor();
  });
});
