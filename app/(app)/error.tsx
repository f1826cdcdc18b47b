"use client";

import { ErrorPanel } from "../ui/error-panel";

/** Errors in a signed-in page: the shell (navigation, bell) stays, the page shows what to do. */
export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorPanel digest={error.digest} reset={reset} />;
}
