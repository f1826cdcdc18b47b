"use client";

import { useFormStatus } from "react-dom";

/** The submit button of the "sign out everywhere" form, showing that it is working. */
export function SignOutEverywhereButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className="btn-danger w-full sm:w-auto"
      disabled={pending}
      data-testid="sign-out-everywhere"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
