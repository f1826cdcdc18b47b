import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq } from "drizzle-orm";
import { generate } from "otplib";
import { auditEvents, authSessions, practitioners } from "../../server/db/schema";
import { DomainError } from "../../server/errors";
import type { SignInPolicy } from "../../server/model/sign-in";
import { SIGN_IN_FAILED } from "../../server/model/sign-in";
import { openSession, resolveSession, signOutEverywhere } from "../../server/domain/auth/sessions";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { setSignInLimiter } from "../../server/auth/sign-in-limiter";
import { verifySecondFactor } from "../../server/domain/auth/verify-second-factor";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { PASSWORD, createNetwork } from "../helpers/fixtures";

const policy: SignInPolicy = {
  requireTotp: true,
  maxFailedAttempts: 5,
  lockoutMinutes: 15,
  absoluteTimeoutHours: 12,
  idleTimeoutMinutes: 30,
};
const request = { ip: "192.0.2.10", userAgent: "node:test" };

const isError = (code: string, message?: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code);
  if (message) assert.equal(e.message, message);
  return true;
};

for (const backend of BACKENDS) {
  describe(`two-factor sign-in and sessions (${backend})`, () => {
    let t: TestDatabase;
    before(async () => {
      // each backend's run starts with no failures counted against its addresses
      setSignInLimiter(undefined);
      t = await createTestDatabase(backend);
      await createNetwork(t.db);
    });
    after(async () => t.close());

    /** Signs in hosp.doctor from scratch: password, enrolment, session. Returns the enrolled secret. */
    let enrolled: { secret: string; code: string; recoveryCodes: string[] };

    it("enrols an authenticator at first sign-in and hands out recovery codes once", async () => {
      const step = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, request);
      assert.equal(step.next, "enrol");
      if (step.next !== "enrol") return;
      assert.match(step.otpauthUri, /^otpauth:\/\/totp\/.*secret=/);
      await assert.rejects(
        verifySecondFactor(t.db, { challenge: step.challenge, code: "000000" }, policy, request),
        isError("UNAUTHENTICATED"),
      );
      const code = await generate({ secret: step.secret });
      const { recoveryCodes } = await verifySecondFactor(
        t.db,
        { challenge: step.challenge, code },
        policy,
        request,
      );
      assert.equal(recoveryCodes?.length, 10);
      const session = await openSession(t.db, { challenge: step.challenge }, policy, request);
      const me = await resolveSession(t.db, session.sessionId, policy);
      assert.equal(me?.loginId, "hosp.doctor");
      assert.equal(me?.totpEnrolled, true);
      await assert.rejects(
        openSession(t.db, { challenge: step.challenge }, policy, request),
        isError("UNAUTHENTICATED"),
      );
      enrolled = { secret: step.secret, code, recoveryCodes: recoveryCodes ?? [] };
    });

    it("asks enrolled users for a code, and never accepts the same code twice", async () => {
      const step = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, request);
      assert.equal(step.next, "totp");
      await assert.rejects(
        verifySecondFactor(t.db, { challenge: step.challenge, code: enrolled.code }, policy, request),
        isError("UNAUTHENTICATED"),
      );
      await assert.rejects(
        openSession(t.db, { challenge: step.challenge }, policy, request),
        isError("UNAUTHENTICATED"),
      );
    });

    it("accepts each recovery code once", async () => {
      const code = enrolled.recoveryCodes[0]!;
      const first = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, request);
      await verifySecondFactor(
        t.db,
        { challenge: first.challenge, code: code.toUpperCase() },
        policy,
        request,
      );
      await openSession(t.db, { challenge: first.challenge }, policy, request);
      const second = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, request);
      await assert.rejects(
        verifySecondFactor(t.db, { challenge: second.challenge, code }, policy, request),
        isError("UNAUTHENTICATED"),
      );
      await t.db
        .update(practitioners)
        .set({ failedSignIns: 0 })
        .where(eq(practitioners.loginId, "hosp.doctor"));
    });

    it("answers unknown users, wrong passwords and locked accounts alike; repeated failures delay, not lock", async () => {
      await assert.rejects(
        startSignIn(t.db, { loginId: "nobody", password: PASSWORD }, policy, request),
        isError("UNAUTHENTICATED", SIGN_IN_FAILED),
      );
      for (let i = 0; i < policy.maxFailedAttempts; i++) {
        await assert.rejects(
          startSignIn(t.db, { loginId: "clinic.gp", password: "wrong-password-1" }, policy, request),
          isError("UNAUTHENTICATED", SIGN_IN_FAILED),
        );
      }
      const [gp] = await t.db.select().from(practitioners).where(eq(practitioners.loginId, "clinic.gp"));
      assert.equal(gp!.lockedUntil, null, "wrong passwords never lock the account");
      // the account itself is not locked: the same user from another address gets in
      await startSignIn(t.db, { loginId: "clinic.gp", password: PASSWORD }, policy, {
        ...request,
        ip: "192.0.2.99",
      });
      // a lock (set after wrong second-factor codes) is answered like a wrong password
      await t.db
        .update(practitioners)
        .set({ lockedUntil: new Date(Date.now() + 600_000) })
        .where(eq(practitioners.id, gp!.id));
      await assert.rejects(
        startSignIn(t.db, { loginId: "clinic.gp", password: PASSWORD }, policy, {
          ...request,
          ip: "192.0.2.99",
        }),
        isError("UNAUTHENTICATED", SIGN_IN_FAILED),
      );
      await t.db.update(practitioners).set({ lockedUntil: null }).where(eq(practitioners.id, gp!.id));
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, gp!.id), eq(auditEvents.outcome, "denied")));
      assert.equal(Number(denied!.n), 1, "the attempt while locked is audited as denied");
      const [unknown] = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.outcome, "failure")))
        .limit(1);
      assert.ok(
        !JSON.stringify(unknown!.details).includes("nobody"),
        "an unknown login ID is not written in clear",
      );
    });

    it("names the field for empty input", async () => {
      await assert.rejects(
        startSignIn(t.db, { loginId: "", password: "" }, policy, request),
        (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, "VALIDATION");
          assert.deepEqual(e.fields.map((f) => f.field).sort(), ["loginId", "password"]);
          return true;
        },
      );
    });

    it("ends sessions at the idle and absolute limits, and everywhere on request", async () => {
      const signIn = async () => {
        const step = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, request);
        await t.db
          .update(practitioners)
          .set({ totpLastTimeStep: null })
          .where(eq(practitioners.loginId, "hosp.doctor"));
        await verifySecondFactor(
          t.db,
          { challenge: step.challenge, code: await generate({ secret: enrolled.secret }) },
          policy,
          request,
        );
        return (await openSession(t.db, { challenge: step.challenge }, policy, request)).sessionId;
      };
      const idle = await signIn();
      await t.db
        .update(authSessions)
        .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
        .where(eq(authSessions.id, idle));
      assert.equal(await resolveSession(t.db, idle, policy), null);
      const old = await signIn();
      await t.db
        .update(authSessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(authSessions.id, old));
      assert.equal(await resolveSession(t.db, old, policy), null);

      const a = await signIn();
      const b = await signIn();
      const me = (await resolveSession(t.db, a, policy))!;
      assert.ok(await resolveSession(t.db, b, policy));
      const ended = await signOutEverywhere(t.db, me);
      assert.ok(ended >= 2);
      assert.equal(await resolveSession(t.db, a, policy), null);
      assert.equal(await resolveSession(t.db, b, policy), null);
      assert.equal(await resolveSession(t.db, "not-a-session-id", policy), null);
    });

    it("skips the second factor only where a deployment turned it off", async () => {
      const relaxed = { ...policy, requireTotp: false };
      const step = await startSignIn(
        t.db,
        { loginId: "pharm.pharmacist", password: PASSWORD },
        relaxed,
        request,
      );
      assert.equal(step.next, "session");
      const session = await openSession(t.db, { challenge: step.challenge }, relaxed, request);
      assert.ok(await resolveSession(t.db, session.sessionId, relaxed));
      const strict = await startSignIn(
        t.db,
        { loginId: "pharm.pharmacist", password: PASSWORD },
        policy,
        request,
      );
      assert.equal(strict.next, "enrol");
      await assert.rejects(
        openSession(t.db, { challenge: strict.challenge }, policy, request),
        isError("UNAUTHENTICATED"),
      );
    });

    it("audits every step in an unbroken chain", async () => {
      const verdict = await verifyAuditChain(t.db);
      assert.equal(verdict.ok, true);
    });
  });
}
