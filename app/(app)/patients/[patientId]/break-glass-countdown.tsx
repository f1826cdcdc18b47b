"use client";

import { useEffect, useState } from "react";

export interface BreakGlassCountdownLabels {
  /** with {time} and {minutes}: "緊急アクセスは {time} まで（残り約{minutes}分）" */
  endsAt: string;
  /** with {minutes} */
  endingSoon: string;
  ended: string;
  reload: string;
}

const WARN_MINUTES = 5;

/**
 * The emergency reader sees when access ends, counts down, is warned before it
 * lapses and told when it has: the server refuses from then on, the page says so first.
 */
export function BreakGlassCountdown({
  expiresAt,
  timeLabel,
  labels,
}: {
  expiresAt: string;
  /** the end time already formatted in Japan time on the server */
  timeLabel: string;
  labels: BreakGlassCountdownLabels;
}) {
  const end = new Date(expiresAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const msLeft = end - now;
  const minutesLeft = Math.max(0, Math.ceil(msLeft / 60_000));
  if (msLeft <= 0) {
    return (
      <div
        role="alert"
        className="card border-red-400 bg-red-50 text-red-900"
        data-testid="break-glass-countdown"
        data-state="ended"
      >
        <p className="font-semibold">{labels.ended}</p>
        <button type="button" className="btn-secondary mt-2" onClick={() => window.location.reload()}>
          {labels.reload}
        </button>
      </div>
    );
  }
  const soon = minutesLeft <= WARN_MINUTES;
  return (
    <div
      role={soon ? "alert" : "status"}
      className={`card ${soon ? "border-red-400 bg-red-50 text-red-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}
      data-testid="break-glass-countdown"
      data-state={soon ? "ending" : "running"}
    >
      <p className="font-semibold">
        {labels.endsAt.replace("{time}", timeLabel).replace("{minutes}", String(minutesLeft))}
      </p>
      {soon && <p className="text-sm">{labels.endingSoon.replace("{minutes}", String(minutesLeft))}</p>}
    </div>
  );
}
