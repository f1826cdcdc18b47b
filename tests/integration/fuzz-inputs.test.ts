import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { io as connect, type Socket } from "socket.io-client";
import { startApp, type RunningApp } from "../helpers/app";
import { appAuthSecret, demoSessionCookie } from "../helpers/app-session";
import { actionSurfaces, routeSurfaces, socketEventSurfaces } from "../helpers/surfaces";

/**
 * Property-based fuzzing of every server action, route handler and socket
 * event of the real app (production build, real PostgreSQL): whatever arrives,
 * the answer is a refusal (naming a field where the input was at fault) or a
 * 401/403/404, never INTERNAL or a 500, and a refused call leaves no row behind.
 *
 * Seeded and replayable: the seed is printed; FUZZ_SEED=<seed> replays a run,
 * FUZZ_RUNS=<n> runs more than the 50 per entry point that CI runs (each run a new seed, so
 * CI's runs add up; 200 took this file to 17 of CI's minutes, and with the care documents, key
 * images and disc uploads 120 took its server actions alone to 19 minutes here; 80 took the
 * file to 9 minutes of a 43-minute full run with the new care-document kinds).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() % 2 ** 31) | 0;
/** entry points fuzzed at once: the app is one process, this keeps its queue short on a 2-core runner */
const PARALLEL = 4;

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Actions left out of the per-call property, each for a reason: signing out
 * ends the very session the fuzzer uses (they read no input), and walking the
 * whole audit chain 200 times is a benchmark, not a fuzz (it reads no input
 * either; it is called once below).
 */
const NOT_FUZZED: Record<string, string> = {
  "app/ui/sign-out.ts#signOutAction": "ends the fuzzer's session; reads no input",
  "app/ui/sign-out.ts#signOutEverywhereAction": "ends the fuzzer's session; reads no input",
  "app/(app)/audit/actions.ts#verifyAuditChainAction": "reads no input; walks the whole chain",
};

/** Tables a use case writes; a refused call must leave each count as it was (audit and notifications may grow). */
const WRITTEN_TABLES = [
  "patients",
  "patient_local_ids",
  "consents",
  "consent_scope",
  "attachments",
  "break_glass_grants",
  "facilities",
  "departments",
  "practitioners",
  "referrals",
  "referral_events",
  "referral_replies",
  "advice_requests",
  "discharge_summaries",
  "conferences",
  "pathway_enrolments",
  "pathway_stages",
  "pathway_variances",
  "pathway_meetings",
  "pathway_meeting_occurrences",
  "consent_events",
  "referral_attachments",
  "discharge_summary_versions",
  "discharge_summary_acknowledgements",
  "conference_participants",
  "conference_chat_messages",
  "pathway_events",
  "pathway_meeting_decisions",
  "pathway_meeting_agenda_changes",
  "reading_requests",
  "reading_report_versions",
];

// ---- arbitraries --------------------------------------------------------------------------

