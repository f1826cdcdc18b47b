"use server";

import { searchDirectory } from "@/server/domain/practitioners/search-directory";
import { type ActionResult } from "@/app/lib/action-result";
import { act } from "@/app/lib/call";

export type DirectoryEntry = Awaited<ReturnType<typeof searchDirectory>>[number];

/** The practitioner directory, for whoever is signed in (inviting to a conference or a meeting); login IDs only for their administrators. */
export async function searchDirectoryAction(q: string): Promise<ActionResult<DirectoryEntry[]>> {
  return act(searchDirectory, { q });
}
