import assert from "node:assert/strict";
import { randomBytes, scryptSync } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, practitioners } from "../../server/db/schema";
import { DomainError } from "../../server/errors";
import type { SignInPolicy } from "../../server/model/sign-in";
import { SIGN_IN_FAILED } from "../../server/model/sign-in";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import {
  BUSY,
  dummyPasswordHash,
  needsRehash,
  passwordHashCount,
  verifyPassword,
} from "../../server/auth/password";
import { SignInLimiter, setSignInLimiter, type SignInLimits } from "../../server/auth/sign-in-limiter";
import { rememberDevice, trustedDeviceFor } from "../../server/auth/device-cookie";
import { sha256 } from "../../server/auth/tokens";
import { searchDirectory } from "../../server/domain/practitioners/search-directory";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { PASSWORD, createNetwork, type Network } from "../helpers/fixtures";
import { textOf } from "../helpers/messages";

const policy: SignInPolicy = {
  requireTotp: true,
  maxFailedAttempts: 5,
  lockoutMinutes: 15,
  absoluteTimeoutHours: 12,
  idleTimeoutMinutes: 30,
};
const stranger = { ip: "198.51.100.7", userAgent: "storm" };
const owner = { ip: "192.0.2.20", userAgent: "owner" };

const limits = (over: Partial<SignInLimits> = {}): SignInLimits => ({
  perAddressPerMinute: 1000,
  freeFailures: 5,
  longestDelayMinutes: 15,
  ...over,
});

