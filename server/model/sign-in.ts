import { z } from "zod";
import { plainText, singleLineText } from "./text";
import { msg } from "../errors";

export const PasswordStepInput = z.object({
  loginId: singleLineText().trim().min(1, msg("signIn.enterLoginID")).max(64),
  password: plainText().min(1, msg("signIn.enterPassword")).max(256),
});

export const SecondFactorInput = z.object({
  challenge: singleLineText().regex(/^[A-Za-z0-9_-]{43}$/, "invalid sign-in challenge"),
  code: singleLineText()
    .trim()
    .transform((c) => c.replace(/\s+/g, ""))
    .pipe(plainText().regex(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4})$/i, msg("signIn.enter6DigitCodeRecovery"))),
});

export const OpenSessionInput = z.object({
  challenge: singleLineText().regex(/^[A-Za-z0-9_-]{43}$/, "invalid sign-in challenge"),
});

export interface SignInPolicy {
  requireTotp: boolean;
  maxFailedAttempts: number;
  lockoutMinutes: number;
  absoluteTimeoutHours: number;
  idleTimeoutMinutes: number;
}

export interface RequestContext {
  ip: string;
  userAgent: string;
  /** The device id a valid trusted-device cookie proved for the login ID tried (server/auth/device-cookie.ts). */
  trustedDevice?: string | null;
}

/** One message for unknown users, wrong passwords, locked and disabled accounts: it tells an attacker nothing. */
export const SIGN_IN_FAILED = msg("signIn.wrongLoginIDPasswordAccount");
