// Signed-in reads for other users during a sign-in storm, against the same reads
// when quiet: quiet and storm phases interleaved, p50/p95 of each and the ratio.
// Runs the real app (production build: `npx next build` first) on the real
// PostgreSQL on loopback, twice: with the default limits (the storm comes from
// one address, as from one attacker) and with the per-address limit lifted (a
// storm from many addresses: only the bounded hashing queue protects the others).
// Prints figures; asserts nothing. Bounded: PHASES × PHASE_MS per configuration.
// Run: npx tsx bench/sign-in-storm.ts   (BENCH_PHASE_MS, BENCH_PHASES, BENCH_ATTACKERS, BENCH_READERS)
import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { authSessions, practitioners } from "../server/db/schema";
import { startApp } from "../tests/helpers/app";
import { callServerAction, actionResultOf, serverActionId } from "../tests/helpers/server-actions";
import { quantile } from "./helpers";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 6000);
const PHASES = Number(process.env.BENCH_PHASES ?? 3);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 40);
const READERS = Number(process.env.BENCH_READERS ?? 8);
const SETTLE_MS = 1000;
const READERS_LOGINS = [
  "gp.yamada",
  "dr.sato",
  "liaison.suzuki",
  "ns.takahashi",
  "clerk.kato",
  "ph.ito",
  "vn.tanaka",
  "cm.watanabe",
];

async function run(label: string, extraEnv: Record<string, string>) {
  const secret = randomBytes(32).toString("base64url");
  const app = await startApp({ AUTH_SECRET: secret, ...extraEnv });
  try {
    const action = serverActionId("app/signin/actions.ts", "passwordStepAction");
    const people = await app.database.db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(inArray(practitioners.loginId, READERS_LOGINS.slice(0, READERS)));
    const cookies: string[] = [];
    for (const p of people) {
      const [s] = await app.database.db
        .insert(authSessions)
        .values({ practitionerId: p.id, expiresAt: new Date(Date.now() + 3600_000), userAgent: "bench" })
        .returning({ id: authSessions.id });
      cookies.push(`okinet.session=${await encode({ token: { sid: s!.id }, secret })}`);
    }
    // the read the issue measured (8 ms when quiet on an idle machine)
    const paths = ["/api/notifications/unread"];
    const samples = { quiet: [] as number[], storm: [] as number[] };
    const readErrors = { quiet: 0, storm: 0 };
    const answers = new Map<string, number>();
    let phase: "quiet" | "storm" = "quiet";
    // requests started in a phase's first second are not counted: the previous phase's work drains
    let phaseStarted = performance.now();
    let stop = false;

    const reader = async (cookie: string, i: number) => {
      let n = i;
      while (!stop) {
        const at = phase;
        const started = performance.now();
        const r = await fetch(`${app.url}${paths[n++ % paths.length]}`, {
          headers: { Cookie: cookie },
        }).catch(() => null);
        await r?.arrayBuffer().catch(() => undefined);
        const ms = performance.now() - started;
        // a request that spans a phase change counts for neither
        if (at === phase && started - phaseStarted >= SETTLE_MS) {
          if (r?.status === 200) samples[at].push(ms);
          else readErrors[at]++;
        }
      }
    };
    const attacker = async (i: number) => {
      let n = 0;
      while (!stop) {
        if (phase !== "storm") {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        const r = await callServerAction({
          url: app.url,
          page: "/signin",
          actionId: action,
          args: [{ loginId: `nobody.${i}.${n++}`, password: "guess-password" }],
        }).catch(() => null);
        const code = r ? (actionResultOf(await r.text())?.error?.code ?? `HTTP ${r.status}`) : "network";
        answers.set(code, (answers.get(code) ?? 0) + 1);
      }
    };
    const workers = [...cookies.map(reader), ...Array.from({ length: ATTACKERS }, (_, i) => attacker(i))];
    for (let round = 0; round < PHASES; round++) {
      for (const p of ["quiet", "storm"] as const) {
        phase = p;
        phaseStarted = performance.now();
        await new Promise((r) => setTimeout(r, PHASE_MS));
      }
    }
    stop = true;
    await Promise.all(workers);

    const line = (name: "quiet" | "storm") => {
      const s = samples[name].sort((a, b) => a - b);
      return `${name.padEnd(6)} ${String(s.length).padStart(6)} ${quantile(s, 0.5).toFixed(1).padStart(8)} ${quantile(s, 0.95).toFixed(1).padStart(8)} ${String(readErrors[name]).padStart(6)}`;
    };
    console.log(`\n${label}`);
    console.log(
      `phase   reads   p50 ms   p95 ms errors   (${READERS} signed-in readers; ${ATTACKERS} attackers in storm phases)`,
    );
    console.log(line("quiet"));
    console.log(line("storm"));
    const q = quantile(
      samples.quiet.sort((a, b) => a - b),
      0.95,
    );
    const s = quantile(
      samples.storm.sort((a, b) => a - b),
      0.95,
    );
    console.log(`p95 ratio storm/quiet: ${(s / q).toFixed(2)}`);
    console.log(`storm answers: ${[...answers].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  } finally {
    await app.stop();
  }
}

console.log(
  `sign-in storm vs quiet, ${PHASES} × (${PHASE_MS} ms quiet + ${PHASE_MS} ms storm), Postgres, loopback`,
);
if (process.env.BENCH_ONLY !== "unlimited") await run("default limits (storm from one address)", {});
if (process.env.BENCH_ONLY !== "default")
  await run("per-address limit lifted (a storm from many addresses; the hashing queue alone)", {
    AUTH_SIGNIN_PER_ADDRESS_PER_MINUTE: "10000",
  });
process.exit(0);
