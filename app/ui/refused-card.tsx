import type { ReactNode } from "react";

/** What a page shows instead of a record the practitioner may not read. */
export function RefusedCard({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p role="alert" className="card border-red-300 bg-red-50 text-red-800" data-testid={testId}>
      {children}
    </p>
  );
}
