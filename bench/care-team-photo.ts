// A phone photo on the care team board (issue 18), on the real PostgreSQL: a
// 4032 x 3024 JPEG as a phone camera writes it (quality 92, EXIF with the camera,
// an orientation and a GPS position), posted by a visiting nurse with a vital-sign
// entry, up to the thumbnail the team's phones show. Timed, interleaved round by
// round in the same run:
//   - ours, upload to thumbnail: postToCareTeam with the photo (size and content
//     check, decode, upright, strip, 2048 px JPEG, 320 px WebP thumbnail, both
//     stored with the post, its read, notifications and audit in one transaction),
//     then getCareTeamPhoto of the thumbnail (access check, audit);
//   - ours, the image work alone (processPhoto);
//   - the floor: sharp's decode + resize + encode alone, straight from the photo to
//     the 320 px WebP thumbnail (the least work that shows the photo on a phone);
//   - sharp's decode + resize + encode of the two images ours keeps (2048 px JPEG
//     at ours' settings, its thumbnail), without the checks: what the keeping costs;
//     and the same with sharp's default JPEG encoder instead of mozjpeg.
// Prints p50/p95/p99 with counts and the ratio to the floor; asserts nothing.
// Run: npx tsx bench/care-team-photo.ts   (BENCH_RUNS=30)
import sharp from "sharp";
import { facilities, practitioners } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { limitStore, rateLimit } from "../server/auth/shared-limits";
import { loadCareTeamBoard } from "../server/domain/care-team/care-team-board";
import { getCareTeamPhoto, processPhoto } from "../server/domain/care-team/care-team-photos";
import { addCareTeamMember } from "../server/domain/care-team/manage-care-team";
import { postToCareTeam } from "../server/domain/care-team/post-to-care-team";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork } from "../tests/helpers/fixtures";
import { quantile, timed } from "./helpers";
import { eq } from "drizzle-orm";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WIDTH = 4032;
const HEIGHT = 3024;
// the bench posts far more than a person would: a posting budget without limits
(globalThis as Record<symbol, unknown>)[Symbol.for("okinet.care-team.limits")] = {
  posts: rateLimit(limitStore(), "bench-care-team:posts", 1e9, 60),
  photos: rateLimit(limitStore(), "bench-care-team:photos", 1e9, 60),
};

/** A phone camera's photo: a lit scene with fine texture (so it compresses like one), EXIF, GPS. */
async function phonePhoto(): Promise<Uint8Array> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  let seed = 20260310;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >> 16) % 24;
  };
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      const light = 120 + 80 * Math.sin(x / 410) * Math.cos(y / 330);
      const skin = Math.hypot(x - WIDTH / 2, y - HEIGHT / 2) < 900;
      pixels[i] = Math.min(255, light + (skin ? 60 : 0) + noise());
      pixels[i + 1] = Math.min(255, light * 0.8 + (skin ? 20 : 0) + noise());
      pixels[i + 2] = Math.min(255, light * 0.7 + noise());
    }
  }
  const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 92 })
    // held sideways: the camera writes the orientation, ours turns the pixels upright
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "BenchPhone", Model: "Camera 12", Software: "bench" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "38/1 5/1 30/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "140/1 2/1 0/1",
      },
    })
    .toBuffer();
  return new Uint8Array(jpeg);
}

