"use client";

import { ErrorPanel } from "./ui/error-panel";
import { useDocumentLocale } from "./ui/use-document-locale";
import "./globals.css";

/** The root layout itself failed: this replaces it, so it brings its own <html>. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const locale = useDocumentLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <ErrorPanel digest={error.digest} reset={reset} />
      </body>
    </html>
  );
}
