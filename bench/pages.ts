// Server time of the pages users wait on most, on the real app (production build, real
// PostgreSQL, the seeded network plus BENCH_REFERRALS bulk referrals): the hospital inbox
// (/referrals) and a patient's page, as dr.sato (a session cookie, both factors done).
// Each sample is one GET of the whole HTML, first byte to last (what the server spends:
// loopback adds ~0.1 ms). Beside them, measured in the same run and interleaved (A, B, C, …)
// so noise hits all: the floors of the same server:
//   - a static file (public/robots.txt): the front door and the connection, no Next.js page;
//   - the sign-in page signed out: Next.js rendering a dynamic page of ours with no query.
// Prints p50/p95/p99 per page with the number of runs, and each page's ratio to both floors.
// Asserts nothing. Needs `npx next build` first.
// Run: npx tsx bench/pages.ts   (BENCH_REFERRALS=100000, BENCH_RUNS=200)
import os from "node:os";
import { appAuthSecret, demoSessionCookie } from "../tests/helpers/app-session";
import { demoPatientIds, startApp } from "../tests/helpers/app";
import { insertBulkReferrals, quantile } from "./helpers";

const TOTAL = Number(process.env.BENCH_REFERRALS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 20;

const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
  presentIllness: "11月19日起床時より右上下肢の脱力と構音障害。".repeat(10),
};

const secret = appAuthSecret();
const app = await startApp({ AUTH_SECRET: secret, SESSION_REQUEST_BURST: "100000" });
try {
  const b0 = Date.now();
  await insertBulkReferrals(app.database.db, TOTAL, letter);
  console.log(`inserted ${TOTAL} referrals in ${Date.now() - b0} ms`);
  const cookie = await demoSessionCookie(app, secret, "dr.sato");
  const { consented } = await demoPatientIds(app);

  /** One GET, its body read to the end: ms, status and size. */
  const get = async (path: string, withCookie: boolean) => {
    const t = process.hrtime.bigint();
    const r = await fetch(`${app.url}${path}`, {
      headers: withCookie ? { cookie } : {},
      redirect: "manual",
    });
    const body = await r.arrayBuffer();
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status, bytes: body.byteLength };
  };

  const cases = [
    { name: "static file (floor)", path: "/robots.txt", cookie: false },
    { name: "sign-in page, signed out (floor)", path: "/signin", cookie: false },
    { name: "hospital inbox /referrals", path: "/referrals", cookie: true },
    { name: "patient page", path: `/patients/${consented}`, cookie: true },
    { name: "home (the day's work)", path: "/", cookie: true },
  ];
  const times = cases.map(() => [] as number[]);
  const sizes = cases.map(() => 0);
  for (const c of cases) {
    const first = await get(c.path, c.cookie);
    if (first.status !== 200) throw new Error(`${c.path} answered ${first.status}`);
    for (let i = 0; i < WARM_UP; i++) await get(c.path, c.cookie);
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [k, c] of cases.entries()) {
      const r = await get(c.path, c.cookie);
      if (r.status !== 200) throw new Error(`${c.path} answered ${r.status} in run ${i}`);
      times[k]!.push(r.ms);
      sizes[k] = r.bytes;
    }
  }
  times.forEach((t) => t.sort((a, b) => a - b));
  const p50 = (k: number) => quantile(times[k]!, 0.5);
  console.log(
    `\n${RUNS} runs each, interleaved; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} on ${os.cpus().length} cores`,
  );
  console.log(
    `  ${"page".padEnd(34)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"KB".padStart(6)}  ratio p50 to static / to sign-in`,
  );
  for (const [k, c] of cases.entries()) {
    const t = times[k]!;
    console.log(
      `  ${c.name.padEnd(34)} ${p50(k).toFixed(1).padStart(7)} ${quantile(t, 0.95).toFixed(1).padStart(7)} ${quantile(t, 0.99).toFixed(1).padStart(7)} ${(sizes[k]! / 1024).toFixed(0).padStart(6)}  ×${(p50(k) / p50(0)).toFixed(1)} / ×${(p50(k) / p50(1)).toFixed(2)}`,
    );
  }
} finally {
  await app.stop();
}
