"use server";

import { revalidatePath } from "next/cache";
import { cancelCareDocument } from "@/server/domain/care-documents/cancel-care-document";
import { createCareDocument } from "@/server/domain/care-documents/create-care-document";
import { discardCareDocument } from "@/server/domain/care-documents/discard-care-document";
import {
  acknowledgeCareDocument,
  answerCareDocument,
} from "@/server/domain/care-documents/reply-to-care-document";
import { saveCareDocumentDraft } from "@/server/domain/care-documents/save-care-document-draft";
import { sendCareDocument } from "@/server/domain/care-documents/send-care-document";
import { type ActionResult } from "@/app/lib/action-result";
import { act } from "@/app/lib/call";

const refresh = (documentId: string) => revalidatePath(`/care-documents/${documentId}`);

/** Starts a draft of one kind for the patient. */
export async function createCareDocumentAction(input: {
  kind: string;
  patientId: string;
}): Promise<ActionResult<{ documentId: string }>> {
  const result = await act(createCareDocument, input);
  return result.ok ? { ok: true, data: { documentId: result.data.documentId } } : result;
}

/** Saves the draft with the revision it was based on; a stale revision is a CONFLICT. */
export async function saveCareDocumentAction(input: unknown): Promise<ActionResult<{ revision: number }>> {
  const result = await act(saveCareDocumentDraft, input);
  return result.ok ? { ok: true, data: { revision: result.data.revision } } : result;
}

/** Sends the saved draft to its recipient. */
export async function sendCareDocumentAction(input: {
  documentId: string;
  revision: number;
}): Promise<ActionResult<{ documentId: string }>> {
  const result = await act(sendCareDocument, input);
  if (result.ok) refresh(result.data.documentId);
  return result.ok ? { ok: true, data: { documentId: result.data.documentId } } : result;
}

export async function discardCareDocumentAction(input: {
  documentId: string;
  revision: number;
}): Promise<ActionResult<{ documentId: string }>> {
  return act(discardCareDocument, input);
}

export async function cancelCareDocumentAction(input: {
  documentId: string;
  revision: number;
  reason: string;
}): Promise<ActionResult<{ documentId: string }>> {
  const result = await act(cancelCareDocument, input);
  if (result.ok) refresh(result.data.documentId);
  return result.ok ? { ok: true, data: { documentId: result.data.documentId } } : result;
}

export async function acknowledgeCareDocumentAction(input: {
  documentId: string;
}): Promise<ActionResult<{ status: string }>> {
  const result = await act(acknowledgeCareDocument, input);
  if (result.ok) refresh(result.data.documentId);
  return result.ok ? { ok: true, data: { status: result.data.status } } : result;
}

export async function answerCareDocumentAction(input: {
  documentId: string;
  answer: string;
}): Promise<ActionResult<{ status: string }>> {
  const result = await act(answerCareDocument, input);
  if (result.ok) refresh(result.data.documentId);
  return result.ok ? { ok: true, data: { status: result.data.status } } : result;
}
