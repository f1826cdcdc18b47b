import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, facilities, patientLocalIds } from "../../server/db/schema";
import {
  compressedSeriesUid,
  storeCompressedCopy,
  syntheticSeriesUid,
} from "../../server/demo/pacs/compressed-series";
import { startOrthanc, type Orthanc } from "../../server/demo/pacs/orthanc";
import { cachedSyntheticStudy, storeInOrthanc, studyUidOf } from "../../server/demo/pacs/synthetic-studies";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { ImagingLimiter } from "../../server/domain/images/imaging-rate-limit";
import { listImagingStudies } from "../../server/domain/images/list-imaging-studies";
import {
  openImagingFrame,
  openImagingMetadata,
  openImagingThumbnail,
} from "../../server/domain/images/open-imaging-item";
import { openImagingStudy } from "../../server/domain/images/open-imaging-study";
import { RecordCache } from "../../server/domain/records/record-cache";
import type { RecordSettings } from "../../server/domain/records/records.schema";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import { deadPort } from "../helpers/record-servers";

process.env.AUTH_SECRET ??= "imaging-test-secret-0123456789abcdef0123";

const settings: RecordSettings = { fetchTimeoutMs: 1500, fetchMaxBytes: 8 * 1024 * 1024 };
const CT_SLICES = 60;
const STUDY_DATE = "20260215";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value));
  return Buffer.concat(chunks);
}