const database = await createTestDatabase("postgres");
try {
  const db = database.db;
  const n = await createNetwork(db);
  const patientId = n.patients.shared;
  const gp = actor(n, "clinic.gp");
  const [template] = await db.select().from(practitioners).limit(1);
  const [row] = await db
    .insert(practitioners)
    .values({
      loginId: "bench.nurse",
      passwordHash: template!.passwordHash,
      familyName: "訪問",
      givenName: "看護",
      familyNameKana: "ホウモン",
      givenNameKana: "カンゴ",
      profession: "visiting_nurse",
      facilityId: n.facilities.clinic,
    })
    .returning({ id: practitioners.id });
  const nurse: Actor = { ...gp, practitionerId: row!.id, profession: "visiting_nurse" };
  await addCareTeamMember(db, gp, { patientId, practitionerId: gp.practitionerId });
  await addCareTeamMember(db, gp, { patientId, practitionerId: nurse.practitionerId });
  const [clinic] = await db.select().from(facilities).where(eq(facilities.id, gp.facilityId));

  const t0 = performance.now();
  const photo = await phonePhoto();
  const meta = await sharp(photo).metadata();
  console.log(
    `care team photo: a ${meta.width} x ${meta.height} JPEG of ${(photo.byteLength / 1024 / 1024).toFixed(2)} MB ` +
      `(EXIF orientation ${meta.orientation}, GPS, made in ${(performance.now() - t0).toFixed(0)} ms), ` +
      `posted by a visiting nurse at ${clinic!.name}; ${RUNS} runs per case, interleaved; sharp ${sharp.versions.sharp}, ` +
      `libvips ${sharp.versions.vips}, ${sharp.concurrency()} threads`,
  );

  let k = 0;
  const uploadToThumbnail = async () => {
    const posted = await postToCareTeam(
      db,
      nurse,
      {
        patientId,
        clientKey: `bench-photo-${k++}`,
        body: "仙骨部の褥瘡",
        vitals: { systolic: 128, diastolic: 76 },
      },
      [{ fileName: "IMG_0001.jpg", bytes: photo }],
    );
    // the thumbnail as a member's phone asks for it: from the board's photo ids
    const board = await loadCareTeamBoard(db, gp, { patientId, limit: 1 });
    const shown = board.posts.find((p) => p.id === posted.postId)!.photos[0]!;
    return getCareTeamPhoto(db, gp, patientId, shown.thumbnailId, "thumbnail");
  };
  const imageWork = () => processPhoto({ fileName: "IMG_0001.jpg", bytes: photo }, "photos.0");
  const floor = () => sharp(photo).resize(320, 320, { fit: "inside" }).webp({ quality: 70 }).toBuffer();
  const sameOutputs = async () => {
    const full = await sharp(photo)
      .resize(2048, 2048, { fit: "inside" })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer();
    return sharp(full).resize(320, 320, { fit: "inside" }).webp({ quality: 70 }).toBuffer();
  };
  const sameOutputsTurbo = async () => {
    const full = await sharp(photo).resize(2048, 2048, { fit: "inside" }).jpeg({ quality: 85 }).toBuffer();
    return sharp(full).resize(320, 320, { fit: "inside" }).webp({ quality: 70 }).toBuffer();
  };
  const cases: [string, () => Promise<unknown>][] = [
    ["ours: upload to thumbnail", uploadToThumbnail],
    ["ours: processPhoto alone", imageWork],
    ["sharp: ours' two images, no checks", sameOutputs],
    ["  the same, libjpeg-turbo (no mozjpeg)", sameOutputsTurbo],
    ["floor: sharp photo -> 320 px WebP", floor],
  ];
  for (let i = 0; i < 3; i++) for (const [, work] of cases) await work();
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [c, [, work]] of cases.entries()) times[c]!.push((await timed(work))[1]);
  }
  for (const t of times) t.sort((x, y) => x - y);
  const floorTimes = times[cases.length - 1]!;
  const p = (xs: number[], at: number) => quantile(xs, at).toFixed(1).padStart(7);
  const r = (xs: number[], at: number) =>
    (quantile(xs, at) / quantile(floorTimes, at)).toFixed(2).padStart(5);
  console.log(`\n  ${"case".padEnd(40)} |  p50 ms  p95 ms  p99 ms | ratio p50   p95   p99`);
  for (const [c, [name]] of cases.entries()) {
    const t = times[c]!;
    console.log(
      `  ${name.padEnd(40)} | ${p(t, 0.5)} ${p(t, 0.95)} ${p(t, 0.99)} | ${r(t, 0.5)} ${r(t, 0.95)} ${r(t, 0.99)}`,
    );
  }
  const kept = await imageWork();
  console.log(
    `  (n = ${RUNS} each; ratio = case / floor; kept: ${kept.width} x ${kept.height} JPEG of ${(kept.full.byteLength / 1024).toFixed(0)} KB, ` +
      `thumbnail ${(kept.thumbnail.byteLength / 1024).toFixed(1)} KB)`,
  );
} finally {
  await database.close();
}
