import sharp from "sharp";
import { and, eq, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { attachments, careTeamPostPhotos, careTeamPosts } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { isUuid } from "../../validation";
import { fileTooLarge, type UploadedFile } from "../attachments/store-attachment";
import { sniffMediaType } from "../attachments/sniff-media-type";
import { requireCareTeamAccess } from "./care-team-access";
import { auditCareTeam } from "./care-team-audit";

/** A phone photo (a wound, a pressure ulcer, a medication box) at most this large as sent. */
export const CARE_TEAM_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const CARE_TEAM_PHOTOS_PER_POST = 4;
/** What is kept: the long side at most 2048 px (enough to read a label), the thumbnail 320 px. */
const FULL_SIDE = 2048;
const THUMB_SIDE = 320;
/** a decompression bomb (a small file of a huge image) is refused before it is decoded */
const MAX_INPUT_PIXELS = 50_000_000;

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export interface ProcessedPhoto {
  full: Uint8Array;
  thumbnail: Uint8Array;
  width: number;
  height: number;
}

const notAPhoto = (field: string) =>
  new DomainError("UNSUPPORTED_MEDIA_TYPE", msg("careTeam.chooseJPEGPNGWebPPhoto"), [
    {
      field,
      message: msg("careTeam.chooseJPEGPNGWebPPhoto"),
    },
  ]);

/**
 * Checks a photo by size and by its first bytes (never its name or the type
 * the browser claimed), decodes it, turns it upright by its EXIF orientation
 * and re-encodes it without any metadata: EXIF, GPS location, the camera's
 * serial, ICC and XMP are gone from what is stored. Also makes the thumbnail.
 * Runs before the transaction: decoding is the slow part.
 */
export async function processPhoto(file: UploadedFile, field: string): Promise<ProcessedPhoto> {
  if (file.bytes.byteLength === 0) {
    throw new DomainError("VALIDATION", msg("attachments.fileEmpty"), [
      { field, message: msg("attachments.fileEmpty") },
    ]);
  }
  if (file.bytes.byteLength > CARE_TEAM_PHOTO_MAX_BYTES) throw fileTooLarge(field, CARE_TEAM_PHOTO_MAX_BYTES);
  const type = sniffMediaType(file.bytes);
  if (!type || !(PHOTO_TYPES as readonly string[]).includes(type)) throw notAPhoto(field);
  try {
    // sharp writes no metadata unless asked (withMetadata / keepExif): the output carries pixels only
    const { data: full, info } = await sharp(file.bytes, {
      failOn: "error",
      limitInputPixels: MAX_INPUT_PIXELS,
      animated: false,
    })
      .rotate()
      .resize(FULL_SIDE, FULL_SIDE, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    // the thumbnail from the (at most 2048 px, upright) photo just made: the phone's original is decoded once
    const thumbnail = await sharp(full)
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return {
      full: new Uint8Array(full),
      thumbnail: new Uint8Array(thumbnail),
      width: info.width,
      height: info.height,
    };
  } catch {
    // the first bytes said image, the rest did not decode: a disguised or broken file
    throw notAPhoto(field);
  }
}

/**
 * One photo (or its thumbnail) of a post on the patient's board, for an active
 * member inside consent; every read is audited.
 */
export async function getCareTeamPhoto(
  db: Db,
  actor: Actor,
  patientId: string,
  attachmentId: string,
  size: "full" | "thumbnail",
) {
  await requireCareTeamAccess(db, actor, patientId, "care_team.photo_view");
  const notFound = () => new DomainError("NOT_FOUND", msg("careTeam.photoNotFound"));
  if (!isUuid(attachmentId)) throw notFound();
  const [photo] = await db
    .select({
      postId: careTeamPostPhotos.postId,
      full: careTeamPostPhotos.attachmentId,
      thumb: careTeamPostPhotos.thumbnailId,
    })
    .from(careTeamPostPhotos)
    .innerJoin(careTeamPosts, eq(careTeamPosts.id, careTeamPostPhotos.postId))
    .where(
      and(
        eq(careTeamPosts.patientId, patientId),
        or(
          eq(careTeamPostPhotos.attachmentId, attachmentId),
          eq(careTeamPostPhotos.thumbnailId, attachmentId),
        ),
      ),
    );
  if (!photo) throw notFound();
  const wanted = size === "thumbnail" ? photo.thumb : photo.full;
  const [file] = await db.select().from(attachments).where(eq(attachments.id, wanted));
  if (!file) throw notFound();
  await auditCareTeam(db, actor, "care_team.photo_view", {
    patientId,
    details: { postId: photo.postId, attachmentId: wanted, size },
  });
  return file;
}
