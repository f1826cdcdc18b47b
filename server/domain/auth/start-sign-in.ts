import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { practitioners, signInChallenges } from "../../db/schema";
import { DomainError } from "../../errors";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "../../auth/password";
import { RATE_LIMITED_MESSAGE, signInLimiter } from "../../auth/sign-in-limiter";
import { newTotpSecret, totpUri } from "../../auth/totp";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import {
  PasswordStepInput,
  SIGN_IN_FAILED,
  type RequestContext,
  type SignInPolicy,
} from "../../model/sign-in";
import { newBearerToken, sha256 } from "../../auth/tokens";

export type PasswordStepResult =
  | { next: "totp"; challenge: string }
  | { next: "enrol"; challenge: string; secret: string; otpauthUri: string }
  /** Two-factor sign-in turned off by the deployment: the challenge is already verified. */
  | { next: "session"; challenge: string };

const CHALLENGE_MINUTES = 5;

/**
 * First factor. The limiter (server/auth/sign-in-limiter.ts) decides first, before
 * any hashing: a refused attempt costs no scrypt and says when to try again.
 * Unknown users, wrong passwords, locked and disabled accounts all cost one scrypt
 * and get the same answer; each attempt is audited, and repeated failures delay
 * further attempts from the same address (not the account: a stranger cannot
 * lock anyone out). A hash made with weaker parameters is replaced on success.
 */
export async function startSignIn(
  db: Db,
  rawInput: unknown,
  policy: SignInPolicy,
  request: RequestContext,
): Promise<PasswordStepResult> {
  const input = parseInput(PasswordStepInput, rawInput);
  const limiter = signInLimiter();
  const attempt = { loginId: input.loginId, ip: request.ip, trustedDevice: request.trustedDevice ?? null };
  const admission = await limiter.admit(attempt);
  if (!admission.admitted) {
    // a storm is audited once per address and minute, not once per refused attempt
    if (admission.audit) {
      await appendAuditEvent(db, {
        actorId: null,
        actorFacilityId: null,
        action: "auth.sign_in",
        purpose: "security",
        outcome: "denied",
        details: { reason: "rate_limited", loginIdSha256: sha256(input.loginId).slice(0, 16) },
        ip: request.ip,
      });
    }
    throw new DomainError("RATE_LIMITED", RATE_LIMITED_MESSAGE(admission.retryAfterSeconds));
  }
  const [user] = await db.select().from(practitioners).where(eq(practitioners.loginId, input.loginId));
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  const now = new Date();
  if (!passwordOk || !user) await limiter.failed(attempt);

  if (!user) {
    await appendAuditEvent(db, {
      actorId: null,
      actorFacilityId: null,
      action: "auth.sign_in",
      purpose: "security",
      outcome: "failure",
      details: { reason: "unknown_user", loginIdSha256: sha256(input.loginId).slice(0, 16) },
      ip: request.ip,
    });
    throw new DomainError("UNAUTHENTICATED", SIGN_IN_FAILED);
  }

  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  const refusal = user.disabledAt ? "disabled" : locked ? "locked" : passwordOk ? null : "bad_password";
  if (refusal) {
    await db.transaction(async (tx) => {
      if (refusal === "bad_password")
        await tx
          .update(practitioners)
          .set({ failedSignIns: sql`${practitioners.failedSignIns} + 1` })
          .where(eq(practitioners.id, user.id));
      await appendAuditEvent(tx, {
        actorId: user.id,
        actorFacilityId: user.facilityId,
        action: "auth.sign_in",
        purpose: "security",
        outcome: refusal === "bad_password" ? "failure" : "denied",
        details: { reason: refusal, step: "password" },
        ip: request.ip,
      });
    });
    throw new DomainError("UNAUTHENTICATED", SIGN_IN_FAILED);
  }

  await limiter.succeeded(attempt);
  // a failed rehash (the hashing queue full) leaves the old hash for the next sign-in
  const rehashed = needsRehash(user.passwordHash)
    ? await hashPassword(input.password).catch(() => null)
    : null;
  const challenge = newBearerToken();
  const enrolling = policy.requireTotp && !user.totpSecret;
  const pendingSecret = enrolling ? newTotpSecret() : null;
  const skipSecondFactor = !policy.requireTotp && !user.totpSecret;
  await db.transaction(async (tx) => {
    await tx
      .update(practitioners)
      .set({ failedSignIns: 0, ...(rehashed ? { passwordHash: rehashed } : {}) })
      .where(eq(practitioners.id, user.id));
    await tx.insert(signInChallenges).values({
      practitionerId: user.id,
      tokenHash: sha256(challenge),
      purpose: enrolling ? "enrol" : "verify",
      pendingTotpSecret: pendingSecret,
      verifiedAt: skipSecondFactor ? now : null,
      ip: request.ip,
      expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
    });
    await appendAuditEvent(tx, {
      actorId: user.id,
      actorFacilityId: user.facilityId,
      action: "auth.sign_in",
      purpose: "security",
      outcome: "success",
      details: {
        step: "password",
        next: enrolling ? "enrol" : skipSecondFactor ? "session" : "totp",
        ...(rehashed ? { passwordRehashed: true } : {}),
      },
      ip: request.ip,
    });
  });

  if (enrolling) {
    return {
      next: "enrol",
      challenge,
      secret: pendingSecret!,
      otpauthUri: totpUri(user.loginId, pendingSecret!),
    };
  }
  return skipSecondFactor ? { next: "session", challenge } : { next: "totp", challenge };
}

/**
 * Counts a wrong second-factor code; at the limit the account locks and the count
 * starts again. Only someone who knew the password gets this far, so this lock is
 * not one a stranger can trigger; the user's administrator lifts it early.
 */
export async function recordFailure(db: Db, practitionerId: string, policy: SignInPolicy, now: Date) {
  await db
    .update(practitioners)
    .set({
      failedSignIns: sql`case when ${practitioners.failedSignIns} + 1 >= ${policy.maxFailedAttempts} then 0 else ${practitioners.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${practitioners.failedSignIns} + 1 >= ${policy.maxFailedAttempts}
        then ${new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString()}::timestamptz
        else ${practitioners.lockedUntil} end`,
    })
    .where(eq(practitioners.id, practitionerId));
}
