"use client";

import { ErrorPanel } from "./ui/error-panel";

/** Errors below the root layout: shown inside it, in the reader's language. */
export default function RootError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorPanel digest={error.digest} reset={reset} />;
}
