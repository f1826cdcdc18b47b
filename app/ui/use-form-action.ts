"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "../lib/action-result";

/**
 * A server action behind a form that keeps what was typed: React resets a form
 * after an `action={...}` submit, even a refused one, so a user fixing one field
 * would lose the others (and the chosen file). Submitting through onSubmit does not.
 */
export function useFormAction<T>(
  action: (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>,
) {
  const [state, dispatch, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
  return { state, onSubmit, pending };
}
