import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * One form field: its label, the input (the children, with the same `id`), an
 * optional hint under it, and the error, whose id `${id}-error` the input names
 * in `aria-describedby`. `data-field` finds the field by its id.
 */
export function Field({
  id,
  label,
  error,
  hint,
  wide = false,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  /** across both columns of a two-column form */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined} data-field={id}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A Field of one plain input named and identified by `name`, marked invalid and tied to its error. */
export function InputField({
  name,
  label,
  error,
  hint,
  wide,
  ...input
}: { name: string; label: string; error?: string; hint?: string; wide?: boolean } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name"
>) {
  return (
    <Field id={name} label={label} error={error} hint={hint} wide={wide}>
      <input
        className="input"
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        {...input}
      />
    </Field>
  );
}