describe("images: a PACS at the hospital, shared inside consent", () => {
  let orthanc: Orthanc;
  let work: string;
  /** a PACS that accepts the connection and never answers */
  let silent: http.Server;
  let silentUrl: string;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "okinet-imaging-"));
    // a missing Debian package fails here (OrthancMissing), it is not skipped
    orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
    const cacheDir = path.join(work, "studies");
    // the shared patient's CT and chest X-ray, and another patient's MR at the same hospital
    const shared = {
      facilityCode: "0610000001",
      localId: "H10001",
      studyDate: STUDY_DATE,
      patientName: "Yamada^Hanako",
    };
    const files = [
      ...(await cachedSyntheticStudy(cacheDir, { kind: "CT", ...shared, slices: CT_SLICES })),
      ...(await cachedSyntheticStudy(cacheDir, { kind: "DX", ...shared, studyDate: "20251101" })),
      ...(await cachedSyntheticStudy(cacheDir, {
        kind: "MR",
        facilityCode: "0610000001",
        localId: "H20001",
        studyDate: STUDY_DATE,
        slices: 4,
      })),
    ];
    await storeInOrthanc(orthanc.url, files);
    silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/dicom-web`;
  });

  after(async () => {
    await orthanc?.stop();
    silent?.closeAllConnections();
    await new Promise((r) => silent?.close(r));
    rmSync(work, { recursive: true, force: true });
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestDatabase;
      let n: Network;
      let cacheDir: string;
      let cache: RecordCache;
      const upstreamFrames: string[] = [];
      const ids: Record<string, string> = {};
      const ctUid = studyUidOf({
        kind: "CT",
        facilityCode: "0610000001",
        localId: "H10001",
        studyDate: STUDY_DATE,
      });
      const mrUid = studyUidOf({
        kind: "MR",
        facilityCode: "0610000001",
        localId: "H20001",
        studyDate: STUDY_DATE,
      });

      before(async () => {
        t = await createTestDatabase(backend);
        n = await createNetwork(t.db);
        cacheDir = mkdtempSync(path.join(os.tmpdir(), "okinet-imaging-cache-"));
        cache = new RecordCache({
          dir: cacheDir,
          ttlMs: 60_000,
          maxBytes: 64 * 1024 * 1024,
          timeoutMs: 5000,
        });
        await t.db
          .update(facilities)
          .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
          .where(eq(facilities.id, n.facilities.hospital));
        // two more hospitals inside the shared patient's consent: one PACS is down, one never answers
        let code = 610_000_200;
        for (const [key, url] of [
          ["down", `http://127.0.0.1:${await deadPort()}/dicom-web`],
          ["slow", silentUrl],
        ] as const) {
          const [row] = await t.db
            .insert(facilities)
            .values({
              code: `0${++code}`,
              name: `画像施設 ${key}`,
              nameKana: "ガゾウ",
              kind: "hospital",
              role: "disclosing",
              pacsDicomwebUrl: url,
            })
            .returning({ id: facilities.id });
          ids[key] = row!.id;
          await t.db
            .insert(patientLocalIds)
            .values({ patientId: n.patients.shared, facilityId: row!.id, localId: `X${code}` });
        }
        await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
          consentId: n.consents.shared,
          effectiveOn: "2025-03-01",
          facilityIds: [ids.down!, ids.slow!],
          document: { fileName: "add.pdf", bytes: tinyPdf("images") },
        });
      });

      after(async () => {
        await t.close();
        rmSync(cacheDir, { recursive: true, force: true });
      });

      const gp = () => actor(n, "clinic.gp");
      const audits = (action: string, patientId = n.patients.shared) =>
        t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));

      it("lists the patient's studies from the hospital's PACS, each facility with its own status", async () => {
        const before = (await audits("imaging.study_list")).length;
        const list = await listImagingStudies(t.db, gp(), { patientId: n.patients.shared }, settings);
        const status = Object.fromEntries(list.facilities.map((f) => [f.facilityId, f]));
        assert.equal(status[n.facilities.hospital]!.status, "ok");
        assert.deepEqual(
          { status: status[ids.down!]!.status, reason: status[ids.down!]!.reason },
          { status: "error", reason: "unreachable" },
        );
        assert.deepEqual(
          { status: status[ids.slow!]!.status, reason: status[ids.slow!]!.reason },
          { status: "timeout", reason: "timeout" },
        );
        assert.deepEqual(
          list.studies.map((s) => ({
            date: s.date,
            modalities: s.modalities,
            series: s.series,
            instances: s.instances,
          })),
          [
            { date: "2026-02-15", modalities: ["CT"], series: 1, instances: CT_SLICES },
            { date: "2025-11-01", modalities: ["DX"], series: 1, instances: 1 },
          ],
        );
        assert.match(list.studies[0]!.description, /CT/);
        assert.equal(list.studies[0]!.studyUid, ctUid);
        assert.ok(!list.studies.some((s) => s.studyUid === mrUid), "another patient's study is never listed");
        assert.ok(
          !JSON.stringify(list).includes(orthanc.dicomWebUrl),
          "the PACS address never reaches the browser",
        );
        const events = await audits("imaging.study_list");
        assert.equal(events.length, before + 1);
        const details = events.at(-1)!.details as { facilities: { facilityId: string; status: string }[] };
        assert.equal(details.facilities.length, 3);
      });

      it("opens a study: its series, metadata and frames through the proxy, audited once per study, cached", async () => {
        const list = await listImagingStudies(t.db, gp(), { patientId: n.patients.shared }, settings);
        const ct = list.studies.find((s) => s.studyUid === ctUid)!;
        const key = {
          patientId: n.patients.shared,
          facilityId: ct.facilityId,
          studyUid: ct.studyUid,
          sig: ct.sig,
        };
        const viewsBefore = (await audits("imaging.study_view")).length;
        const study = await openImagingStudy(t.db, gp(), key, settings);
        assert.equal(study.series.length, 1);
        assert.deepEqual(
          { modality: study.series[0]!.modality, instances: study.series[0]!.instances },
          { modality: "CT", instances: CT_SLICES },
        );
        const seriesUid = study.series[0]!.seriesUid;

        const meta = await openImagingMetadata(t.db, gp(), { ...key, seriesUid }, cache);
        assert.equal(meta.contentType, "application/dicom+json");
        const instances = JSON.parse((await readAll(meta.body)).toString("utf8")) as Record<
          string,
          { Value?: unknown[] }
        >[];
        assert.equal(instances.length, CT_SLICES);
        const uids = instances
          .map((d) => ({ uid: String(d["00080018"]!.Value![0]), n: Number(d["00200013"]!.Value![0]) }))
          .sort((a, b) => a.n - b.n);

        const frame = async (instanceUid: string) => {
          const item = await openImagingFrame(
            t.db,
            gp(),
            { ...key, seriesUid, instanceUid, frame: 1 },
            cache,
          );
          return { ...item, bytes: await readAll(item.body) };
        };
        const first = await frame(uids[29]!.uid);
        assert.equal(first.source, "upstream");
        assert.match(first.contentType, /^multipart\/related;.*boundary=/);
        // 256 x 256 16-bit pixels inside the multipart framing
        assert.ok(first.bytes.length > 256 * 256 * 2 && first.bytes.length < 256 * 256 * 2 + 1024);
        for (const u of uids.slice(0, 10)) await frame(u.uid);
        upstreamFrames.push(uids[29]!.uid);

        const again = await frame(uids[29]!.uid);
        assert.equal(again.source, "disk", "the second open of a frame is a cache hit");
        assert.deepEqual(again.bytes, first.bytes);
        const metaAgain = await openImagingMetadata(t.db, gp(), { ...key, seriesUid }, cache);
        assert.equal(metaAgain.source, "disk");
        await readAll(metaAgain.body);

        const thumb = await openImagingThumbnail(t.db, gp(), { ...key, seriesUid }, cache);
        assert.match(thumb.contentType, /^image\/(jpeg|png)$/);
        assert.ok((await readAll(thumb.body)).length > 100);

        const views = await audits("imaging.study_view");
        assert.equal(views.length, viewsBefore + 1, "one audit event for the study, none per frame");
        assert.deepEqual(
          {
            outcome: views.at(-1)!.outcome,
            studyUid: (views.at(-1)!.details as { studyUid: string }).studyUid,
          },
          { outcome: "success", studyUid: ctUid },
        );
      });

      it("refuses outside consent, another patient's study and an unsigned study", async () => {
        const list = await listImagingStudies(t.db, gp(), { patientId: n.patients.shared }, settings);
        const ct = list.studies.find((s) => s.studyUid === ctUid)!;
        const key = {
          patientId: n.patients.shared,
          facilityId: ct.facilityId,
          studyUid: ct.studyUid,
          sig: ct.sig,
        };
        const outsider = actor(n, "outsider.gp");
        await assert.rejects(
          listImagingStudies(t.db, outsider, { patientId: n.patients.shared }, settings),
          expectDomainError("CONSENT_REQUIRED"),
        );
        // even holding a study's signature, a reader outside consent gets nothing
        await assert.rejects(
          openImagingStudy(t.db, outsider, key, settings),
          expectDomainError("CONSENT_REQUIRED"),
        );
        const study = await openImagingStudy(t.db, gp(), key, settings);
        await assert.rejects(
          openImagingFrame(
            t.db,
            outsider,
            { ...key, seriesUid: study.series[0]!.seriesUid, instanceUid: upstreamFrames[0]!, frame: 1 },
            cache,
          ),
          expectDomainError("CONSENT_REQUIRED"),
        );
        const denied = (await audits("imaging.study_view")).filter((e) => e.outcome === "denied");
        assert.ok(denied.some((e) => e.actorId === outsider.practitionerId));

        // the clinic may not see the other patient at all
        await assert.rejects(
          listImagingStudies(t.db, gp(), { patientId: n.patients.notShared }, settings),
          expectDomainError("CONSENT_REQUIRED"),
        );
        // another patient's study under this patient: not signed for it
        await assert.rejects(
          openImagingStudy(t.db, gp(), { ...key, studyUid: mrUid }, settings),
          expectDomainError("FORBIDDEN"),
        );
        const notListed = (await audits("imaging.study_view")).filter(
          (e) => e.outcome === "denied" && (e.details as { reason?: string }).reason === "not_listed",
        );
        assert.ok(
          notListed.some((e) => e.actorId === gp().practitionerId),
          "the refusal is audited",
        );
        // even signed (as if the signature leaked), the PACS says it is not this patient's
        await assert.rejects(
          openImagingStudy(
            t.db,
            gp(),
            { ...key, studyUid: mrUid, sig: signStudy(n.patients.shared, ct.facilityId, mrUid) },
            settings,
          ),
          expectDomainError("NOT_FOUND"),
        );
        await assert.rejects(
          openImagingStudy(t.db, gp(), { ...key, studyUid: "1.2.3;rm" }, settings),
          expectDomainError("VALIDATION", "studyUid"),
        );
      });

      it("says which facility's PACS failed when a study there is opened", async () => {
        const sig = signStudy(n.patients.shared, ids.down!, ctUid);
        await assert.rejects(
          openImagingStudy(
            t.db,
            gp(),
            { patientId: n.patients.shared, facilityId: ids.down!, studyUid: ctUid, sig },
            settings,
          ),
          expectDomainError("UPSTREAM_FAILED"),
        );
      });
    });
  }
});

