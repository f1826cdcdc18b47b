// A one-socket flood against the real app (production build, Postgres, SFU), on loopback:
//  1. other users' HTTP reads (the bell's GET /api/notifications/unread) while one signed-in
//     socket floods every event kind, against the same reads when quiet, interleaved
//     (quiet, flood, quiet, flood...): p50/p95 each and the ratio;
//  2. the signalling ack round trip (hand:raise by a host alone in its room) against a bare
//     socket.io 4.8 server answering an ack, interleaved: p50/p95 and acks per server
//     core-second (server CPU from /proc), with the ratio (issue 16's table row).
// Prints figures; asserts nothing. Needs `npx next build` first. Run: npx tsx bench/flood.ts
// BENCH_ROUNDS (3), BENCH_FLOOD_ROUNDS (150 × every event kind), BENCH_CLIENTS (20), BENCH_ACKS (150 per client);
// BENCH_ONLY=acks measures part 2 alone; BENCH_PROFILE=<folder> writes a CPU profile of each server
// (ours, bare) over the ack rounds there (bench/cpu-profile.mjs; read with bench/cpu-profile-top.mjs).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { createConference } from "../server/domain/conferences/create-conference";
import { decideAdmission } from "../server/domain/conferences/decide-admission";
import { joinConference } from "../server/domain/conferences/join-conference";
import { practitioners } from "../server/db/schema";
import { demoActor } from "../tests/helpers/app";
import { flood, floodPayloads, startAppWithSessions, unreadCount } from "../tests/helpers/flood";
import type { Reply } from "../tests/helpers/signalling";
import { quantile } from "./helpers";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FLOOD_ROUNDS = Number(process.env.BENCH_FLOOD_ROUNDS ?? 150);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const ACKS = Number(process.env.BENCH_ACKS ?? 150);
// hand:raise costs 2 of a socket's 100 points a second: paced under it, as a person would be
const PACE_MS = 25;
const OTHER_USERS = 10;
const ACKS_ONLY = process.env.BENCH_ONLY === "acks";

