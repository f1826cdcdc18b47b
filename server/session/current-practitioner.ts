import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { resolveSession, type SessionPractitioner } from "../domain/auth/sessions";
import { DomainError, msg } from "../errors";
import { sessionIdFromCookie } from "./next-auth";
import { sessionCookieName, signInPolicy } from "../auth/policy";
import { requestBudget, TOO_MANY_REQUESTS } from "./request-budget";

/**
 * The signed-in practitioner of this request (once per request), checked against the session row;
 * a session past its request budget is refused (RATE_LIMITED) before the lookup.
 */
export const getCurrentPractitioner = cache(async (): Promise<SessionPractitioner | null> => {
  const sid = await sessionIdFromCookie((await cookies()).get(sessionCookieName())?.value);
  if (!sid) return null;
  // one request of the session's budget (once per request: this function is cached per request)
  if (!requestBudget().take(sid)) {
    throw new DomainError("RATE_LIMITED", TOO_MANY_REQUESTS);
  }
  const ip = (await headers()).get("x-real-ip") ?? "";
  return resolveSession(await getDb(), sid, signInPolicy(), ip);
});

/** For pages: signed out goes to the sign-in page. */
export async function requirePractitioner(): Promise<SessionPractitioner> {
  const practitioner = await getCurrentPractitioner();
  if (!practitioner) redirect("/signin");
  return practitioner;
}

/** For route handlers and server actions: signed out is an error, not a redirect. */
export async function authenticate(): Promise<SessionPractitioner> {
  const practitioner = await getCurrentPractitioner();
  if (!practitioner) throw new DomainError("UNAUTHENTICATED", msg("session.pleaseSign"));
  return practitioner;
}
