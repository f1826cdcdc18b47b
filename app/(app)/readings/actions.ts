"use server";

import { revalidatePath } from "next/cache";
import { acceptReading } from "@/server/domain/readings/accept-reading";
import { acknowledgeReadingReport } from "@/server/domain/readings/acknowledge-reading-report";
import { cancelReading } from "@/server/domain/readings/cancel-reading";
import { declineReading } from "@/server/domain/readings/decline-reading";
import { requestReading } from "@/server/domain/readings/request-reading";
import { checkReadingUpload } from "@/server/domain/readings/check-reading-upload";
import { requestReadingFromUpload } from "@/server/domain/readings/request-reading-from-upload";
import { startReadingUpload } from "@/server/domain/readings/start-reading-upload";
import { saveReadingDraft } from "@/server/domain/readings/save-reading-draft";
import { signReadingReport } from "@/server/domain/readings/sign-reading-report";
import { markKeyImage } from "@/server/domain/readings/mark-key-image";
import { removeKeyImage } from "@/server/domain/readings/remove-key-image";
import { act, type UseCase } from "@/app/lib/call";
import type { ActionResult } from "@/app/lib/action-result";

/** Runs one command on a reading request; its page and the worklist are re-rendered once it succeeded. */
async function command<R>(useCase: UseCase<unknown, R>, input: unknown): Promise<ActionResult<R>> {
  const result = await act(useCase, input);
  const readingId = (input as { readingId?: unknown } | null)?.readingId;
  if (result.ok && typeof readingId === "string" && /^[0-9a-f-]{36}$/i.test(readingId)) {
    revalidatePath(`/readings/${readingId}`);
    revalidatePath("/readings");
  }
  return result;
}

/** 読影依頼: the request form's one call. */
export async function requestReadingAction(input: unknown) {
  return act(requestReading, input);
}
/** CD/DVD から取り込む: declares the disc (its size and file count) before its files are sent to the upload route. */
export async function startReadingUploadAction(input: unknown) {
  return act(startReadingUpload, input);
}
/** The disc's patient beside the patient at hand, its studies, the files not imported. */
export async function checkReadingUploadAction(input: unknown) {
  return act(checkReadingUpload, input);
}
/** After the uploader confirmed the patient: STOW-RS into the reading hospital's PACS, then the request. */
export async function requestReadingFromUploadAction(input: unknown) {
  return act(requestReadingFromUpload, input);
}
export async function acceptReadingAction(input: unknown) {
  return command(acceptReading, input);
}
export async function declineReadingAction(input: unknown) {
  return command(declineReading, input);
}
export async function cancelReadingAction(input: unknown) {
  return command(cancelReading, input);
}
export async function acknowledgeReadingAction(input: unknown) {
  return command(acknowledgeReadingReport, input);
}
export async function saveReadingDraftAction(input: unknown) {
  return command(saveReadingDraft, input);
}
export async function signReadingReportAction(input: unknown) {
  return command(signReadingReport, input);
}
/** キー画像: marked from the reading's viewer, removed from the report form. */
export async function markKeyImageAction(input: unknown) {
  return command(markKeyImage, input);
}
export async function removeKeyImageAction(input: unknown) {
  return command(removeKeyImage, input);
}
