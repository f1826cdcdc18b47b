"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { onKeyImagesChanged } from "@/app/lib/key-image-channel";

/**
 * On the reading page of the reading physician: a key image marked in the
 * viewer's tab re-renders this page from the server, so the report form lists
 * it without a reload. The form's text survives: a mark does not change the
 * reading's revision, which keys the form.
 */
export function KeyImagesFollow({ readingId }: { readingId: string }) {
  const router = useRouter();
  useEffect(() => onKeyImagesChanged(readingId, () => router.refresh()), [readingId, router]);
  return null;
}
