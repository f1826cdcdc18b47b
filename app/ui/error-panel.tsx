"use client";

import Link from "next/link";
import { common } from "../i18n/messages/common";
import { useDocumentLocale } from "./use-document-locale";

/** What an error boundary shows: one language, a retry, a way home, and the digest to quote (never the error's text). */
export function ErrorPanel({ digest, reset }: { digest?: string; reset: () => void }) {
  const t = common[useDocumentLocale()].frame;
  return (
    <div role="alert" className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-10">
      <h1 className="text-xl font-semibold">{t.errorTitle}</h1>
      <p className="text-slate-700">{t.errorBody}</p>
      {digest ? (
        <p className="text-sm text-slate-500">
          {t.errorReference}: <code>{digest}</code>
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" onClick={reset}>
          {t.retry}
        </button>
        <Link href="/" className="btn-secondary">
          {t.home}
        </Link>
      </div>
    </div>
  );
}
