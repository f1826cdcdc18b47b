"use client";

/**
 * Drafts of care team posts kept on the device (IndexedDB, photos as Blobs)
 * until the server has them: written before the first attempt, removed only
 * when the server answered (stored, or refused for good), so a lost
 * connection loses nothing. Each draft carries the key its device made once;
 * the server stores a key once, so a draft sent twice (a retry after a reply
 * that never arrived, two tabs) is one post.
 */
export interface OutboxDraft {
  clientKey: string;
  patientId: string;
  post: Record<string, unknown>;
  photos: Blob[];
  createdAt: number;
}

const DB_NAME = "okinet-care-team";
const STORE = "outbox";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: "clientKey" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("indexedDB"));
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error("indexedDB"));
    });
  } finally {
    db.close();
  }
}

export const saveDraft = (draft: OutboxDraft) => run("readwrite", (s) => s.put(draft));
export const dropDraft = (clientKey: string) => run("readwrite", (s) => s.delete(clientKey));
export async function draftsOf(patientId: string): Promise<OutboxDraft[]> {
  const all = (await run("readonly", (s) => s.getAll())) as OutboxDraft[];
  return all.filter((d) => d.patientId === patientId).sort((a, b) => a.createdAt - b.createdAt);
}

/** A key for a new draft: random, URL-safe, made once per draft. */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export type SendOutcome =
  | { kind: "sent"; postId: string }
  | { kind: "refused"; message: string; fields: { field: string; message: string }[] }
  | { kind: "offline" };

/** Sends one draft; "offline" when the server could not be reached (or failed), and the draft stays. */
export async function sendDraft(draft: OutboxDraft): Promise<SendOutcome> {
  const form = new FormData();
  form.set("post", JSON.stringify({ ...draft.post, clientKey: draft.clientKey }));
  draft.photos.forEach((p, i) => form.append("photos", p, `photo-${i + 1}`));
  let res: Response;
  try {
    res = await fetch(`/api/patients/${draft.patientId}/care-team/posts`, { method: "POST", body: form });
  } catch {
    return { kind: "offline" };
  }
  if (res.ok) {
    const body = (await res.json()) as { postId: string };
    await dropDraft(draft.clientKey);
    return { kind: "sent", postId: body.postId };
  }
  // a refusal the draft cannot outgrow (bad input, no access) ends it; a server failure or a limit keeps it
  if (res.status >= 500 || res.status === 429) return { kind: "offline" };
  const body = (await res.json().catch(() => null)) as {
    error?: { message: string; fields: { field: string; message: string }[] };
  } | null;
  await dropDraft(draft.clientKey);
  return {
    kind: "refused",
    message: body?.error?.message ?? `HTTP ${res.status}`,
    fields: body?.error?.fields ?? [],
  };
}
