import { env } from "../env";
import type { SignInPolicy } from "../model/sign-in";

export function signInPolicy(): SignInPolicy {
  const e = env();
  return {
    requireTotp: e.AUTH_REQUIRE_TOTP,
    maxFailedAttempts: e.AUTH_MAX_FAILED_ATTEMPTS,
    lockoutMinutes: e.AUTH_LOCKOUT_MINUTES,
    absoluteTimeoutHours: e.AUTH_ABSOLUTE_TIMEOUT_HOURS,
    idleTimeoutMinutes: e.AUTH_IDLE_TIMEOUT_MINUTES,
  };
}

/** Secure cookies whenever the public origin is https. */
export function secureCookies(): boolean {
  return (process.env.NEXTAUTH_URL ?? env().PUBLIC_URL ?? "").startsWith("https://");
}

export const sessionCookieName = () => (secureCookies() ? "__Secure-okinet.session" : "okinet.session");
