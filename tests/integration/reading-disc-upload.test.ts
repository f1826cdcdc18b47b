import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, facilities, readingRequests } from "../../server/db/schema";
import { startOrthanc, type Orthanc } from "../../server/demo/pacs/orthanc";
import { syntheticStudy, type SyntheticStudyInput } from "../../server/demo/pacs/synthetic-studies";
import { listImagingStudies } from "../../server/domain/images/list-imaging-studies";
import { openImagingStudy } from "../../server/domain/images/open-imaging-study";
import { addReadingUploadFile } from "../../server/domain/readings/add-reading-upload-file";
import { checkReadingUpload } from "../../server/domain/readings/check-reading-upload";
import { getReading } from "../../server/domain/readings/get-reading";
import { UploadStaging } from "../../server/domain/readings/reading-upload-staging";
import { requestReadingFromUpload } from "../../server/domain/readings/request-reading-from-upload";
import { startReadingUpload } from "../../server/domain/readings/start-reading-upload";
import type { RecordSettings } from "../../server/domain/records/records.schema";
import type { Actor } from "../../server/model/permissions";
import { KeyedBuckets } from "../../server/http/token-bucket";
import type { DomainError } from "../../server/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { deadPort } from "../helpers/record-servers";

process.env.AUTH_SECRET ??= "reading-upload-test-secret-0123456789abcdef";

const settings: RecordSettings = { fetchTimeoutMs: 5000, fetchMaxBytes: 8 * 1024 * 1024 };
const MAX_BYTES = 4 * 1024 * 1024;

/** 山田花子 as the hospital's disc names her (her local ID there, her birth date in the fixtures) */
const HANAKO: Omit<SyntheticStudyInput, "kind" | "studyDate"> = {
  facilityCode: "0610000001",
  localId: "H10001",
  patientName: "ﾔﾏﾀﾞ^ﾊﾅｺ",
  birthDate: "19480401",
  sex: "F",
};
const ICHIRO: Omit<SyntheticStudyInput, "kind" | "studyDate"> = {
  facilityCode: "0610000001",
  localId: "H20001",
  patientName: "ヤマダ^イチロウ",
  birthDate: "19480401",
  sex: "M",
};
const mr = (p: typeof HANAKO, studyDate = "20260101") => [
  ...syntheticStudy({ kind: "MR", ...p, studyDate, slices: 3, size: 64 }),
];

const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
      c.close();
    },
  });