describe("imaging rate limit per person", () => {
  it("refuses past the burst and recovers with time", () => {
    let now = 0;
    const limiter = new ImagingLimiter(
      {
        list: { capacity: 3, perSecond: 1 },
        open: { capacity: 3, perSecond: 1 },
        item: { capacity: 3, perSecond: 1 },
      },
      () => now,
    );
    for (let i = 0; i < 3; i++) limiter.spend("a", "open");
    assert.throws(() => limiter.spend("a", "open"), expectDomainError("RATE_LIMITED"));
    limiter.spend("b", "open");
    limiter.spend("a", "item");
    now += 1000;
    limiter.spend("a", "open");
  });
});

describe("a PACS that compresses its answers (gzip, as Orthanc does by default)", () => {
  it("is cached whole: the declared compressed size is not taken for the body's", async () => {
    const body = Buffer.alloc(256 * 1024, 7);
    const gz = gzipSync(body);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, {
        "Content-Type": "application/dicom+json",
        "Content-Encoding": "gzip",
        "Content-Length": String(gz.length),
      });
      res.end(gz);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-imaging-gzip-"));
    try {
      const cache = new RecordCache({ dir, ttlMs: 60_000, maxBytes: 1024 * 1024, timeoutMs: 5000 });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
      const first = await cache.open(cache.keyOf("f", url), url, { accept: "application/dicom+json" });
      assert.deepEqual(await readAll(first.body), body);
      const again = await cache.open(cache.keyOf("f", url), url);
      assert.equal(again.source, "disk");
      assert.deepEqual(await readAll(again.body), body);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a series the PACS stores compressed (the demo MR's JPEG-LS copy)", () => {
  let orthanc: Orthanc;
  let work: string;
  const mr = { kind: "MR" as const, facilityCode: "0610000001", localId: "H30001", studyDate: STUDY_DATE };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "okinet-imaging-jls-"));
    orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
    await storeInOrthanc(
      orthanc.url,
      await cachedSyntheticStudy(path.join(work, "studies"), { ...mr, slices: 3, size: 64 }),
    );
  });
  after(async () => {
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const seriesOf = async (uid: string) => {
    const [found] = (await (
      await fetch(`${orthanc.url}/tools/lookup`, { method: "POST", body: uid })
    ).json()) as { ID: string }[];
    return (await (await fetch(`${orthanc.url}/series/${found!.ID}/instances`)).json()) as {
      ID: string;
      MainDicomTags: { InstanceNumber: string; SOPInstanceUID: string };
    }[];
  };

  it("is a second series of the study, JPEG-LS on the wire, with the original's pixels, stored once", async () => {
    const copyUid = await storeCompressedCopy(orthanc.url, mr, { description: "T1 axial (JPEG-LS)" });
    assert.equal(copyUid, compressedSeriesUid(mr));
    assert.equal(await storeCompressedCopy(orthanc.url, mr), copyUid, "found again, not stored twice");
    const original = await seriesOf(syntheticSeriesUid(mr));
    const copy = await seriesOf(copyUid);
    assert.equal(copy.length, 3);
    assert.equal(original.length, 3);

    const studyUid = studyUidOf(mr);
    const series = (await (
      await fetch(`${orthanc.dicomWebUrl}/studies/${studyUid}/series`, {
        headers: { Accept: "application/dicom+json" },
      })
    ).json()) as Record<string, { Value?: unknown[] }>[];
    assert.deepEqual(
      series.map((s) => String(s["0020000E"]!.Value![0])).sort(),
      [syntheticSeriesUid(mr), copyUid].sort(),
    );

    // a frame as the viewer's proxy asks for it (pixels as stored): JPEG-LS, smaller than raw
    const sop = copy.find((i) => i.MainDicomTags.InstanceNumber === "2")!.MainDicomTags.SOPInstanceUID;
    const frame = await fetch(
      `${orthanc.dicomWebUrl}/studies/${studyUid}/series/${copyUid}/instances/${sop}/frames/1`,
      {
        headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
      },
    );
    assert.equal(frame.status, 200);
    assert.match(frame.headers.get("content-type")!, /transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.80/);
    assert.ok((await frame.arrayBuffer()).byteLength < 64 * 64 * 2, "compressed");

    // lossless: every slice decodes (by the PACS) to the original's pixels
    const pixels = async (id: string) => {
      const res = await fetch(`${orthanc.url}/instances/${id}/frames/0/image-uint16`);
      assert.equal(res.status, 200);
      const body = Buffer.from(await res.arrayBuffer());
      // the decoded pixels as a lossless image (PNG, 16-bit grey)
      assert.match(res.headers.get("content-type") ?? "", /^image\//);
      assert.ok(body.length > 100, "an image, not an empty answer");
      return body;
    };
    for (const n of ["1", "2", "3"]) {
      const a = original.find((i) => i.MainDicomTags.InstanceNumber === n)!;
      const b = copy.find((i) => i.MainDicomTags.InstanceNumber === n)!;
      assert.deepEqual(await pixels(b.ID), await pixels(a.ID), `slice ${n}`);
    }
  });
});
