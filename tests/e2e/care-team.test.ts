import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { and, eq, like } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { careTeamPostPhotos, careTeamPosts, notifications } from "../../server/db/schema";
import { demoActor, demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { eventually } from "../helpers/eventually";
import { signedInPage } from "../helpers/sign-in";

/** A wound photo as a phone writes it: JPEG with the camera's EXIF and the GPS position. */
async function woundPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 190, g: 110, b: 100 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "Pocket 15" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "38/1 6/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "140/1 2/1 0/1",
      },
    })
    .toBuffer();
}

/**
 * The home care team board in two browsers: the visiting nurse on a 390 px
 * phone posts vital signs with a wound photo and mentions the GP; the GP's open
 * board shows it without a reload, and the GP replies; the nurse sees the reply
 * and the GP's read (既読) without a reload. Impossible vitals are refused on
 * their field; a post written with no connection is kept on the phone and sent
 * once when the connection is back.
 */
describe("home care team board: the visiting nurse's phone and the GP (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let patientId: string;
  let nurse: Page;
  let gp: Page;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    ({ consented: patientId } = await demoPatientIds(app));
    gp = await signedInPage(browser, app, "gp.yamada", 1280);
    nurse = await signedInPage(browser, app, "vn.tanaka", 390);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the nurse her teams and the next visits on her home page", async () => {
    await nurse.getByTestId("next-home-visits").waitFor();
    assert.ok((await nurse.getByTestId("next-home-visit").count()) >= 1);
    await assertFitsWidth(nurse, "home page with visits");
    await nurse.goto(`${app.url}/care-team`);
    await nurse.getByTestId("care-team-worklist").waitFor();
    assert.ok((await nurse.getByTestId("care-team-row").count()) >= 3, "the three seeded teams");
  });

  it("refuses an impossible blood pressure on its field, on the phone", async () => {
    await gp.goto(`${app.url}/patients/${patientId}/care-team`);
    await gp.getByTestId("care-team-board").waitFor();
    await nurse.goto(`${app.url}/patients/${patientId}/care-team`);
    await nurse.getByTestId("post-composer").waitFor();
    await assertFitsWidth(nurse, "care team board");
    await nurse.getByTestId("vital-systolic").fill("400");
    await nurse.getByTestId("vital-diastolic").fill("80");
    await nurse.getByTestId("post-send").click();
    const error = nurse.getByTestId("error-vitals.systolic");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /収縮期血圧は40〜300mmHg/);
  });

  it("posts vitals with a photo and a mention; the GP sees it live, stripped of EXIF, and is notified", async () => {
    const text = "訪問しました。仙骨部の発赤を撮影しました。";
    await nurse.getByTestId("post-body").fill(text);
    await nurse.getByTestId("vital-systolic").fill("136");
    await nurse.getByTestId("vital-diastolic").fill("80");
    await nurse.getByTestId("vital-pulse").fill("72");
    await nurse.getByTestId("vital-spo2").fill("97");
    await nurse.getByTestId("vital-temperature").fill("36.7");
    await nurse.getByTestId("post-photos").setInputFiles({
      name: "IMG_2041.JPG",
      mimeType: "image/jpeg",
      buffer: await woundPhoto(),
    });
    await nurse.getByTestId("post-composer").locator("label", { hasText: "山田 誠" }).click();
    await nurse.getByTestId("post-send").click();
    await nurse.getByTestId("post-sent").waitFor();

    // the GP's board, open since before, shows it without a reload
    const post = gp.getByTestId("care-post").filter({ hasText: text });
    await post.waitFor({ timeout: 20_000 });
    assert.match((await post.getByTestId("post-vitals").textContent()) ?? "", /136\/80 mmHg/);
    const thumb = post.getByTestId("post-thumbnail");
    await thumb.waitFor();
    await eventually("the thumbnail loaded", async () => {
      const width = await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth);
      return width > 0 && width <= 320;
    });
    const [row] = await app.database.db.select().from(careTeamPosts).where(eq(careTeamPosts.body, text));
    const [photo] = await app.database.db
      .select()
      .from(careTeamPostPhotos)
      .where(eq(careTeamPostPhotos.postId, row!.id));
    const full = await gp.request.get(
      `${app.url}/api/patients/${patientId}/care-team/photos/${photo!.attachmentId}`,
    );
    assert.equal(full.status(), 200);
    const bytes = await full.body();
    assert.equal((await sharp(bytes).metadata()).exif, undefined, "EXIF and GPS stripped");
    assert.ok(!bytes.includes("PhoneMaker"));
    const gpActor = await demoActor(app, "gp.yamada");
    const [told] = await app.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.recipientId, gpActor.practitionerId), eq(notifications.careTeamPostId, row!.id)),
      );
    assert.equal(told?.kind, "care_team_mention");
  });

  it("the GP replies; the nurse sees the reply and the GP's read (既読) without a reload", async () => {
    const post = gp.getByTestId("care-post").filter({ hasText: "仙骨部の発赤を撮影しました" });
    const reply = "ありがとうございます。明日の訪問診療で確認します。";
    await post.getByTestId("reply-body").fill(reply);
    await post.getByTestId("reply-send").click();

    const mine = nurse.getByTestId("care-post").filter({ hasText: "仙骨部の発赤を撮影しました" });
    await mine.getByTestId("care-reply").filter({ hasText: reply }).waitFor({ timeout: 20_000 });
    await eventually("the GP's read shows", async () =>
      /既読 [1-9]/.test((await mine.getByTestId("post-read-count").first().textContent()) ?? ""),
    );
    await mine.getByTestId("post-read-count").first().click();
    assert.match((await mine.getByTestId("post-reader").first().textContent()) ?? "", /山田 誠/);
    await assertFitsWidth(nurse, "board with a thread");
  });

  it("keeps a post written without a connection on the phone and sends it once when back", async () => {
    const text = "電波の届かない部屋で記録しました。";
    await nurse.context().setOffline(true);
    await nurse.getByTestId("post-body").fill(text);
    await nurse.getByTestId("vital-pulse").fill("70");
    await nurse.getByTestId("post-send").click();
    await nurse.getByTestId("post-queued").waitFor();
    await nurse.getByTestId("pending-drafts").waitFor();
    assert.equal(
      (
        await app.database.db
          .select()
          .from(careTeamPosts)
          .where(like(careTeamPosts.body, `${text}%`))
      ).length,
      0,
    );
    await nurse.context().setOffline(false);
    await gp.getByTestId("care-post").filter({ hasText: text }).waitFor({ timeout: 30_000 });
    await nurse.getByTestId("pending-drafts").waitFor({ state: "detached" });
    // a reload sends nothing again
    await nurse.reload();
    await nurse.getByTestId("post-composer").waitFor();
    const stored = await app.database.db.select().from(careTeamPosts).where(eq(careTeamPosts.body, text));
    assert.equal(stored.length, 1, "sent once");
  });
});
