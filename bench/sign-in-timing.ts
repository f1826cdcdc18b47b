// Sign-in timing: an unknown login ID, a wrong password, a locked account and a
// right password should cost about the same, so response time tells an attacker
// nothing. Prints medians, p95 and ratios; asserts nothing.
// Run: npx tsx bench/sign-in-timing.ts
import { eq } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../server/db/client";
import { practitioners } from "../server/db/schema";
import { startSignIn } from "../server/domain/auth/start-sign-in";
import { SignInLimiter, setSignInLimiter } from "../server/auth/sign-in-limiter";
import { PASSWORD, createNetwork } from "../tests/helpers/fixtures";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const policy = {
  requireTotp: true,
  maxFailedAttempts: 1_000_000,
  lockoutMinutes: 15,
  absoluteTimeoutHours: 12,
  idleTimeoutMinutes: 30,
};
const request = { ip: "127.0.0.1", userAgent: "bench" };
// timing of the password check itself: the limiter (bench/sign-in-storm.ts) must not refuse these
setSignInLimiter(
  new SignInLimiter({ perAddressPerMinute: 1_000_000, freeFailures: 1_000_000, longestDelayMinutes: 1 }),
);

const database = await openDatabase({ dataDir: "memory://" });
await migrateDatabase(database);
await createNetwork(database.db);
await database.db
  .update(practitioners)
  .set({ lockedUntil: new Date(Date.now() + 3600_000) })
  .where(eq(practitioners.loginId, "hosp.clerk"));

const cases: Array<[string, { loginId: string; password: string }]> = [
  ["unknown login ID", { loginId: "nobody.here", password: PASSWORD }],
  ["wrong password", { loginId: "clinic.gp", password: "Wrong-password-1" }],
  ["locked account", { loginId: "hosp.clerk", password: PASSWORD }],
  ["right password", { loginId: "outsider.gp", password: PASSWORD }],
];
const medians = new Map<string, number>();
console.log(`sign-in first factor (scrypt N=2^17), ${RUNS} runs per case, PGlite`);
console.log("case               p50 ms   p95 ms");
for (const [name, input] of cases) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const s = process.hrtime.bigint();
    await startSignIn(database.db, input, policy, request).catch(() => undefined);
    if (i >= 3) times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  medians.set(name, p50);
  console.log(
    `${name.padEnd(18)} ${p50.toFixed(1).padStart(7)} ${times[Math.floor(times.length * 0.95)]!.toFixed(1).padStart(8)}`,
  );
}
const base = medians.get("wrong password")!;
console.log(
  "ratios to wrong password:",
  [...medians].map(([k, v]) => `${k} ${(v / base).toFixed(2)}`).join(", "),
);
await database.close();
