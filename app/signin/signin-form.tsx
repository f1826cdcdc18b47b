"use client";

import { signIn } from "next-auth/react";
import { useState, useTransition } from "react";
import type { SigninMessages } from "../i18n/messages/signin";
import { fieldErrors, type ActionResult } from "../lib/action-result";
import { passwordStepAction, secondFactorAction, type PasswordStepView } from "./actions";

const formText = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

type Step =
  | { kind: "password" }
  | { kind: "totp"; challenge: string }
  | { kind: "enrol"; challenge: string; secret: string; qrDataUrl: string }
  | { kind: "recovery"; challenge: string; codes: string[] };

export function SignInForm({ t }: { t: SigninMessages }) {
  const [step, setStep] = useState<Step>({ kind: "password" });
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = fieldErrors(result);

  const finish = async (challenge: string) => {
    const response = await signIn("credentials", { challenge, redirect: false });
    if (response?.ok) {
      // a whole page load with the new session cookie: a soft replace("/") followed by refresh()
      // raced (the refresh of /signin could win over the navigation, and the router's cache still
      // held what "/" was while signed out), leaving a signed-in user on the sign-in page
      window.location.replace("/");
    } else {
      setResult({ ok: false, error: { code: "UNAUTHENTICATED", message: t.expired, fields: [] } });
      setStep({ kind: "password" });
    }
  };

  const onPassword = (form: FormData) =>
    startTransition(async () => {
      const r = await passwordStepAction({
        loginId: formText(form, "loginId"),
        password: formText(form, "password"),
      });
      setResult(r);
      if (!r.ok) return;
      const v: PasswordStepView = r.data;
      if (v.next === "session") await finish(v.challenge);
      else if (v.next === "enrol")
        setStep({ kind: "enrol", challenge: v.challenge, secret: v.secret, qrDataUrl: v.qrDataUrl });
      else setStep({ kind: "totp", challenge: v.challenge });
    });

  const onCode = (challenge: string) => (form: FormData) =>
    startTransition(async () => {
      const r = await secondFactorAction({ challenge, code: formText(form, "code") });
      setResult(r);
      if (!r.ok) return;
      if (r.data.recoveryCodes) setStep({ kind: "recovery", challenge, codes: r.data.recoveryCodes });
      else await finish(challenge);
    });

  const banner =
    result && !result.ok && result.error.fields.length === 0 ? (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
        {result.error.message}
      </p>
    ) : null;

  if (step.kind === "password") {
    return (
      // each step's form has a key of its own: an action's form is reset when its transition
      // ends, and a reused <form> element would lose the code already typed into the next step
      <form key="password" action={onPassword} className="space-y-4" aria-label={t.title}>
        {banner}
        <div>
          <label className="label" htmlFor="loginId">
            {t.loginId}
          </label>
          <input
            className="input"
            id="loginId"
            name="loginId"
            autoComplete="username"
            autoCapitalize="none"
            required
          />
          {errors.loginId && <p className="field-error">{errors.loginId}</p>}
        </div>
        <div>
          <label className="label" htmlFor="password">
            {t.password}
          </label>
          <input
            className="input"
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
          {errors.password && <p className="field-error">{errors.password}</p>}
        </div>
        <button className="btn-primary w-full" disabled={pending} type="submit">
          {pending ? t.signingIn : t.next}
        </button>
      </form>
    );
  }

  if (step.kind === "recovery") {
    return (
      <div className="space-y-4">
        <h2 className="text-lg font-semibold">{t.recoveryTitle}</h2>
        <p className="text-sm text-slate-700">{t.recoveryHelp}</p>
        <ul
          className="grid grid-cols-2 gap-2 rounded-md bg-slate-100 p-3 font-mono text-sm"
          data-testid="recovery-codes"
        >
          {step.codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <button
          className="btn-primary w-full"
          disabled={pending}
          onClick={() => startTransition(() => finish(step.challenge))}
        >
          {t.recoveryDone}
        </button>
      </div>
    );
  }

  return (
    <form
      key={`code-${step.challenge}`}
      action={onCode(step.challenge)}
      className="space-y-4"
      aria-label={t.totpTitle}
    >
      {step.kind === "enrol" ? (
        <>
          <h2 className="text-lg font-semibold">{t.enrolTitle}</h2>
          <p className="text-sm text-slate-700">{t.enrolHelp}</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server */}
          <img src={step.qrDataUrl} alt="QR" width={220} height={220} className="mx-auto rounded border" />
          <p className="text-sm">
            {t.secretLabel}:{" "}
            <code data-testid="totp-secret" className="break-all font-mono">
              {step.secret}
            </code>
          </p>
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold">{t.totpTitle}</h2>
          <p className="text-sm text-slate-700">{t.totpHelp}</p>
        </>
      )}
      {banner}
      <div>
        <label className="label" htmlFor="code">
          {t.code}
        </label>
        <input
          className="input font-mono tracking-widest"
          id="code"
          name="code"
          inputMode="text"
          autoComplete="one-time-code"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the password step's form is gone: focus goes to this step's only input rather than to the page
          autoFocus
          required
        />
        {errors.code && <p className="field-error">{errors.code}</p>}
      </div>
      <button className="btn-primary w-full" disabled={pending} type="submit">
        {pending ? t.signingIn : t.verify}
      </button>
      <button
        type="button"
        className="btn-secondary w-full"
        onClick={() => {
          setResult(null);
          setStep({ kind: "password" });
        }}
      >
        {t.startOver}
      </button>
    </form>
  );
}
