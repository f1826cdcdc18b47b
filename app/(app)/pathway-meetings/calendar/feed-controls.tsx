"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import { issueCalendarFeedAction, revokeCalendarFeedAction } from "../actions";

/**
 * 発行 / 再発行 / 無効にする. The new address lives only in this component's
 * state: the server keeps its hash, so it is shown (and copied) now or never.
 */
export function CalendarFeedControls({
  active,
  labels,
}: {
  active: boolean;
  labels: {
    issue: string;
    reissue: string;
    reissueConfirm: string;
    revoke: string;
    revokeConfirm: string;
    revoked: string;
    url: string;
    copy: string;
    copied: string;
  };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);

  const issue = () => {
    if (active && !window.confirm(labels.reissueConfirm)) return;
    startTransition(async () => {
      const r = await issueCalendarFeedAction();
      setResult(r.ok ? null : r);
      setCopied(false);
      if (r.ok) {
        setUrl(r.data.url);
        router.refresh();
      }
    });
  };
  const revoke = () => {
    if (!window.confirm(labels.revokeConfirm)) return;
    startTransition(async () => {
      const r = await revokeCalendarFeedAction();
      setResult(r);
      if (r.ok) {
        setUrl(null);
        router.refresh();
      }
    });
  };

  return (
    <div className="grid gap-3">
      {url && (
        <div className="grid gap-1">
          <label className="label" htmlFor="calendar-feed-url">
            {labels.url}
          </label>
          <div className="flex gap-2">
            <input
              className="input min-w-0 font-mono text-xs"
              id="calendar-feed-url"
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="calendar-feed-url"
            />
            <button
              type="button"
              className="btn-secondary shrink-0"
              onClick={() => {
                void navigator.clipboard?.writeText(url).then(() => setCopied(true));
              }}
            >
              {copied ? labels.copied : labels.copy}
            </button>
          </div>
        </div>
      )}
      <FormAlert state={result} success={labels.revoked} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={issue}
          data-testid="calendar-feed-issue"
        >
          {active ? labels.reissue : labels.issue}
        </button>
        {active && (
          <button
            type="button"
            className="btn-danger"
            disabled={pending}
            onClick={revoke}
            data-testid="calendar-feed-revoke"
          >
            {labels.revoke}
          </button>
        )}
      </div>
    </div>
  );
}
