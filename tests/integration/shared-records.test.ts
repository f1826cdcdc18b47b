import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, facilities, patientLocalIds } from "../../server/db/schema";
import { startDemoRecordServer, type DemoRecordServer } from "../../server/demo/records/demo-record-server";
import { seededPatientLookup } from "../../server/demo/records/seeded-patients";
import { demoRecordUrls } from "../../server/demo/records/urls";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { createConference } from "../../server/domain/conferences/create-conference";
import {
  getRecordTimeline,
  mergeTimelines,
  openRecordTimeline,
  openRecordsSection,
  type RecordTimeline,
} from "../../server/domain/records/get-record-timeline";
import { listRecordFacilities } from "../../server/domain/records/list-record-facilities";
import { openRecordItem } from "../../server/domain/records/open-record-item";
import { openRecordViewer } from "../../server/domain/records/open-record-viewer";
import { RecordCache } from "../../server/domain/records/record-cache";
import { signRecordItem } from "../../server/domain/records/record-item-signature";
import type { RecordSettings } from "../../server/domain/records/records.schema";
import { warmConferenceRecords } from "../../server/domain/records/warm-conference-records";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import {
  deadPort,
  readAll,
  sha,
  startBinaryServer,
  startFakeFacility,
  type FacilityFault,
  type FakeFacility,
} from "../helpers/record-servers";

// item signatures are keyed by the auth secret; a test run has its own
process.env.AUTH_SECRET ??= "shared-records-test-secret-0123456789abcdef";

// the deadline is long enough for the good facilities to answer on a busy machine; the slow one
// drips forever, so only the deadline ends it
const settings: RecordSettings = { fetchTimeoutMs: 5000, fetchMaxBytes: 1024 * 1024 };
const IMAGE_BYTES = 3 * 1024 * 1024;

const FAULTS: FacilityFault[] = [
  "slow_drip",
  "invalid_json",
  "wrong_resource_type",
  "wrong_entries",
  "huge",
  "html_in_strings",
  "server_error",
  "html_page",
  "not_searchset",
];

/** What each facility's status must be, and why. */
const EXPECTED: Record<FacilityFault | "dead", { status: string; reason: string | null }> = {
  slow_drip: { status: "timeout", reason: "timeout" },
  invalid_json: { status: "error", reason: "invalid_json" },
  wrong_resource_type: { status: "error", reason: "invalid_fhir" },
  wrong_entries: { status: "ok", reason: null },
  huge: { status: "too_large", reason: "too_large" },
  html_in_strings: { status: "ok", reason: null },
  server_error: { status: "error", reason: "http_status" },
  html_page: { status: "error", reason: "content_type" },
  not_searchset: { status: "error", reason: "invalid_fhir" },
  dead: { status: "error", reason: "unreachable" },
};