const UUIDS = ["00000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"];
const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u001b[2J",
  "\u202e",
  "\ud800",
  "'; drop table patients; --",
  "../../etc/passwd",
  "%00",
  "2026-02-30",
  "2026-12-10T18:30",
  "NaN",
  "-1",
  "1e309",
  "x".repeat(5000),
  "__proto__",
  "constructor",
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...UUIDS),
  fc.uuid(),
  nasty,
);
/** Keys the app's inputs use, so that shaped objects reach past the first check. */
const KEYS = [
  "patientId",
  "referralId",
  "summaryId",
  "enrolmentId",
  "meetingId",
  "occurrenceId",
  "conferenceId",
  "practitionerId",
  "facilityId",
  "adviceRequestId",
  "replyId",
  "breakGlassId",
  "stageId",
  "version",
  "revision",
  "sequence",
  "title",
  "kind",
  "start",
  "end",
  "inviteeIds",
  "invitees",
  "facilityIds",
  "agenda",
  "note",
  "reason",
  "question",
  "answer",
  "content",
  "measures",
  "appointmentAt",
  "destinationFacilityId",
  "destinationDepartmentId",
  "destinationPractitionerId",
  "priority",
  "requestedBy",
  "referrerDepartment",
  "q",
  "body",
  "raised",
  "transportId",
  "producerId",
  "consumerId",
  "dtlsParameters",
  "rtpParameters",
  "rtpCapabilities",
  "decision",
  "change",
  "dueOn",
  "loginId",
  "password",
  "challenge",
  "code",
];
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 6 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 3 }),
  ),
}));
const args = fc.array(value, { maxLength: 3 });
/** The fields the app's forms send, with hostile and ordinary values. */
const FORM_FIELDS = [
  "name",
  "nameKana",
  "code",
  "kind",
  "role",
  "active",
  "facilityId",
  "loginId",
  "familyName",
  "givenName",
  "familyNameKana",
  "givenNameKana",
  "profession",
  "roles",
  "practitionerId",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "patientId",
  "consentId",
  "date",
  "facilityIds",
  "note",
  "reason",
  "birthDate",
  "sex",
  "postalCode",
  "address",
  "phone",
  "localId",
  "obtainedOn",
  "locale",
  "acceptsReferrals",
  "referralNotes",
  "bedCount",
  "recordSystemUrl",
];
const formFields = fc.array(
  fc.tuple(
    fc.constantFrom(...FORM_FIELDS),
    fc.oneof(nasty, fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...UUIDS)),
  ),
  { maxLength: 8 },
);

/**
 * The reply body of a server action call (React's encodeReply for plain
 * values): a string starting with "$" is escaped as the client would, so that
 * the fuzz reaches the action rather than testing React's decoder.
 */
function encodeReply(input: unknown): string {
  const escape = (v: unknown): unknown => {
    if (typeof v === "string") return v.startsWith("$") ? `$${v}` : v;
    if (Array.isArray(v)) return v.map(escape);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)]));
    return v;
  };
  return JSON.stringify(escape(input));
}

/** A path segment, percent-encoded; a lone surrogate (which cannot be) becomes invalid UTF-8 on the wire. */
function pathSegment(raw: string): string {
  try {
    return encodeURIComponent(raw);
  } catch {
    return "%ED%A0%80";
  }
}

// ---- the suite ---------------------------------------------------------------------------