const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${quantile(s, 0.5).toFixed(2)} ms, p95 ${quantile(s, 0.95).toFixed(2)} ms (n=${s.length})`;
};
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// the flooder runs in a process of its own, so that its answers do not slow the measuring client
if (process.argv[2] === "--flooder") {
  const [url, cookie, conferenceId, practitionerId] = process.argv.slice(3) as [
    string,
    string,
    string,
    string,
  ];
  const s = await new Promise<Socket>((resolve, reject) => {
    const c = connect(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    c.once("connect", () => resolve(c));
    c.once("connect_error", reject);
  });
  process.stdout.write("ready\n");
  process.stdin.once("data", () => {
    void flood(s, floodPayloads(conferenceId, practitionerId), FLOOD_ROUNDS).then((codes) => {
      process.stdout.write(`${JSON.stringify(Object.fromEntries(codes))}\n`);
      s.close();
      process.exit(0);
    });
  });
} else {
  await main();
}

async function main() {
  const PROFILE = process.env.BENCH_PROFILE;
  const profiled: Record<string, string> = PROFILE
    ? {
        NODE_OPTIONS: `--import ${pathToFileURL(path.resolve("bench/cpu-profile.mjs")).href}`,
        CPU_PROFILE_DIR: path.resolve(PROFILE),
      }
    : {};
  const env = await startAppWithSessions(profiled);
  const bare = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import http from "node:http"; import { Server } from "socket.io";
     const server = http.createServer(); const io = new Server(server, { serveClient: false });
     io.on("connection", (s) => s.on("hand:raise", (_p, ack) => ack({ ok: true, data: null })));
     server.listen(0, "127.0.0.1", () => console.log(server.address().port));`,
    ],
    { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...profiled } },
  );
  try {
    const barePort = await new Promise<number>((resolve) =>
      bare.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    const db = env.app.database.db;
    const hostActor = await demoActor(env.app, "dr.sato");
    const others = (
      await db
        .select({ id: practitioners.id })
        .from(practitioners)
        .limit(CLIENTS + OTHER_USERS + 2)
    )
      .map((p) => p.id)
      .filter((id) => id !== hostActor.practitionerId);
    const guests = others.slice(0, CLIENTS);
    const readers = others.slice(CLIENTS, CLIENTS + OTHER_USERS);
    const ask = (s: Socket, event: string, payload: unknown) =>
      s.timeout(60_000).emitWithAck(event, payload) as Promise<Reply>;
    // the flooder: admitted to the host's conference
    const flooderId = others[CLIENTS + OTHER_USERS]!;
    const { conferenceId } = await createConference(db, hostActor, {
      title: "flood",
      kind: "consultation",
      invitees: [{ practitionerId: flooderId }],
      agenda: [],
    });
    const host = await env.socketFor(await env.cookieFor(hostActor.practitionerId));
    await ask(host, "conference:join", { conferenceId });
    const flooderCookie = await env.cookieFor(flooderId);
    {
      const s = await env.socketFor(flooderCookie);
      await ask(s, "conference:join", { conferenceId });
      await ask(host, "lobby:decide", { conferenceId, practitionerId: flooderId, decision: "admit" });
      s.close();
    }
    // the ack round trip: each socket a participant admitted to a conference of its own, alone in its room
    const guestSockets: { socket: Socket; conferenceId: string }[] = [];
    for (const id of guests) {
      const own = await createConference(db, hostActor, {
        title: "bench",
        kind: "consultation",
        invitees: [{ practitionerId: id }],
        agenda: [],
      });
      await joinConference(db, hostActor, { conferenceId: own.conferenceId });
      await decideAdmission(db, hostActor, {
        conferenceId: own.conferenceId,
        practitionerId: id,
        decision: "admit",
      });
      const s = await env.socketFor(await env.cookieFor(id));
      const joined = await ask(s, "conference:join", { conferenceId: own.conferenceId });
      if (joined.data?.admission !== "admitted") throw new Error(JSON.stringify(joined));
      guestSockets.push({ socket: s, conferenceId: own.conferenceId });
    }
    const readerCookies = await Promise.all(readers.map((id) => env.cookieFor(id)));
    const bareSockets = await Promise.all(
      guests.map(
        () =>
          new Promise<Socket>((resolve, reject) => {
            const s = connect(`http://127.0.0.1:${barePort}`, {
              transports: ["websocket"],
              reconnection: false,
            });
            s.once("connect", () => resolve(s));
            s.once("connect_error", reject);
          }),
      ),
    );

    // 1. other users' reads, quiet and during a flood
    const reads = async (until: () => boolean) => {
      const times: number[] = [];
      let errors = 0;
      await Promise.all(
        readerCookies.map(async (cookie) => {
          do {
            const r = await unreadCount(env.app, cookie);
            if (r.status === 200) times.push(r.ms);
            else errors++;
          } while (!until());
        }),
      );
      return { times, errors };
    };
    const quiet: number[] = [];
    const during: number[] = [];
    let floodErrors = 0;
    let floodCpu = 0;
    const floodCodes = new Map<string, number>();
    for (let i = 0; i < (ACKS_ONLY ? 0 : ROUNDS); i++) {
      const quietUntil = performance.now() + 3000;
      quiet.push(...(await reads(() => performance.now() > quietUntil)).times);
      const flooder = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "bench/flood.ts",
          "--flooder",
          env.app.url,
          flooderCookie,
          conferenceId,
          hostActor.practitionerId,
        ],
        { cwd: process.cwd(), stdio: ["pipe", "pipe", "inherit"], env: process.env },
      );
      const lines = (async function* () {
        let buffer = "";
        for await (const chunk of flooder.stdout) {
          buffer += String(chunk);
          let nl;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            yield buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
          }
        }
      })();
      await lines.next(); // ready
      let done = false;
      const cpu0 = cpuSeconds(env.app.pid);
      flooder.stdin.write("go\n");
      const flooding = lines.next().then((line) => {
        done = true;
        return new Map(Object.entries(JSON.parse(line.value as string) as Record<string, number>));
      });
      const r = await reads(() => done);
      during.push(...r.times);
      floodErrors += r.errors;
      for (const [code, n] of await flooding) floodCodes.set(code, (floodCodes.get(code) ?? 0) + n);
      floodCpu += cpuSeconds(env.app.pid) - cpu0;
      await sleep(7000); // the flooder's budget refills before the next quiet phase
    }
    if (!ACKS_ONLY) {
      const p95 = (xs: number[]) =>
        quantile(
          [...xs].sort((a, b) => a - b),
          0.95,
        );
      console.log(
        `HTTP GET /api/notifications/unread by ${OTHER_USERS} other users (${ROUNDS} rounds, interleaved):`,
      );
      console.log(`  quiet:                        ${fmt(quiet)}`);
      console.log(`  during a one-socket flood:    ${fmt(during)}, errors ${floodErrors}`);
      console.log(`  p95 ratio flood/quiet: ${(p95(during) / p95(quiet)).toFixed(2)}`);
      console.log(
        `  the flood: ${FLOOD_ROUNDS} × ${floodPayloads(conferenceId, "").length} event kinds per round; answers ${JSON.stringify(Object.fromEntries(floodCodes))}; app server CPU ${floodCpu.toFixed(2)} s over the floods`,
      );
    }

    // 2. ack round trip: ours (hand:raise) against a bare socket.io server
    const ackRound = async (sockets: { socket: Socket; conferenceId: string }[], pid: number) => {
      const times: number[] = [];
      let refused = 0;
      const cpu0 = cpuSeconds(pid);
      await Promise.all(
        sockets.map(async ({ socket, conferenceId: own }) => {
          for (let i = 0; i < ACKS; i++) {
            const started = performance.now();
            const reply = await ask(socket, "hand:raise", { conferenceId: own, raised: i % 2 === 0 });
            const ms = performance.now() - started;
            if (reply.ok) times.push(ms);
            else refused++;
            await sleep(Math.max(0, PACE_MS - ms));
          }
        }),
      );
      return { times, refused, cpu: cpuSeconds(pid) - cpu0 };
    };
    const ours = { times: [] as number[], refused: 0, cpu: 0 };
    const raw = { times: [] as number[], refused: 0, cpu: 0 };
    // a profile's first signal starts it, the second writes it
    const toggleProfiles = async () => {
      if (!PROFILE) return;
      for (const pid of [env.app.pid, bare.pid!]) process.kill(pid, "SIGUSR2");
      await sleep(1000);
    };
    await toggleProfiles();
    for (let i = 0; i < ROUNDS; i++) {
      for (const [into, sockets, pid] of [
        [ours, guestSockets, env.app.pid],
        [raw, bareSockets.map((socket) => ({ socket, conferenceId })), bare.pid!],
      ] as const) {
        const r = await ackRound(sockets, pid);
        into.times.push(...r.times);
        into.refused += r.refused;
        into.cpu += r.cpu;
      }
    }
    await toggleProfiles();
    const perCoreSecond = (x: typeof ours) => x.times.length / Math.max(x.cpu, 0.01);
    console.log(
      `signalling ack round trip, ${CLIENTS} sockets × ${ACKS} acks each paced at ${PACE_MS} ms, ${ROUNDS} rounds interleaved:`,
    );
    console.log(
      `  ours (hand:raise, each socket alone in its room): ${fmt(ours.times)}, refused ${ours.refused}, ${perCoreSecond(ours).toFixed(0)} acks per server core-second`,
    );
    console.log(
      `  bare socket.io 4.8 ack:                              ${fmt(raw.times)}, ${perCoreSecond(raw).toFixed(0)} acks per server core-second`,
    );
    console.log(
      `  ratio (acks per core-second, ours/bare): ${((100 * perCoreSecond(ours)) / perCoreSecond(raw)).toFixed(1)}%`,
    );
    for (const s of bareSockets) s.close();
    host.close();
  } finally {
    bare.kill();
    await env.stop();
  }
}
