import type { ActionResult } from "../lib/action-result";

/** The outcome of a form that no single field owns: refused, failed, or done. */
export function FormAlert({ state, success }: { state: ActionResult<unknown> | null; success?: string }) {
  if (!state) return null;
  if (state.ok) {
    return success ? (
      <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
        {success}
      </p>
    ) : null;
  }
  if (state.error.fields.length > 0) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
      {state.error.message}
    </p>
  );
}
