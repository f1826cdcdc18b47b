import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { practitioners, recoveryCodes, signInChallenges } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { checkTotp } from "../../auth/totp";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { SecondFactorInput, type RequestContext, type SignInPolicy } from "../../model/sign-in";
import { recordFailure } from "./start-sign-in";
import { newRecoveryCodes, normalizeRecoveryCode, sha256 } from "../../auth/tokens";

const MAX_ATTEMPTS_PER_CHALLENGE = 5;
const WRONG_CODE = msg("auth.codeNotCorrect");
const EXPIRED = msg("auth.signExpiredStartAgain");

/**
 * Second factor: a TOTP code, or a one-time recovery code. For a first sign-in
 * the code confirms the authenticator being enrolled, and ten recovery codes are
 * returned, to be shown once.
 */
export async function verifySecondFactor(
  db: Db,
  rawInput: unknown,
  policy: SignInPolicy,
  request: RequestContext,
): Promise<{ recoveryCodes: string[] | null }> {
  const input = parseInput(SecondFactorInput, rawInput);
  const now = new Date();
  const [challenge] = await db
    .select()
    .from(signInChallenges)
    .where(eq(signInChallenges.tokenHash, sha256(input.challenge)));
  if (!challenge || challenge.usedAt || challenge.verifiedAt || challenge.expiresAt <= now) {
    throw new DomainError("UNAUTHENTICATED", EXPIRED);
  }
  if (challenge.attempts >= MAX_ATTEMPTS_PER_CHALLENGE) throw new DomainError("UNAUTHENTICATED", EXPIRED);
  const [user] = await db.select().from(practitioners).where(eq(practitioners.id, challenge.practitionerId));
  if (!user || user.disabledAt || (user.lockedUntil && user.lockedUntil > now)) {
    throw new DomainError("UNAUTHENTICATED", EXPIRED);
  }

  const isRecovery = !/^\d{6}$/.test(input.code);
  let outcome: { timeStep?: number; recoveryCodeId?: string } | null = null;
  if (challenge.purpose === "enrol") {
    const r = isRecovery
      ? { ok: false as const }
      : await checkTotp(challenge.pendingTotpSecret ?? "", input.code, null);
    if (r.ok) outcome = { timeStep: r.timeStep };
  } else if (isRecovery) {
    const hash = sha256(normalizeRecoveryCode(input.code));
    const [code] = await db
      .select({ id: recoveryCodes.id })
      .from(recoveryCodes)
      .where(
        and(
          eq(recoveryCodes.practitionerId, user.id),
          eq(recoveryCodes.codeHash, hash),
          isNull(recoveryCodes.usedAt),
        ),
      );
    if (code) outcome = { recoveryCodeId: code.id };
  } else {
    const r = await checkTotp(user.totpSecret ?? "", input.code, user.totpLastTimeStep);
    if (r.ok) outcome = { timeStep: r.timeStep };
  }

  const audit = {
    actorId: user.id,
    actorFacilityId: user.facilityId,
    purpose: "security" as const,
    ip: request.ip,
  };

  if (!outcome) {
    await db.transaction(async (tx) => {
      await tx
        .update(signInChallenges)
        .set({ attempts: challenge.attempts + 1 })
        .where(eq(signInChallenges.id, challenge.id));
      await recordFailure(tx, user.id, policy, now);
      await appendAuditEvent(tx, {
        ...audit,
        action: challenge.purpose === "enrol" ? "auth.totp_enrol" : "auth.sign_in_mfa",
        outcome: "failure",
        details: { reason: "wrong_code", method: isRecovery ? "recovery_code" : "totp" },
      });
    });
    throw new DomainError("UNAUTHENTICATED", WRONG_CODE, [{ field: "code", message: WRONG_CODE }]);
  }

  const codes = challenge.purpose === "enrol" ? newRecoveryCodes() : null;
  await db.transaction(async (tx) => {
    // used-once guard: a second request racing with this one finds verifiedAt set
    const claimed = await tx
      .update(signInChallenges)
      .set({ verifiedAt: now })
      .where(and(eq(signInChallenges.id, challenge.id), isNull(signInChallenges.verifiedAt)))
      .returning({ id: signInChallenges.id });
    if (claimed.length === 0) throw new DomainError("UNAUTHENTICATED", EXPIRED);

    if (outcome.recoveryCodeId) {
      await tx.update(recoveryCodes).set({ usedAt: now }).where(eq(recoveryCodes.id, outcome.recoveryCodeId));
    }
    if (challenge.purpose === "enrol") {
      await tx
        .update(practitioners)
        .set({
          totpSecret: challenge.pendingTotpSecret,
          totpEnrolledAt: now,
          totpLastTimeStep: outcome.timeStep ?? null,
          failedSignIns: 0,
          updatedAt: now,
        })
        .where(eq(practitioners.id, user.id));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.practitionerId, user.id));
      await tx
        .insert(recoveryCodes)
        .values(codes!.map((c) => ({ practitionerId: user.id, codeHash: sha256(normalizeRecoveryCode(c)) })));
    } else {
      await tx
        .update(practitioners)
        .set({ failedSignIns: 0, ...(outcome.timeStep ? { totpLastTimeStep: outcome.timeStep } : {}) })
        .where(eq(practitioners.id, user.id));
    }
    await appendAuditEvent(tx, {
      ...audit,
      action:
        challenge.purpose === "enrol"
          ? "auth.totp_enrol"
          : outcome.recoveryCodeId
            ? "auth.recovery_code_used"
            : "auth.sign_in_mfa",
      outcome: "success",
      details: { method: outcome.recoveryCodeId ? "recovery_code" : "totp" },
    });
  });
  return { recoveryCodes: codes };
}
