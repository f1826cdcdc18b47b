"use client";

import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { joinPhase, type JoinPhase as WindowPhase } from "@/server/domain/pathway-meetings/join-window";
import { joinMeetingAction } from "./actions";

export type JoinPhase = WindowPhase | "cancelled";

export interface JoinLabels {
  join: string;
  /** already filled with when the room opens */
  opensAt: string;
  over: string;
  cancelled: string;
  joining: string;
  help: string;
}

/**
 * 会議に参加: disabled with when it opens until 30 minutes before the start,
 * then a button into the conference room; 終了 after. The page is rendered
 * once, so the button follows the clock itself.
 */
export function JoinButton({
  occurrenceId,
  opensAt,
  closesAt,
  initialPhase,
  labels,
}: {
  occurrenceId: string;
  opensAt: string;
  closesAt: string;
  initialPhase: JoinPhase;
  labels: JoinLabels;
}) {
  const [phase, setPhase] = useState<JoinPhase>(initialPhase);
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<never> | null>(null);
  useEffect(() => {
    if (initialPhase === "cancelled") return;
    const tick = () => setPhase(joinPhase(Date.now(), Date.parse(opensAt), Date.parse(closesAt)));
    tick();
    const timer = setInterval(tick, 15_000);
    return () => clearInterval(timer);
  }, [initialPhase, opensAt, closesAt]);

  const text =
    phase === "before"
      ? labels.opensAt
      : phase === "over"
        ? labels.over
        : phase === "cancelled"
          ? labels.cancelled
          : pending
            ? labels.joining
            : labels.join;
  return (
    <div className="space-y-2" data-testid="join-meeting">
      <button
        type="button"
        className="btn-primary w-full sm:w-auto"
        disabled={phase !== "open" || pending}
        onClick={() =>
          startTransition(async () => {
            // on success the action redirects into the room; only a refusal comes back
            setResult(await joinMeetingAction({ occurrenceId }));
          })
        }
      >
        {text}
      </button>
      {phase === "open" && <p className="text-xs text-slate-500">{labels.help}</p>}
      {result && !result.ok && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {result.error.message}
        </p>
      )}
    </div>
  );
}
