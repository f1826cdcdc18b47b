import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { authSessions, facilities, practitioners, signInChallenges } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { afterCommitBus } from "../events/after-commit-bus";
import { OpenSessionInput, type RequestContext, type SignInPolicy } from "../../model/sign-in";
import { sha256 } from "../../auth/tokens";
import { auditAuth } from "./auth-audit";

const VERIFIED_CHALLENGE_TTL_MS = 2 * 60_000;

/**
 * Exchanges a verified sign-in challenge (both factors proven) for a server-side
 * session, once. Called from next-auth's credentials provider.
 */
export async function openSession(
  db: Db,
  rawInput: unknown,
  policy: SignInPolicy,
  request: RequestContext,
): Promise<{ sessionId: string; practitionerId: string }> {
  const input = parseInput(OpenSessionInput, rawInput);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [challenge] = await tx
      .update(signInChallenges)
      .set({ usedAt: now })
      .where(
        and(
          eq(signInChallenges.tokenHash, sha256(input.challenge)),
          isNull(signInChallenges.usedAt),
          gt(signInChallenges.verifiedAt, new Date(now.getTime() - VERIFIED_CHALLENGE_TTL_MS)),
          gt(signInChallenges.expiresAt, now),
        ),
      )
      .returning();
    if (!challenge) throw new DomainError("UNAUTHENTICATED", "auth.signInNotVerified");
    const [user] = await tx
      .select()
      .from(practitioners)
      .where(eq(practitioners.id, challenge.practitionerId));
    if (!user || user.disabledAt) throw new DomainError("UNAUTHENTICATED", "auth.signInNotVerified");
    const [session] = await tx
      .insert(authSessions)
      .values({
        practitionerId: user.id,
        expiresAt: new Date(now.getTime() + policy.absoluteTimeoutHours * 3600_000),
        userAgent: request.userAgent.slice(0, 300),
      })
      .returning({ id: authSessions.id });
    await appendAuditEvent(tx, {
      actorId: user.id,
      actorFacilityId: user.facilityId,
      action: "auth.sign_in",
      purpose: "security",
      outcome: "success",
      details: { step: "session_opened", sessionId: session!.id },
      ip: request.ip,
    });
    return { sessionId: session!.id, practitionerId: user.id };
  });
}

export interface SessionPractitioner extends Actor {
  loginId: string;
  familyName: string;
  givenName: string;
  facilityName: string;
  facilityKind: string;
  totpEnrolled: boolean;
}

// lastSeenAt is written at most this often, not on every request
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The server-side half of every authenticated request: the session must exist,
 * not be revoked, be younger than the absolute limit and have been used within
 * the idle limit, and its practitioner must be active.
 */
export async function resolveSession(
  db: Db,
  sessionId: string,
  policy: Pick<SignInPolicy, "idleTimeoutMinutes">,
  ip = "",
): Promise<SessionPractitioner | null> {
  return (await resolveSessionWithLimits(db, sessionId, policy, ip))?.practitioner ?? null;
}

/** A live session and its limits, for a holder that checks them itself between reads (an open socket). */
export interface LiveSession {
  practitioner: SessionPractitioner;
  /** the absolute limit */
  expiresAt: Date;
  /** the last use the database knows of (the idle limit runs from here) */
  lastSeenAt: Date;
}

/** resolveSession, also answering the session's limits. */
export async function resolveSessionWithLimits(
  db: Db,
  sessionId: string,
  policy: Pick<SignInPolicy, "idleTimeoutMinutes">,
  ip = "",
): Promise<LiveSession | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const now = new Date();
  const [row] = await db
    .select({ session: authSessions, user: practitioners, facility: facilities })
    .from(authSessions)
    .innerJoin(practitioners, eq(practitioners.id, authSessions.practitionerId))
    .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
    .where(eq(authSessions.id, sessionId));
  if (!row || row.session.revokedAt || row.user.disabledAt) return null;
  const idleExpired = now.getTime() - row.session.lastSeenAt.getTime() > policy.idleTimeoutMinutes * 60_000;
  if (row.session.expiresAt <= now || idleExpired) {
    await db.transaction(async (tx) => {
      const ended = await tx
        .update(authSessions)
        .set({ revokedAt: now })
        .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)))
        .returning({ id: authSessions.id });
      if (ended.length) {
        await appendAuditEvent(tx, {
          actorId: row.user.id,
          actorFacilityId: row.user.facilityId,
          action: "auth.session_expired",
          purpose: "security",
          outcome: "success",
          details: { sessionId, reason: idleExpired ? "idle" : "absolute" },
          ip,
        });
      }
    });
    return null;
  }
  let lastSeenAt = row.session.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, sessionId));
    lastSeenAt = now;
  }
  const u = row.user;
  const practitioner: SessionPractitioner = {
    practitionerId: u.id,
    facilityId: u.facilityId,
    profession: u.profession,
    roles: u.roles,
    sessionId,
    ip,
    loginId: u.loginId,
    familyName: u.familyName,
    givenName: u.givenName,
    facilityName: row.facility.name,
    facilityKind: row.facility.kind,
    totpEnrolled: u.totpSecret !== null,
  };
  return { practitioner, expiresAt: row.session.expiresAt, lastSeenAt };
}

export async function signOut(db: Db, actor: Actor) {
  if (!actor.sessionId) return;
  await db.transaction(async (tx) => {
    await tx
      .update(authSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(authSessions.id, actor.sessionId!), isNull(authSessions.revokedAt)));
    await auditAuth(tx, actor, "auth.sign_out", { details: { sessionId: actor.sessionId } });
  });
  publishSessionsEnded({ sessionId: actor.sessionId });
}

/** Ends every session of the practitioner, on every device. */
export async function signOutEverywhere(db: Db, actor: Actor): Promise<number> {
  const ended = await db.transaction(async (tx) => {
    const ended = await tx
      .update(authSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(authSessions.practitionerId, actor.practitionerId), isNull(authSessions.revokedAt)))
      .returning({ id: authSessions.id });
    await auditAuth(tx, actor, "auth.sign_out_everywhere", { details: { sessions: ended.length } });
    return ended.length;
  });
  publishSessionsEnded({ practitionerId: actor.practitionerId });
  return ended;
}

/**
 * Sessions ended (signed out here or everywhere, or by an administrator who
 * disabled the account or reset its second factor), after commit: the
 * signalling layer drops their open sockets, which otherwise keep what they
 * know for up to a minute. One session (`sessionId`) or all of a person's.
 */
const sessionsEnded = afterCommitBus<{ sessionId: string } | { practitionerId: string }>("sessions-ended");
export const onSessionsEnded = sessionsEnded.subscribe;
export const publishSessionsEnded = sessionsEnded.publish;
