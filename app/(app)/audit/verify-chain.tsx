"use client";

import { useState, useTransition } from "react";
import type { AuditMessages } from "@/app/i18n/messages/audit";
import type { ActionResult } from "@/app/lib/action-result";
import type { ChainVerdict } from "@/server/domain/audit/verify-audit-chain";
import { verifyAuditChainAction } from "./actions";

/** The tamper check: asks the server to walk the chain and shows its verdict. */
export function VerifyChain({ t, forbidden }: { t: AuditMessages["chain"]; forbidden: string }) {
  const [result, setResult] = useState<ActionResult<ChainVerdict> | null>(null);
  const [pending, startTransition] = useTransition();
  const verify = () =>
    startTransition(async () => {
      setResult(await verifyAuditChainAction());
    });

  return (
    <form action={verify} className="space-y-3">
      <button type="submit" className="btn-secondary w-full sm:w-auto" disabled={pending}>
        {pending ? t.verifying : t.verify}
      </button>
      {!pending && result && !result.ok && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {result.error.code === "FORBIDDEN" ? forbidden : result.error.message}
        </p>
      )}
      {!pending && result?.ok && (
        <div
          role="status"
          data-testid="chain-verdict"
          data-verdict={result.data.ok ? "ok" : "broken"}
          className={`rounded-md border p-3 text-sm ${
            result.data.ok
              ? "border-green-300 bg-green-50 text-green-900"
              : "border-red-300 bg-red-50 text-red-900"
          }`}
        >
          <p className="font-semibold">{result.data.ok ? `✓ ${t.ok}` : `✗ ${t.broken}`}</p>
          <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3">
            <dt>{t.okEvents}</dt>
            <dd data-testid="chain-events">{result.data.events.toLocaleString()}</dd>
            {result.data.ok ? (
              <>
                <dt>{t.lastSeq}</dt>
                <dd>{result.data.lastSeq}</dd>
              </>
            ) : (
              <>
                <dt>{t.brokenAt}</dt>
                <dd data-testid="chain-broken-seq">{result.data.brokenAtSeq}</dd>
                <dt>{t.reason}</dt>
                <dd>{result.data.reason}</dd>
              </>
            )}
          </dl>
        </div>
      )}
    </form>
  );
}