describe("reading requests from a CD/DVD: the uploader's patient check, STOW-RS into the reading hospital's PACS", () => {
  let orthanc: Orthanc;
  let work: string;
  let staging: UploadStaging;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "okinet-disc-"));
    orthanc = await startOrthanc({ dir: path.join(work, "orthanc") });
    staging = new UploadStaging({ dir: path.join(work, "staging"), maxBytes: MAX_BYTES, ttlMs: 60_000 });
  });

  after(async () => {
    await orthanc?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestDatabase;
      let n: Network;
      const gp = () => actor(n, "clinic.gp");
      /** roomy enough for this file's uploads; the real limit is tested on its own */
      const limiter = new KeyedBuckets(1000, 1);

      before(async () => {
        t = await createTestDatabase(backend);
        n = await createNetwork(t.db);
        await t.db
          .update(facilities)
          .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
          .where(eq(facilities.id, n.facilities.hospital));
      });
      after(() => t.close());

      /** a disc declared for the shared patient (by the GP unless named), before any file is sent */
      const declare = (totalBytes: number, fileCount: number, who: Actor = gp()) =>
        startReadingUpload(
          t.db,
          who,
          { patientId: n.patients.shared, totalBytes, fileCount },
          staging,
          limiter,
        );
      /** the disc as the browser sends it: declared, then file by file */
      async function upload(files: { name: string; bytes: Uint8Array }[], who: Actor = gp()) {
        const { uploadId } = await declare(
          files.reduce((s, f) => s + f.bytes.length, 0),
          files.length,
          who,
        );
        for (const [index, f] of files.entries()) {
          await addReadingUploadFile(
            who,
            { uploadId, index, name: f.name, contentLength: f.bytes.length },
            streamOf(f.bytes),
            staging,
          );
        }
        return uploadId;
      }
      const asFiles = (bufs: Buffer[], dir = "DICOM/ST000001/SE000001") =>
        bufs.map((bytes, i) => ({ name: `${dir}/IM${String(i).padStart(6, "0")}`, bytes }));
      const check = (uploadId: string, who: Actor = gp()) =>
        checkReadingUpload(t.db, who, { uploadId }, staging);
      const request = (uploadId: string, studyUid: string) =>
        requestReadingFromUpload(
          t.db,
          gp(),
          {
            uploadId,
            studyUid,
            confirmed: true,
            readingFacilityId: n.facilities.hospital,
            clinicalQuestion: "頭部MRIの読影をお願いします",
            urgency: "routine",
          },
          staging,
          settings,
        );
      const staged = (uploadId: string) => existsSync(path.join(staging.settings.dir, uploadId));
      const requests = () =>
        t.db.select().from(readingRequests).where(eq(readingRequests.patientId, n.patients.shared));
      const audits = (action: string) =>
        t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, n.patients.shared)));

      it("lists non-DICOM files by name and shows the disc's patient beside the patient at hand", async () => {
        const uploadId = await upload([
          ...asFiles(mr(HANAKO)),
          { name: "AUTORUN.INF", bytes: Buffer.from("[autorun]\r\nopen=viewer.exe\r\n") },
          { name: "README.TXT", bytes: Buffer.from("This disc was written by a hospital.".repeat(10)) },
        ]);
        const c = await check(uploadId);
        assert.equal(c.refusal, null);
        assert.deepEqual(c.refusedFiles, [
          { name: "AUTORUN.INF", reason: "not_dicom" },
          { name: "README.TXT", reason: "not_dicom" },
        ]);
        assert.equal(c.images, 3);
        assert.deepEqual(
          c.studies.map((s) => ({
            date: s.date,
            modalities: s.modalities,
            series: s.series,
            images: s.images,
          })),
          [{ date: "2026-01-01", modalities: ["MR"], series: 1, images: 3 }],
        );
        assert.equal(c.dicomPatient?.patientId, "H10001");
        assert.equal(c.dicomPatient?.birthDate, "1948-04-01");
        assert.deepEqual(c.patient, {
          localId: "H10001",
          localIdFacilityName: "テスト総合病院",
          name: "山田 花子",
          kana: "ヤマダ ハナコ",
          birthDate: "1948-04-01",
          sex: "female",
        });
        assert.deepEqual(c.comparison?.differs, []);
        assert.ok(staged(uploadId), "kept for the confirmation");
        await staging.remove(uploadId);
      });

      it("refuses a disc with a truncated file, naming it, and removes the upload", async () => {
        const files = asFiles(mr(HANAKO));
        files[1] = { ...files[1]!, bytes: files[1]!.bytes.subarray(0, files[1]!.bytes.length - 500) };
        const uploadId = await upload(files);
        const c = await check(uploadId);
        assert.equal(c.refusal, "truncated");
        assert.deepEqual(c.refusedFiles, [{ name: files[1]?.name, reason: "truncated" }]);
        assert.equal(staged(uploadId), false);
        await assert.rejects(request(uploadId, c.studies[0]!.studyUid), expectDomainError("NOT_FOUND"));
      });

      it("refuses a folder with no DICOM image at all", async () => {
        const uploadId = await upload([{ name: "viewer.exe", bytes: Buffer.from("MZ".padEnd(400, "\0")) }]);
        assert.equal((await check(uploadId)).refusal, "no_images");
      });

      it("refuses another patient's study, field by field, and writes no request", async () => {
        const before = (await requests()).length;
        const uploadId = await upload(asFiles(mr(ICHIRO)));
        const c = await check(uploadId);
        assert.equal(c.refusal, "mismatch");
        assert.deepEqual(c.comparison?.differs, ["patientId", "name"]);
        assert.equal(staged(uploadId), false);
        const events = await audits("reading.upload_check");
        assert.deepEqual((events.at(-1)!.details as { differs: string[] }).differs, ["patientId", "name"]);
        assert.ok(!JSON.stringify(events.at(-1)!.details).includes("イチロウ"), "no names in the audit");

        // confirming anyway (a second upload, straight to the request) is refused the same way
        const again = await upload(asFiles(mr(ICHIRO)));
        await assert.rejects(request(again, c.studies[0]!.studyUid), expectDomainError("VALIDATION", "name"));
        assert.equal((await requests()).length, before);
      });

      it("refuses a folder of two patients", async () => {
        const uploadId = await upload([
          ...asFiles(mr(HANAKO)),
          ...asFiles(mr(ICHIRO), "DICOM/ST000002/SE000001"),
        ]);
        const c = await check(uploadId);
        assert.equal(c.refusal, "two_patients");
        assert.equal(c.dicomPatient, null);
      });

      it("refuses an oversize disc by its declared size, and a file that sends more than it said", async () => {
        const events = (await audits("reading.upload")).length;
        await assert.rejects(
          startReadingUpload(
            t.db,
            gp(),
            { patientId: n.patients.shared, totalBytes: 2 * 1024 * 1024 * 1024, fileCount: 500 },
            staging,
            limiter,
          ),
          expectDomainError("PAYLOAD_TOO_LARGE"),
        );
        assert.equal((await audits("reading.upload")).at(-1)!.outcome, "denied");
        assert.equal((await audits("reading.upload")).length, events + 1);

        // declares 1 MB, then streams 5 MB in a file whose Content-Length says 1 MB: cut off at the limit
        const { uploadId } = await declare(1024 * 1024, 2);
        let sent = 0;
        const endless = new ReadableStream<Uint8Array>({
          pull(c) {
            sent += 256 * 1024;
            if (sent > 5 * 1024 * 1024) c.close();
            else c.enqueue(new Uint8Array(256 * 1024));
          },
        });
        await assert.rejects(
          addReadingUploadFile(
            gp(),
            { uploadId, index: 0, name: "big.dcm", contentLength: 1024 * 1024 },
            endless,
            staging,
          ),
          expectDomainError("PAYLOAD_TOO_LARGE"),
        );
        assert.ok(sent <= 1024 * 1024 + 2 * 256 * 1024, `stopped reading near the limit (read ${sent})`);
        assert.equal(staged(uploadId), false, "the whole upload removed");

        // a file whose Content-Length alone passes the declared total is refused before it is read
        const second = await declare(1024, 1);
        let read = false;
        const body = new ReadableStream<Uint8Array>(
          {
            pull(c) {
              read = true;
              c.close();
            },
          },
          { highWaterMark: 0 },
        );
        await assert.rejects(
          addReadingUploadFile(
            gp(),
            { uploadId: second.uploadId, index: 0, name: "x", contentLength: 5000 },
            body,
            staging,
          ),
          expectDomainError("PAYLOAD_TOO_LARGE"),
        );
        assert.equal(read, false);
      });

      it("takes a disc's files in parallel, as the browser sends them: a file half-written when the next arrives counts once", async () => {
        const [a, b] = [new Uint8Array(512 * 1024).fill(1), new Uint8Array(512 * 1024).fill(2)];
        const { uploadId } = await declare(a.length + b.length, 2);
        // the first file sends its first half, then waits until the second file is in
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        const half = new ReadableStream<Uint8Array>({
          async start(c) {
            c.enqueue(a.subarray(0, a.length / 2));
            await released;
            c.enqueue(a.subarray(a.length / 2));
            c.close();
          },
        });
        const first = addReadingUploadFile(
          gp(),
          { uploadId, index: 0, name: "IM000000", contentLength: a.length },
          half,
          staging,
        );
        const part = path.join(staging.settings.dir, uploadId, "files", "0.part");
        for (let i = 0; i < 500 && !(existsSync(part) && statSync(part).size >= a.length / 2); i++)
          await new Promise((r) => setTimeout(r, 20));
        assert.ok(statSync(part).size >= a.length / 2, "the first file is half on disk");
        const second = await addReadingUploadFile(
          gp(),
          { uploadId, index: 1, name: "IM000001", contentLength: b.length },
          streamOf(b),
          staging,
        );
        release();
        assert.equal(second.bytes, b.length);
        assert.equal((await first).bytes, a.length);
        const files = await staging.files(await staging.open(uploadId, gp().practitionerId));
        assert.deepEqual(
          files.map((f) => [f.index, f.bytes]),
          [
            [0, a.length],
            [1, b.length],
          ],
        );
        await staging.remove(uploadId);
      });

      it("refuses files that arrive together and together pass the declared total", async () => {
        const { uploadId } = await declare(1024 * 1024, 2);
        const file = (index: number) =>
          addReadingUploadFile(
            gp(),
            { uploadId, index, name: `IM00000${index}`, contentLength: 600 * 1024 },
            streamOf(new Uint8Array(600 * 1024)),
            staging,
          );
        const results = await Promise.allSettled([file(0), file(1)]);
        const refused = results.filter(
          (r) => r.status === "rejected" && (r.reason as DomainError).code === "PAYLOAD_TOO_LARGE",
        );
        assert.ok(refused.length >= 1, "one of them is refused as too large");
        assert.equal(staged(uploadId), false, "the whole upload removed");
      });

      it("keeps each upload to its uploader, and needs access to the patient to start one", async () => {
        const uploadId = await upload(asFiles(mr(HANAKO)));
        await assert.rejects(check(uploadId, actor(n, "hosp.doctor")), expectDomainError("NOT_FOUND"));
        await assert.rejects(
          startReadingUpload(
            t.db,
            actor(n, "outsider.gp"),
            { patientId: n.patients.shared, totalBytes: 10, fileCount: 1 },
            staging,
            limiter,
          ),
          expectDomainError("CONSENT_REQUIRED"),
        );
        await staging.remove(uploadId);
      });

      it("limits how many discs one practitioner starts", async () => {
        const tight = new KeyedBuckets(2, 0.0001);
        const start = (who: Actor) =>
          startReadingUpload(
            t.db,
            who,
            { patientId: n.patients.shared, totalBytes: 10, fileCount: 1 },
            staging,
            tight,
          );
        const started = [await start(gp()), await start(gp())];
        await assert.rejects(start(gp()), expectDomainError("RATE_LIMITED"));
        started.push(await start(actor(n, "hosp.doctor")));
        for (const s of started) await staging.remove(s.uploadId);
      });

      it("when the reading hospital's PACS is down, requests nothing and names the hospital", async () => {
        await t.db
          .update(facilities)
          .set({ pacsDicomwebUrl: `http://127.0.0.1:${await deadPort()}/dicom-web` })
          .where(eq(facilities.id, n.facilities.hospital));
        try {
          const before = (await requests()).length;
          const uploadId = await upload(asFiles(mr(HANAKO, "20260202")));
          const c = await check(uploadId);
          await assert.rejects(request(uploadId, c.studies[0]!.studyUid), (e: unknown) => {
            expectDomainError("UPSTREAM_FAILED")(e);
            assert.deepEqual((e as DomainError).params, { name: "テスト総合病院" });
            return true;
          });
          assert.equal((await requests()).length, before);
          assert.equal((await audits("reading.upload_store")).at(-1)!.outcome, "failure");
          assert.ok(staged(uploadId), "the disc stays for another try until it expires");
          await staging.remove(uploadId);
        } finally {
          await t.db
            .update(facilities)
            .set({ pacsDicomwebUrl: orthanc.dicomWebUrl })
            .where(eq(facilities.id, n.facilities.hospital));
        }
      });

      it("stores the study in the reading hospital's PACS, requests the reading, and the radiologist opens it; an outsider does not", async () => {
        const uploadId = await upload([
          { name: "DICOMDIR", bytes: Buffer.from("not a real index".padEnd(200, " ")) },
          ...asFiles(mr(HANAKO, `2026030${backend === "pglite" ? 1 : 2}`)),
        ]);
        const c = await check(uploadId);
        assert.equal(c.refusal, null);
        const studyUid = c.studies[0]!.studyUid;
        const { readingId } = await request(uploadId, studyUid);
        assert.equal(staged(uploadId), false, "staging removed on success");
        const [row] = await t.db.select().from(readingRequests).where(eq(readingRequests.id, readingId));
        assert.equal(row!.studyFacilityId, n.facilities.hospital);
        assert.equal(row!.studyUid, studyUid);
        assert.deepEqual(row!.studyModalities, ["MR"]);
        assert.equal((await audits("reading.upload_store")).at(-1)!.outcome, "success");

        const doctor = actor(n, "hosp.doctor");
        const reading = await getReading(t.db, doctor, readingId);
        const opened = await openImagingStudy(
          t.db,
          doctor,
          {
            patientId: n.patients.shared,
            facilityId: n.facilities.hospital,
            studyUid,
            sig: reading.study.sig,
          },
          settings,
        );
        assert.equal(opened.series.length, 1);
        assert.equal(opened.series[0]!.instances, 3);
        const listed = await listImagingStudies(t.db, doctor, { patientId: n.patients.shared }, settings);
        assert.ok(
          listed.studies.some((s) => s.studyUid === studyUid),
          "filed under the hospital's own ID",
        );

        await assert.rejects(
          openImagingStudy(
            t.db,
            actor(n, "outsider.gp"),
            {
              patientId: n.patients.shared,
              facilityId: n.facilities.hospital,
              studyUid,
              sig: reading.study.sig,
            },
            settings,
          ),
          expectDomainError("CONSENT_REQUIRED"),
        );
        assert.deepEqual(
          readdirSync(staging.settings.dir).filter((d) => staged(d)),
          [],
          "no upload left behind",
        );
      });

      it("removes an upload once its time is over", async () => {
        const uploadId = await upload(asFiles(mr(HANAKO)));
        assert.ok((await staging.sweep(Date.now() + 61_000)) >= 1);
        assert.equal(staged(uploadId), false);
        await assert.rejects(check(uploadId), expectDomainError("NOT_FOUND"));
      });
    });
  }
});
