import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { DomainError, msg } from "@/server/errors";
import { fileTooLarge } from "@/server/domain/attachments/store-attachment";
import {
  CARE_TEAM_PHOTO_MAX_BYTES,
  CARE_TEAM_PHOTOS_PER_POST,
} from "@/server/domain/care-team/care-team-photos";
import { postToCareTeam } from "@/server/domain/care-team/post-to-care-team";
import { readLimited } from "@/app/lib/read-limited";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** Room for the multipart envelope and the post's JSON around the photos. */
const ENVELOPE = 256 * 1024;
const LIMIT = CARE_TEAM_PHOTO_MAX_BYTES * CARE_TEAM_PHOTOS_PER_POST + ENVELOPE;

const badForm = () =>
  new DomainError("VALIDATION", msg("api.postMissing"), [{ field: "post", message: msg("api.postMissing") }]);

/**
 * A post or a reply on a patient's care team board: multipart, the field `post`
 * (JSON: the fields of CareTeamPostInput but the patient) and up to four files
 * `photos`. Size checked here while reading, content in the domain.
 */
export async function POST(req: Request, ctx: { params: Promise<{ patientId: string }> }) {
  try {
    const me = await authenticate();
    const declared = Number(req.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > LIMIT)
      throw fileTooLarge("photos", CARE_TEAM_PHOTO_MAX_BYTES);
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.startsWith("multipart/form-data")) throw badForm();
    const bytes = await readLimited(req.body, LIMIT);
    if (!bytes) throw fileTooLarge("photos", CARE_TEAM_PHOTO_MAX_BYTES);
    const form = await new Response(bytes, { headers: { "content-type": contentType } })
      .formData()
      .catch(() => null);
    const raw = form?.get("post");
    if (typeof raw !== "string") throw badForm();
    let post: unknown;
    try {
      post = JSON.parse(raw);
    } catch {
      throw badForm();
    }
    if (!post || typeof post !== "object" || Array.isArray(post)) throw badForm();
    const photos = [];
    for (const value of form!.getAll("photos")) {
      if (value instanceof File && value.size > 0)
        photos.push({ fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    const { patientId } = await ctx.params;
    const result = await call(postToCareTeam, me, { ...post, patientId }, photos);
    return NextResponse.json(result, { status: result.duplicate ? 200 : 201 });
  } catch (e) {
    return routeError(e);
  }
}