for (const backend of BACKENDS) {
  describe(`shared records at each facility, linked out (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let demo: DemoRecordServer;
    const demoRequests: string[] = [];
    const fakes = new Map<FacilityFault, FakeFacility>();
    /** facility ids by what they are */
    const ids = new Map<string, string>();
    let cacheDir: string;

    const addFacility = async (key: string, code: string, urls: { viewer: string; fhirBase: string }) => {
      const [row] = await t.db
        .insert(facilities)
        .values({
          code,
          name: `記録施設 ${key}`,
          nameKana: "キロク",
          kind: "hospital",
          role: "disclosing",
          recordSystemUrl: urls.viewer,
          recordFhirBaseUrl: urls.fhirBase,
        })
        .returning({ id: facilities.id });
      ids.set(key, row!.id);
      await t.db
        .insert(patientLocalIds)
        .values({ patientId: n.patients.shared, facilityId: row!.id, localId: `L-${code}` });
      return row!.id;
    };

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      cacheDir = mkdtempSync(path.join(os.tmpdir(), "okinet-record-cache-"));
      demo = await startDemoRecordServer({
        imageBytes: IMAGE_BYTES,
        knows: seededPatientLookup(t.db),
        onRequest: (p) => demoRequests.push(p),
      });
      // the hospital (inside the patient's consent, local ID H10001) publishes on the demo server
      await t.db
        .update(facilities)
        .set({
          recordSystemUrl: demoRecordUrls(demo.url, "0610000001").viewer,
          recordFhirBaseUrl: demoRecordUrls(demo.url, "0610000001").fhirBase,
        })
        .where(eq(facilities.id, n.facilities.hospital));
      ids.set("good", n.facilities.hospital);

      let code = 610_000_100;
      for (const fault of FAULTS) {
        const fake = await startFakeFacility(fault);
        fakes.set(fault, fake);
        await addFacility(fault, `0${++code}`, { viewer: "", fhirBase: fake.fhirBase });
      }
      await addFacility("dead", `0${++code}`, {
        viewer: "",
        fhirBase: `http://127.0.0.1:${await deadPort()}/fhir`,
      });
      // a viewer only, and a viewer that is not a web address
      await addFacility("viewerOnly", `0${++code}`, {
        viewer: "https://emr.example.jp/view?id={localId}",
        fhirBase: "",
      });
      await addFacility("badViewer", `0${++code}`, {
        viewer: "javascript:alert(1)//{localId}",
        fhirBase: "ftp://files.example.jp/fhir",
      });
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2025-03-01",
        facilityIds: [...ids.entries()].filter(([k]) => k !== "good").map(([, id]) => id),
        document: { fileName: "add.pdf", bytes: tinyPdf("records") },
      });
      // the patient is known at one more hospital, on the same demo server, outside the consent
      const outsideCode = `0${++code}`;
      await addFacility("outside", outsideCode, demoRecordUrls(demo.url, outsideCode));
    });

    after(async () => {
      await demo.close();
      for (const f of fakes.values()) await f.close();
      await t.close();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    const gp = () => actor(n, "clinic.gp");
    const auditOf = async (action: string) =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, n.patients.shared)))
        .orderBy(desc(auditEvents.seq));

    it("lists the facilities holding the patient's records inside consent, and never one outside", async () => {
      const list = await listRecordFacilities(t.db, gp(), { patientId: n.patients.shared });
      const byId = new Map(list.map((f) => [f.facilityId, f]));
      assert.equal(list.length, ids.size - 1);
      assert.equal(byId.has(ids.get("outside")!), false, "outside consent: not listed, not even redacted");
      assert.deepEqual(
        { viewer: byId.get(ids.get("good")!)!.hasViewer, fhir: byId.get(ids.get("good")!)!.hasFhir },
        { viewer: true, fhir: true },
      );
      assert.deepEqual(
        {
          viewer: byId.get(ids.get("viewerOnly")!)!.hasViewer,
          fhir: byId.get(ids.get("viewerOnly")!)!.hasFhir,
        },
        { viewer: true, fhir: false },
      );
      assert.deepEqual(
        {
          viewer: byId.get(ids.get("badViewer")!)!.hasViewer,
          fhir: byId.get(ids.get("badViewer")!)!.hasFhir,
        },
        { viewer: false, fhir: false },
      );
      assert.equal(byId.get(ids.get("good")!)!.localId, "H10001");
    });

    it("refuses (and audits) whoever may not see the patient's clinical data", async () => {
      await assert.rejects(
        listRecordFacilities(t.db, actor(n, "outsider.gp"), { patientId: n.patients.shared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        getRecordTimeline(t.db, actor(n, "pharm.pharmacist"), { patientId: n.patients.shared }, settings),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        listRecordFacilities(t.db, actor(n, "office.admin"), { patientId: n.patients.shared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      const denied = (await auditOf("record.timeline_view")).filter((e) => e.outcome === "denied");
      assert.equal(denied.length, 3);
    });

    let timeline: RecordTimeline;
    it("merges every facility's records into one timeline, each failure contained in its facility", async () => {
      timeline = await getRecordTimeline(t.db, gp(), { patientId: n.patients.shared }, settings);

      const statusOf = new Map(timeline.facilities.map((f) => [f.facilityId, f]));
      for (const [key, expected] of Object.entries(EXPECTED)) {
        const s = statusOf.get(ids.get(key)!);
        assert.ok(s, `${key} has a status`);
        assert.deepEqual({ status: s.status, reason: s.reason }, expected, key);
      }
      assert.equal(statusOf.get(ids.get("server_error")!)!.httpStatus, 500);
      // facilities without a (valid) FHIR endpoint are not asked, and the one outside consent never
      assert.equal(statusOf.has(ids.get("viewerOnly")!), false);
      assert.equal(statusOf.has(ids.get("badViewer")!), false);
      assert.equal(statusOf.has(ids.get("outside")!), false);
      assert.equal(demoRequests.filter((p) => p.includes(`/L-`)).length, 0);

      // the good facility's records all arrived, each naming its facility
      const good = timeline.entries.filter((e) => e.facilityId === ids.get("good"));
      assert.ok(good.length >= 8, `the demo hospital lists ${good.length} records`);
      assert.equal(statusOf.get(ids.get("good")!)!.entries, good.length);
      assert.ok(
        good.every((e) => e.facilityName === "テスト総合病院"),
        "each entry names its facility",
      );
      assert.deepEqual(
        new Set(good.map((e) => e.kind)),
        new Set(["document", "report", "imaging", "encounter", "prescription"]),
      );
      assert.ok(
        good.some(
          (e) => e.title.startsWith("退院時サマリ") && e.attachments[0]?.contentType === "application/pdf",
        ),
        "a discharge summary with its PDF",
      );
      const mri = good.find((e) => e.title === "頭部MRI")!;
      assert.equal(mri.attachments.length, 1);
      assert.ok(
        mri.attachments[0]!.url.startsWith(demoRecordUrls(demo.url, "0610000001").fhirBase + "/Binary/"),
        mri.attachments[0]!.url,
      );

      // newest first across facilities
      const times = timeline.entries.map((e) => e.time ?? -Infinity);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const facilityIdsInEntries = new Set(timeline.entries.map((e) => e.facilityId));
      assert.deepEqual(
        facilityIdsInEntries,
        new Set([ids.get("good"), ids.get("wrong_entries"), ids.get("html_in_strings")]),
      );
    });

    // the slow facility never finishes its answer: that the timeline came back at all shows the
    // deadline ended it; what is checked here is order, not a stopwatch
    it("is bounded by the per-facility deadline: the slow facility is given up at it, the good one answers before", () => {
      const slow = timeline.facilities.find((f) => f.facilityId === ids.get("slow_drip"))!;
      assert.ok(
        slow.elapsedMs >= settings.fetchTimeoutMs - 50,
        `the slow facility was given up after ${slow.elapsedMs} ms, before its ${settings.fetchTimeoutMs} ms deadline`,
      );
      const good = timeline.facilities.find((f) => f.facilityId === ids.get("good"))!;
      assert.equal(good.status, "ok");
      assert.ok(
        good.elapsedMs < slow.elapsedMs,
        `the good facility answered (${good.elapsedMs} ms) before the slow one was given up (${slow.elapsedMs} ms)`,
      );
    });

    it("opens the timeline as it arrives: a good facility's part lands before a slow one's; audited once all answered", async () => {
      const views = async () =>
        (await auditOf("record.timeline_view")).filter((e) => e.outcome === "success").length;
      const before = await views();
      const stream = await openRecordTimeline(t.db, gp(), { patientId: n.patients.shared }, settings);
      const goodPart = stream.facilities.get(ids.get("good")!)!.part;
      const slowPart = stream.facilities.get(ids.get("slow_drip")!)!.part;
      // order, not a stopwatch: the good part is there while the slow one is still being waited for
      let slowSettled = false;
      void slowPart.then(() => {
        slowSettled = true;
      });
      const good = await goodPart;
      assert.ok(good.entries.length > 0, "the good facility's records");
      // let callbacks queued in the same tick run: a slow part resolved together with the good one would show here
      await new Promise((r) => setImmediate(r));
      assert.equal(slowSettled, false, "the good facility's part landed first, not held by the slow one");
      const slow = await slowPart;
      assert.equal(slow.facilities[0]!.status, "timeout");
      await stream.audited;
      assert.equal(await views(), before + 1, "one audit event for the whole view");
      const merged = mergeTimelines(n.patients.shared, [good, slow]);
      assert.equal(merged.entries.length, good.entries.length);
      assert.deepEqual(
        merged.facilities.map((f) => f.facilityId),
        [ids.get("good"), ids.get("slow_drip")],
      );
    });

    it("opens the page's section in one access check: the same facilities, the timeline under way, audited once; refused and audited outside consent", async () => {
      const views = async (outcome: string) =>
        (await auditOf("record.timeline_view")).filter((e) => e.outcome === outcome).length;
      const [succeeded, denied] = [await views("success"), await views("denied")];
      const section = await openRecordsSection(t.db, gp(), { patientId: n.patients.shared }, settings);
      assert.deepEqual(
        section.facilities,
        await listRecordFacilities(t.db, gp(), { patientId: n.patients.shared }),
      );
      assert.ok(section.timeline, "a facility serves FHIR: its timeline is under way");
      assert.deepEqual(
        [...section.timeline.facilities.keys()].sort(),
        section.facilities
          .filter((f) => f.hasFhir)
          .map((f) => f.facilityId)
          .sort(),
      );
      const good = await section.timeline.facilities.get(ids.get("good")!)!.part;
      assert.ok(good.entries.length > 0, "the good facility's records");
      await section.timeline.audited;
      assert.equal(await views("success"), succeeded + 1, "one audit event for the whole view");
      await assert.rejects(
        openRecordsSection(t.db, actor(n, "outsider.gp"), { patientId: n.patients.shared }, settings),
        expectDomainError("CONSENT_REQUIRED"),
      );
      assert.equal(await views("denied"), denied + 1, "the refusal audited, once");
    });

    it("keeps the valid records of a facility and counts the ones it cannot read", () => {
      const wrong = timeline.facilities.find((f) => f.facilityId === ids.get("wrong_entries"))!;
      assert.equal(wrong.entries, 1);
      assert.equal(wrong.skipped, 2, "an Observation and a DocumentReference without content");
      const doc = timeline.entries.find((e) => e.facilityId === ids.get("wrong_entries"))!;
      assert.equal(doc.title, "看護サマリ");
    });

    it("takes markup as plain text and drops attachment addresses outside the facility's FHIR base", () => {
      const html = timeline.entries.filter((e) => e.facilityId === ids.get("html_in_strings"));
      assert.equal(html.length, 2);
      const doc = html.find((e) => e.kind === "document")!;
      assert.equal(doc.title, `<img src=x onerror="alert(1)"><script>alert('x')</script>退院時サマリ`);
      assert.equal(doc.attachments.length, 1, "only Binary/page lies under the base");
      assert.equal(doc.attachments[0]!.url, `${fakes.get("html_in_strings")!.fhirBase}/Binary/page`);
      assert.equal(timeline.facilities.find((f) => f.facilityId === ids.get("html_in_strings"))!.skipped, 3);
    });

    it("audits the timeline view with ids and statuses, never names", async () => {
      const [event] = (await auditOf("record.timeline_view")).filter((e) => e.outcome === "success");
      assert.ok(event, "a successful timeline view is audited");
      assert.equal(event.actorId, gp().practitionerId);
      const details = event.details as { facilities: { facilityId: string; status: string }[] };
      assert.equal(details.facilities.length, timeline.facilities.length);
      assert.equal(details.facilities.find((f) => f.facilityId === ids.get("slow_drip"))!.status, "timeout");
      const text = JSON.stringify(event.details);
      assert.ok(!text.includes("山田") && !text.includes("テスト総合病院") && !text.includes("H10001"), text);
    });

    it("shows the community pharmacy's dispensing results (調剤結果) beside the hospital's prescriptions, inside consent, audited", async () => {
      // the pharmacy (a 薬局 code) publishes on the demo record server; the patient is known there
      const pharmacyCode = "0640000001";
      const urls = demoRecordUrls(demo.url, pharmacyCode);
      const [pharmacy] = await t.db
        .insert(facilities)
        .values({
          code: pharmacyCode,
          name: "テスト調剤薬局",
          nameKana: "テストチョウザイ",
          kind: "pharmacy",
          role: "viewing",
          recordSystemUrl: urls.viewer,
          recordFhirBaseUrl: urls.fhirBase,
        })
        .returning({ id: facilities.id });
      await t.db
        .insert(patientLocalIds)
        .values({ patientId: n.patients.shared, facilityId: pharmacy!.id, localId: "P000001" });
      const before = await getRecordTimeline(t.db, gp(), { patientId: n.patients.shared }, settings);
      assert.ok(
        !before.facilities.some((f) => f.facilityId === pharmacy!.id),
        "outside the consent, the pharmacy is not asked",
      );
      assert.equal(demoRequests.filter((p) => p.includes(`/facilities/${pharmacyCode}/`)).length, 0);

      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2025-03-01",
        facilityIds: [pharmacy!.id],
        document: { fileName: "add-pharmacy.pdf", bytes: tinyPdf("pharmacy") },
      });
      const withPharmacy = await getRecordTimeline(t.db, gp(), { patientId: n.patients.shared }, settings);
      const status = withPharmacy.facilities.find((f) => f.facilityId === pharmacy!.id)!;
      assert.equal(status.status, "ok");
      const dispensed = withPharmacy.entries.filter((e) => e.facilityId === pharmacy!.id);
      assert.ok(dispensed.length >= 6, `the pharmacy lists ${dispensed.length} dispensings`);
      assert.equal(status.entries, dispensed.length);
      assert.ok(dispensed.every((e) => e.kind === "dispensing" && e.facilityName === "テスト調剤薬局"));
      for (const d of dispensed) {
        assert.match(d.title, /錠/, "the drug");
        assert.match(d.medication?.quantity ?? "", /^\d+ 錠$/, "the quantity");
        assert.ok((d.medication?.days ?? 0) >= 14, "the days' supply");
        assert.match(
          d.medication?.prescription ?? "",
          /^院外処方箋（\d{4}-\d{2}-\d{2} 交付）$/,
          "what it fills",
        );
        assert.ok(d.time !== null, "its dispensed date");
      }
      // one timeline, newest first: the dispensings sit among the hospital's prescriptions
      const prescriptions = withPharmacy.entries.filter(
        (e) => e.kind === "prescription" && e.facilityId === ids.get("good"),
      );
      assert.ok(prescriptions.length >= 2, "the hospital's prescriptions");
      assert.ok(prescriptions.every((p) => p.medication && p.medication.days !== null));
      const times = withPharmacy.entries.map((e) => e.time ?? -Infinity);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const [event] = (await auditOf("record.timeline_view")).filter((e) => e.outcome === "success");
      const details = event!.details as { facilities: { facilityId: string; status: string }[] };
      assert.equal(details.facilities.find((f) => f.facilityId === pharmacy!.id)?.status, "ok");
      assert.ok(!JSON.stringify(details).includes("P000001"), "no local ID in the audit");
    });

    it("links out to a facility's viewer with the local ID, audited; refuses a facility outside consent", async () => {
      const url = await openRecordViewer(t.db, gp(), {
        patientId: n.patients.shared,
        facilityId: ids.get("good")!,
      });
      assert.equal(url, `${demo.url}/facilities/0610000001/viewer?patient=H10001`);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /退院時サマリ/);
      await assert.rejects(
        openRecordViewer(t.db, gp(), { patientId: n.patients.shared, facilityId: ids.get("outside")! }),
        expectDomainError("NOT_FOUND"),
      );
      await assert.rejects(
        openRecordViewer(t.db, gp(), { patientId: n.patients.shared, facilityId: ids.get("badViewer")! }),
        expectDomainError("NOT_FOUND"),
      );
      const events = await auditOf("record.link_out");
      assert.deepEqual(
        events.map((e) => [e.outcome, (e.details as { facilityId: string; reason?: string }).reason ?? null]),
        [
          ["denied", "no_viewer"],
          ["denied", "not_in_consent_scope"],
          ["success", null],
        ],
      );
      assert.equal((events[2]!.details as { facilityId: string }).facilityId, ids.get("good"));
      assert.ok(!JSON.stringify(events.map((e) => e.details)).includes("H10001"), "no local ID in the log");
    });

    describe("large items through the cache", () => {
      let cache: RecordCache;
      let clock = Date.now();
      const itemOf = (title: string) => {
        const entry = timeline.entries.find(
          (e) => e.facilityId === ids.get("good") && e.title.startsWith(title),
        )!;
        return { patientId: n.patients.shared, facilityId: ids.get("good")!, ...entry.attachments[0]! };
      };
      const binaryHits = (url: string) => demoRequests.filter((p) => url.endsWith(p)).length;

      before(() => {
        cache = new RecordCache({
          dir: cacheDir,
          ttlMs: 60_000,
          maxBytes: 10 * 1024 * 1024,
          timeoutMs: 2000,
          now: () => clock,
        });
      });

      let direct: Buffer;
      it("streams a cold item from the facility while writing it to disk", async () => {
        const item = itemOf("頭部MRI");
        direct = Buffer.from(await (await fetch(item.url)).arrayBuffer());
        const hitsBefore = binaryHits(item.url);
        const opened = await openRecordItem(t.db, gp(), item, cache);
        assert.equal(opened.source, "upstream");
        assert.equal(opened.contentType, "image/png");
        assert.equal(opened.size, direct.length);
        const body = await readAll(opened.body);
        assert.equal(sha(body), sha(direct));
        assert.equal(body.subarray(1, 4).toString("latin1"), "PNG");
        assert.equal(binaryHits(item.url), hitsBefore + 1);
        const files = readdirSync(cacheDir);
        assert.equal(files.filter((f) => f.endsWith(".bin")).length, 1);
        assert.equal(files.filter((f) => f.includes(".part")).length, 0);
      });

      it("serves a warm item from disk without asking the facility", async () => {
        const item = itemOf("頭部MRI");
        const hitsBefore = binaryHits(item.url);
        const opened = await openRecordItem(t.db, gp(), item, cache);
        assert.equal(opened.source, "disk");
        assert.equal(opened.size, direct.length);
        assert.equal(sha(await readAll(opened.body)), sha(direct));
        assert.equal(binaryHits(item.url), hitsBefore);
      });

      it("fetches again once the TTL has passed", async () => {
        const item = itemOf("頭部MRI");
        const hitsBefore = binaryHits(item.url);
        clock += 61_000;
        const opened = await openRecordItem(t.db, gp(), item, cache);
        assert.equal(opened.source, "upstream");
        assert.equal(sha(await readAll(opened.body)), sha(direct));
        assert.equal(binaryHits(item.url), hitsBefore + 1);
        const again = await openRecordItem(t.db, gp(), item, cache);
        assert.equal(again.source, "disk");
        await again.body.cancel();
      });

      it("shares one upstream fetch between concurrent requests for a cold item", async () => {
        const item = itemOf("退院時サマリ");
        const hitsBefore = binaryHits(item.url);
        const opened = await Promise.all([1, 2, 3].map(() => openRecordItem(t.db, gp(), item, cache)));
        const bodies = await Promise.all(opened.map((o) => readAll(o.body)));
        assert.equal(binaryHits(item.url), hitsBefore + 1);
        assert.ok(
          bodies.every((b) => b.length > 0 && sha(b) === sha(bodies[0]!)),
          `bodies of ${bodies.map((b) => b.length).join(", ")} bytes`,
        );
        assert.equal(bodies[0]!.subarray(0, 5).toString("latin1"), "%PDF-");
      });

      it("lets readers join a slow fetch under way, each at its own pace, one leaving early", async () => {
        const files = await startBinaryServer({ slow: { size: 640 * 1024, pauseMs: 30 } });
        try {
          const own = new RecordCache({
            dir: path.join(cacheDir, "slow"),
            ttlMs: 60_000,
            maxBytes: 10 * 1024 * 1024,
            timeoutMs: 2000,
          });
          const url = `${files.fhirBase}/Binary/slow`;
          const key = own.keyOf("f", url);
          const [a, b, c] = await Promise.all([own.open(key, url), own.open(key, url), own.open(key, url)]);
          assert.deepEqual([a.source, b.source, c.source], ["upstream", "upstream", "upstream"]);
          // one reader reads a chunk and leaves; the others still get everything
          const leaving = c.body.getReader();
          await leaving.read();
          await leaving.cancel();
          const [bodyA, bodyB] = await Promise.all([readAll(a.body), readAll(b.body)]);
          assert.equal(bodyA.length, 640 * 1024);
          assert.equal(sha(bodyA), sha(bodyB));
          assert.equal(files.requests.length, 1);
          const late = await own.open(key, url);
          assert.equal(late.source, "disk");
          assert.equal(sha(await readAll(late.body)), sha(bodyA));
        } finally {
          await files.close();
        }
      });

      it("audits every access with the item's cache key, not its address", async () => {
        const events = (await auditOf("record.item_view")).filter((e) => e.outcome === "success");
        assert.equal(events.length, 7);
        const details = events.map((e) => e.details as { facilityId: string; item: string; source: string });
        assert.ok(
          details.every((d) => d.facilityId === ids.get("good") && /^[0-9a-f]{32}$/.test(d.item)),
          JSON.stringify(details),
        );
        // oldest first: cold, warm, after TTL expiry (upstream, then disk); then the three sharing one
        // fetch (a late one may find the small file already on disk)
        const sources = details.map((d) => d.source).reverse();
        assert.deepEqual(sources.slice(0, 4), ["upstream", "disk", "upstream", "disk"]);
        assert.equal(sources[4], "upstream");
        assert.ok(
          sources.slice(5).every((s) => s === "upstream" || s === "disk"),
          sources.join(","),
        );
        assert.ok(!JSON.stringify(details).includes("Binary"), "no address in the log");
      });

      it("refuses an address outside the facility's FHIR base, or one not listed for this patient", async () => {
        const item = itemOf("頭部MRI");
        const elsewhere = "http://127.0.0.1:9/fhir/Binary/x";
        await assert.rejects(
          openRecordItem(
            t.db,
            gp(),
            {
              ...item,
              url: elsewhere,
              sig: signRecordItem(n.patients.shared, ids.get("good")!, elsewhere),
            },
            cache,
          ),
          expectDomainError("FORBIDDEN"),
        );
        const otherFile = item.url.replace(/-\d+$/, "-99");
        await assert.rejects(
          openRecordItem(t.db, gp(), { ...item, url: otherFile }, cache),
          expectDomainError("FORBIDDEN"),
        );
        await assert.rejects(
          openRecordItem(t.db, gp(), { ...item, facilityId: ids.get("outside")! }, cache),
          expectDomainError("NOT_FOUND"),
        );
        await assert.rejects(
          openRecordItem(t.db, actor(n, "outsider.gp"), item, cache),
          expectDomainError("CONSENT_REQUIRED"),
        );
        const denied = (await auditOf("record.item_view")).filter((e) => e.outcome === "denied");
        assert.deepEqual(denied.map((e) => (e.details as { reason?: string }).reason).sort(), [
          "no_consent",
          "not_in_consent_scope",
          "not_listed",
          "outside_fhir_base",
        ]);
      });

      it("leaves no partial file when the facility drops the connection mid-transfer, or sends too much", async () => {
        const files = await startBinaryServer({
          cut: { size: 2 * 1024 * 1024, cutAfter: 300 * 1024 },
          big: { size: 12 * 1024 * 1024 },
          whole: { size: 1024 * 1024 },
        });
        try {
          const own = new RecordCache({
            dir: cacheDir,
            ttlMs: 60_000,
            maxBytes: 10 * 1024 * 1024,
            timeoutMs: 2000,
          });
          const cutUrl = `${files.fhirBase}/Binary/cut`;
          const cut = await own.open(own.keyOf("f", cutUrl), cutUrl);
          await assert.rejects(readAll(cut.body), expectDomainError("UPSTREAM_FAILED"));
          assert.deepEqual(
            readdirSync(cacheDir).filter((f) => f.startsWith(own.keyOf("f", cutUrl))),
            [],
          );
          // not served from a broken copy: asked again, the facility is asked again
          await assert.rejects(
            own.open(own.keyOf("f", cutUrl), cutUrl).then((o) => readAll(o.body)),
            expectDomainError("UPSTREAM_FAILED"),
          );
          assert.equal(files.requests.filter((p) => p.endsWith("/cut")).length, 2);

          const bigUrl = `${files.fhirBase}/Binary/big`;
          await assert.rejects(
            own.open(own.keyOf("f", bigUrl), bigUrl),
            expectDomainError("PAYLOAD_TOO_LARGE"),
          );
          assert.deepEqual(
            readdirSync(cacheDir).filter((f) => f.startsWith(own.keyOf("f", bigUrl))),
            [],
          );

          // a warm-up (fill) and a reader at once still make one fetch and one whole file
          const wholeUrl = `${files.fhirBase}/Binary/whole`;
          const key = own.keyOf("f", wholeUrl);
          const [filled, reader] = await Promise.all([own.fill(key, wholeUrl), own.open(key, wholeUrl)]);
          assert.equal(filled, "fetched");
          assert.equal((await readAll(reader.body)).length, 1024 * 1024);
          assert.equal(files.requests.filter((p) => p.endsWith("/whole")).length, 1);
          assert.equal(await own.fill(key, wholeUrl), "cached");
        } finally {
          await files.close();
        }
        assert.equal(readdirSync(cacheDir).filter((f) => f.includes(".part")).length, 0);
      });

      it("warms the cache with the records of a conference's agenda, for its participants only", async () => {
        const conference = await createConference(t.db, actor(n, "hosp.doctor"), {
          title: "退院前カンファランス",
          kind: "case_conference",
          invitees: [
            { practitionerId: gp().practitionerId },
            { practitionerId: actor(n, "pharm.pharmacist").practitionerId, role: "observer" },
          ],
          agenda: [{ patientId: n.patients.shared, question: "在宅移行" }],
        });
        const fresh = new RecordCache({
          dir: path.join(cacheDir, "warm"),
          ttlMs: 60_000,
          maxBytes: 10 * 1024 * 1024,
          timeoutMs: 2000,
        });
        const hitsBefore = demoRequests.filter((p) => p.includes("/Binary/")).length;
        const summary = await warmConferenceRecords(
          t.db,
          gp(),
          { conferenceId: conference.conferenceId },
          { cache: fresh, settings },
        );
        const goodItems = timeline.entries
          .filter((e) => e.facilityId === ids.get("good"))
          .flatMap((e) => e.attachments).length;
        assert.ok(goodItems > 0, "the demo hospital lists files to warm");
        assert.equal(summary.patients, 1);
        assert.equal(summary.skipped, 0);
        // every file listed: the demo hospital's, and the two the misbehaving facilities list under their bases
        assert.ok(summary.fetched >= goodItems, JSON.stringify(summary));
        assert.equal(demoRequests.filter((p) => p.includes("/Binary/")).length - hitsBefore, goodItems);
        for (const e of timeline.entries.filter((x) => x.facilityId === ids.get("good"))) {
          for (const a of e.attachments) assert.ok(await fresh.has(fresh.keyOf(ids.get("good")!, a.url)));
        }
        const again = await warmConferenceRecords(
          t.db,
          gp(),
          { conferenceId: conference.conferenceId },
          { cache: fresh, settings },
        );
        assert.equal(again.cached, summary.fetched);
        assert.equal(again.fetched, 0);

        await assert.rejects(
          warmConferenceRecords(t.db, actor(n, "outsider.gp"), { conferenceId: conference.conferenceId }),
          expectDomainError("FORBIDDEN"),
        );
        // a member who may not see the case clinically warms nothing, and learns nothing of it
        const pharmacist = await warmConferenceRecords(
          t.db,
          actor(n, "pharm.pharmacist"),
          { conferenceId: conference.conferenceId },
          { cache: fresh, settings },
        );
        assert.deepEqual(
          { patients: pharmacist.patients, skipped: pharmacist.skipped, items: pharmacist.items },
          { patients: 0, skipped: 1, items: 0 },
        );
        const [event] = await auditOf("record.cache_warm");
        assert.equal((event!.details as { conferenceId: string }).conferenceId, conference.conferenceId);
      });
    });
  });
}