const code = (e: unknown) => (e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`);

/** A hash in the stored format with weaker parameters than today's (what older accounts carry). */
function weakHash(password: string) {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return ["scrypt", 2 ** 14, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("sign-in under abuse: limits before hashing, delay not lockout (postgres)", () => {
  let t: TestDatabase;
  let net: Network;
  before(async () => {
    t = await createTestDatabase("postgres");
    net = await createNetwork(t.db);
    // the fixture names people after their login IDs; real names do not contain them
    await t.db.update(practitioners).set({ givenName: "太郎" });
    // the unknown-user hash is made once per process; made here, it is not counted below
    await dummyPasswordHash();
  });
  after(async () => {
    setSignInLimiter(undefined);
    await t.close();
  });
  beforeEach(() => setSignInLimiter(new SignInLimiter(limits())));

  it("refuses a storm of unknown login IDs from one address past its budget, without hashing", async () => {
    setSignInLimiter(new SignInLimiter(limits({ perAddressPerMinute: 10 })));
    const before = passwordHashCount.started;
    const outcomes: string[] = [];
    // 40 attempts, 8 at a time, each for a different unknown ID
    for (let wave = 0; wave < 5; wave++) {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          startSignIn(t.db, { loginId: `nobody.${wave}.${i}`, password: "guess-123" }, policy, stranger),
        ),
      );
      for (const r of results) outcomes.push(r.status === "rejected" ? code(r.reason) : "ADMITTED");
    }
    const limited = outcomes.filter((c) => c === "RATE_LIMITED").length;
    const failed = outcomes.filter((c) => c === "UNAUTHENTICATED").length;
    // the budget is 10 a minute: 10 get through (20 if a very slow machine crossed into a second minute)
    assert.ok(failed >= 10 && failed <= 20, `admitted to a password check: ${failed}`);
    assert.equal(limited + failed, 40, "every other attempt refused by the limiter");
    assert.equal(
      passwordHashCount.started - before,
      failed,
      "one scrypt per admitted attempt, none for refusals",
    );

    // the real user, elsewhere, is not affected
    const step = await startSignIn(t.db, { loginId: "clinic.gp", password: PASSWORD }, policy, owner);
    assert.ok(step.challenge);
  });

  it("a storm of wrong passwords for one real ID is delayed, never hashed while delayed, and the owner still gets in", async () => {
    const before = passwordHashCount.started;
    let hashedWhileRefused = 0;
    let refusals = 0;
    let retryAfter = 0;
    for (let i = 0; i < 30; i++) {
      const n = passwordHashCount.started;
      const e = await startSignIn(
        t.db,
        { loginId: "hosp.doctor", password: `wrong-${i}` },
        policy,
        stranger,
      ).then(
        () => assert.fail("a wrong password was accepted"),
        (err: unknown) => err,
      );
      if (code(e) === "RATE_LIMITED") {
        refusals++;
        hashedWhileRefused += passwordHashCount.started - n;
        assert.match(textOf(e as DomainError), /^サインインの試行が多すぎます。\d+秒後/);
        retryAfter = Number(/(\d+) s$/.exec(textOf(e as DomainError, "en"))?.[1]);
      } else {
        assert.equal(code(e), "UNAUTHENTICATED");
        assert.equal((e as DomainError).message, SIGN_IN_FAILED);
      }
    }
    assert.ok(refusals > 0, "the stranger was delayed");
    assert.equal(hashedWhileRefused, 0, "a delayed attempt costs no scrypt");
    assert.ok(retryAfter >= 1, "the refusal says when to try again");
    assert.ok(passwordHashCount.started - before < 30, "fewer hashes than attempts");

    // the account is not locked: the owner from their own address signs in at once
    const [doctor] = await t.db.select().from(practitioners).where(eq(practitioners.loginId, "hosp.doctor"));
    assert.equal(doctor!.lockedUntil, null);
    const step = await startSignIn(t.db, { loginId: "hosp.doctor", password: PASSWORD }, policy, owner);
    assert.ok(step.challenge);

    // the refusals reached the audit log, once per address and minute, not once each
    const limited = await t.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.outcome, "denied")));
    const doctorKey = sha256("hosp.doctor").slice(0, 16);
    const rateLimited = limited.filter((r) => {
      const d = r.details;
      return d.reason === "rate_limited" && d.loginIdSha256 === doctorKey;
    });
    assert.equal(rateLimited.length, 1);
  });

  it("a stranger on the user's own address cannot keep the user out of their usual browser", async () => {
    // the user signed in from this browser before: it holds a trusted-device note
    const cookie = rememberDevice(undefined, "clinic.gp");
    assert.equal(trustedDeviceFor(cookie, "hosp.doctor"), null, "the note is for one login ID only");
    assert.equal(
      trustedDeviceFor(
        cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
        "clinic.gp",
      ),
      null,
    );
    const device = trustedDeviceFor(cookie, "clinic.gp");
    assert.ok(device);

    // a stranger behind the same hospital NAT exhausts the delay for that address
    let strangerRefused = false;
    for (let i = 0; i < 12 && !strangerRefused; i++) {
      const e = await startSignIn(t.db, { loginId: "clinic.gp", password: `nope-${i}` }, policy, owner).catch(
        (err: unknown) => err,
      );
      strangerRefused = code(e) === "RATE_LIMITED";
    }
    assert.ok(strangerRefused, "the address is delayed for clinic.gp");
    // same address, but the user's trusted browser: admitted and signed in
    const step = await startSignIn(t.db, { loginId: "clinic.gp", password: PASSWORD }, policy, {
      ...owner,
      trustedDevice: device,
    });
    assert.ok(step.challenge);
  });

  it("replaces a hash with weaker parameters at the next successful sign-in", async () => {
    const weak = weakHash(PASSWORD);
    assert.ok(needsRehash(weak));
    await t.db
      .update(practitioners)
      .set({ passwordHash: weak })
      .where(eq(practitioners.loginId, "pharm.pharmacist"));
    await startSignIn(t.db, { loginId: "pharm.pharmacist", password: PASSWORD }, policy, owner);
    const [row] = await t.db
      .select()
      .from(practitioners)
      .where(eq(practitioners.loginId, "pharm.pharmacist"));
    assert.notEqual(row!.passwordHash, weak);
    assert.match(row!.passwordHash, /^scrypt\$131072\$8\$1\$/);
    assert.equal(needsRehash(row!.passwordHash), false);
    assert.equal(await verifyPassword(PASSWORD, row!.passwordHash), true);
    // and the new hash signs in
    const step = await startSignIn(t.db, { loginId: "pharm.pharmacist", password: PASSWORD }, policy, owner);
    assert.ok(step.challenge);
    // a wrong password does not rehash
    await t.db
      .update(practitioners)
      .set({ passwordHash: weak })
      .where(eq(practitioners.loginId, "pharm.pharmacist"));
    await startSignIn(t.db, { loginId: "pharm.pharmacist", password: "wrong" }, policy, owner).catch(
      () => undefined,
    );
    const [still] = await t.db
      .select()
      .from(practitioners)
      .where(eq(practitioners.loginId, "pharm.pharmacist"));
    assert.equal(still!.passwordHash, weak);
  });

  it("bounds concurrent hashes: past the queue an attempt is refused as busy, not queued", async () => {
    const weak = weakHash("x");
    const before = passwordHashCount.started;
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => verifyPassword("x", weak)));
    const busy = results.filter((r) => r.status === "rejected");
    // 2 running + 32 waiting are served; the other 6 are refused at once
    assert.equal(busy.length, 6);
    for (const r of busy) {
      assert.equal(code(r.reason), "RATE_LIMITED");
      assert.equal((r.reason as DomainError).message, BUSY);
    }
    assert.equal(passwordHashCount.started - before, 34);
  });

  it("the directory shows login IDs only to their administrators", async () => {
    const gp = net.actors["clinic.gp"]!;
    const byFacility = await searchDirectory(t.db, gp, { q: "テスト総合病院" });
    assert.ok(byFacility.length >= 3, "the GP finds the hospital's staff by facility name");
    assert.ok(
      byFacility.every((p) => p.loginId === null),
      "no login ID of another facility's staff",
    );
    // a part of a login ID finds nothing for a GP (no listing by pattern)
    assert.deepEqual(await searchDirectory(t.db, gp, { q: "hosp." }), []);
    // the whole login ID finds the colleague, and shows only what was typed
    const exact = await searchDirectory(t.db, gp, { q: "hosp.doctor" });
    assert.deepEqual(
      exact.map((p) => p.loginId),
      ["hosp.doctor"],
    );
    // the hospital's administrator sees and finds its own staff's IDs, not others'
    const admin = net.actors["hosp.admin"]!;
    const own = await searchDirectory(t.db, admin, { q: "hosp." });
    assert.ok(own.length >= 3 && own.every((p) => p.loginId?.startsWith("hosp.")));
    const others = await searchDirectory(t.db, admin, { q: "テスト内科クリニック" });
    assert.ok(others.length >= 1 && others.every((p) => p.loginId === null));
  });
});
