"use client";

import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";

/**
 * One command's state on a page of commands: run a server action in a
 * transition, keep its result (and its field errors), and optionally act on
 * it after (reset the form, refresh).
 */
export function useCommand() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const run = (action: () => Promise<ActionResult<unknown>>, after?: (r: ActionResult<unknown>) => void) =>
    startTransition(async () => {
      const r = await action();
      setResult(r);
      after?.(r);
    });
  return { pending, result, errors: fieldErrors(result), run };
}