describe("property-based fuzzing of every entry point, against the real app", () => {
  let app: RunningApp;
  let cookie: string;
  const authSecret = appAuthSecret();

  before(async () => {
    console.log(`fuzz seed ${SEED}, ${RUNS} runs per entry point (replay: FUZZ_SEED=${SEED})`);
    // one session sends every input: its request budget (tested in request-budget.test.ts) raised
    // so that the inputs reach the routes and actions instead of a 429
    app = await startApp({
      AUTH_SECRET: authSecret,
      SESSION_REQUEST_BURST: "100000",
      SESSION_REQUESTS_PER_SECOND: "10000",
    });
    // a facility administrator at a hospital: reaches the most use cases past their access check
    cookie = await demoSessionCookie(app, authSecret, "admin.hosp");
  });
  after(async () => {
    await app?.stop();
  });

  async function rowCounts(): Promise<string> {
    const rows = await app.database.db.execute(
      sql.raw(`select ${WRITTEN_TABLES.map((t) => `(select count(*) from ${t}) as "${t}"`).join(", ")}`),
    );
    const first = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as object;
    return JSON.stringify(first);
  }

  /** Runs fc.assert for each item, PARALLEL at a time, and reports every failure with its replay seed. */
  async function eachInParallel<T>(items: T[], name: (item: T) => string, run: (item: T) => Promise<void>) {
    const failures: string[] = [];
    for (let i = 0; i < items.length; i += PARALLEL) {
      await Promise.all(
        items.slice(i, i + PARALLEL).map(async (item) => {
          try {
            await run(item);
          } catch (e) {
            failures.push(`${name(item)}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }),
      );
    }
    assert.deepEqual(failures, [], failures.join("\n\n"));
  }

  it("server actions: a refusal with its fields, never INTERNAL or a 500, never a row left behind", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
    ) as { node: Record<string, { filename: string; exportedName: string }> };
    const entries = Object.entries(manifest.node).map(([id, a]) => ({ id, ...a }));
    const actions = actionSurfaces().filter((a) => !NOT_FUZZED[a.key]);
    const targets = actions.map((a) => {
      const found =
        entries.find((e) => e.filename === a.file && e.exportedName === a.name) ??
        entries.find((e) => e.filename === a.file && e.exportedName.startsWith("$$RSC_SERVER_ACTION"));
      assert.ok(found, `no built server action for ${a.key}: rebuild with next build`);
      return { key: a.key, id: found.id, formAt: a.formAt };
    });

    /**
     * One call as the browser's React would make it: plain values as a JSON
     * reply; a form as multipart, its fields under React's "_1_" prefix and
     * the argument list referring to it ("$K1").
     */
    const call = async (id: string, body: unknown[] | { formAt: number; fields: [string, string][] }) => {
      let payload: string | FormData;
      if (Array.isArray(body)) {
        payload = encodeReply(body);
      } else {
        payload = new FormData();
        const list = Array.from({ length: body.formAt + 1 }, (_, i) =>
          i === body.formAt ? "$K1" : "$undefined",
        );
        // React reads a form's fields from where the reference points, so they come before the root "0"
        for (const [name, v] of body.fields) payload.append(`_1_${name}`, v);
        payload.append("0", JSON.stringify(list));
      }
      const res = await fetch(`${app.url}/`, {
        method: "POST",
        headers: {
          "Next-Action": id,
          ...(typeof payload === "string" ? { "Content-Type": "text/plain;charset=UTF-8" } : {}),
          Accept: "text/x-component",
          Origin: app.url,
          Cookie: cookie,
        },
        body: payload,
        redirect: "manual",
      });
      return { status: res.status, text: await res.text() };
    };

    /** The invariant of one call; the row counts are compared with those after the previous call. */
    const check = async (
      target: { id: string },
      body: Parameters<typeof call>[1],
      baseline: { counts: string },
    ) => {
      const { status, text } = await call(target.id, body);
      assert.ok(status < 500, `HTTP ${status}: ${text.slice(0, 300)}`);
      assert.ok(!text.includes('"INTERNAL"'), `INTERNAL: ${text.slice(0, 300)}`);
      if (text.includes('"code":"VALIDATION"')) {
        assert.match(text, /"fields":\[\{"field":"/, "a VALIDATION refusal names its field");
      }
      const counts = await rowCounts();
      if (text.includes('"ok":false')) assert.equal(counts, baseline.counts, "a refused call wrote rows");
      baseline.counts = counts;
    };

    // a form action must see the form: a mismatched confirmation is refused on its own field
    const password = targets.find((t) => t.key.endsWith("#changePasswordAction"))!;
    const mismatch = await call(password.id, {
      formAt: 0,
      fields: [
        ["currentPassword", "x"],
        ["newPassword", "a-long-new-password-1"],
        ["confirmPassword", "another-password-2"],
      ],
    });
    assert.match(mismatch.text, /"field":"confirmPassword"/);

    await eachInParallel(
      targets,
      (t) => t.key,
      async (target) => {
        const baseline = { counts: await rowCounts() };
        await fc.assert(
          fc.asyncProperty(args, async (input) => check(target, input, baseline)),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        if (target.formAt !== null) {
          const at = target.formAt;
          await fc.assert(
            fc.asyncProperty(formFields, async (fields) => check(target, { formAt: at, fields }, baseline)),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        }
      },
    );
  });

  it("route handlers: 4xx for whatever ids and query arrive, never a 500", async () => {
    const routes = routeSurfaces().filter((r) => !r.pattern.startsWith("/api/auth/"));
    const segment = fc.oneof(fc.constantFrom(...UUIDS), fc.uuid(), nasty, fc.string({ maxLength: 30 }));
    const query = fc.dictionary(
      fc.constantFrom("url", "sig", "pathway", "from", "to", "version", "lang"),
      fc.oneof(segment, nasty),
      {
        maxKeys: 3,
      },
    );
    await eachInParallel(
      routes,
      (r) => r.key,
      async (route) => {
        await fc.assert(
          fc.asyncProperty(fc.tuple(segment, segment, segment), query, async (ids, q) => {
            let i = 0;
            const pathname = route.pattern.replace(/\[[^\]]+\]/g, () => pathSegment(ids[i++ % 3] ?? ""));
            const search = new URLSearchParams(q).toString();
            const before = await rowCounts();
            const res = await fetch(`${app.url}${pathname}${search ? `?${search}` : ""}`, {
              method: route.method,
              headers: { Cookie: cookie, Origin: app.url },
              redirect: "manual",
              ...(route.method === "POST" ? { body: encodeReply(q) } : {}),
            });
            const text = await res.text();
            assert.notEqual(res.status, 500, `${pathname}: ${text.slice(0, 300)}`);
            assert.ok(!text.includes('"INTERNAL"'), `${pathname}: INTERNAL`);
            if (res.status >= 400) assert.equal(await rowCounts(), before, "a refused request wrote rows");
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      },
    );
  });

  it("socket events: every acknowledgement a refusal or an answer, never INTERNAL", async () => {
    const sockets: Socket[] = [];
    const open = () =>
      new Promise<Socket>((resolve, reject) => {
        const s = connect(app.url, {
          transports: ["websocket"],
          extraHeaders: { cookie, origin: app.url },
          reconnection: false,
        });
        sockets.push(s);
        s.once("connect", () => resolve(s));
        s.once("connect_error", reject);
      });
    try {
      await eachInParallel(
        socketEventSurfaces(),
        (e) => e,
        async (event) => {
          // a socket per event: a refusal in one event's budget never answers for another
          const socket = await open();
          await fc.assert(
            fc.asyncProperty(value, async (payload) => {
              const before = await rowCounts();
              const reply = (await socket.timeout(15_000).emitWithAck(event, payload)) as {
                ok: boolean;
                error?: { code: string; fields?: { field: string }[] };
              };
              assert.equal(typeof reply?.ok, "boolean", `${event}: no acknowledgement`);
              // the socket's budget (server/signalling/budget.ts) is working: wait for it to refill
              // rather than spend the refusals past which the server drops the socket (on a quiet
              // machine the loop outruns the refill; on a busy one it never meets it)
              if (!reply.ok && reply.error?.code === "RATE_LIMITED")
                await new Promise((r) => setTimeout(r, 1_000));
              if (!reply.ok) {
                assert.notEqual(reply.error?.code, "INTERNAL", `${event}: INTERNAL`);
                if (reply.error?.code === "VALIDATION")
                  assert.ok(reply.error.fields?.length, "names its field");
                assert.equal(await rowCounts(), before, `${event}: a refused event wrote rows`);
              }
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        },
      );
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it("the actions that read no input answer without INTERNAL", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
    ) as { node: Record<string, { filename: string; exportedName: string }> };
    const [id] = Object.entries(manifest.node).find(([, a]) => a.exportedName === "verifyAuditChainAction")!;
    const res = await fetch(`${app.url}/`, {
      method: "POST",
      headers: {
        "Next-Action": id,
        "Content-Type": "text/plain;charset=UTF-8",
        Origin: app.url,
        Cookie: cookie,
      },
      body: encodeReply([{ unexpected: "\u0000" }]),
    });
    const text = await res.text();
    assert.ok(res.status < 500 && !text.includes('"INTERNAL"'), text.slice(0, 300));
  });
});
