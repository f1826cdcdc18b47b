import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { DiagnosticReport, Media } from "@medplum/fhirtypes";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, facilities, readingKeyImages } from "../../server/db/schema";
import { studyUidOf } from "../../server/demo/pacs/synthetic-studies";
import { readingReportBundle } from "../../server/documents/fhir/reading-report-bundle";
import { renderReadingReportPdf } from "../../server/documents/pdf/reading-report-pdf";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { openImagingMetadata } from "../../server/domain/images/open-imaging-item";
import { acceptReading } from "../../server/domain/readings/accept-reading";
import { getReading } from "../../server/domain/readings/get-reading";
import { markKeyImage } from "../../server/domain/readings/mark-key-image";
import { openKeyImage } from "../../server/domain/readings/open-key-image";
import { readingReportDocument } from "../../server/domain/readings/reading-documents";
import { removeKeyImage } from "../../server/domain/readings/remove-key-image";
import { requestReading } from "../../server/domain/readings/request-reading";
import { signReadingReport } from "../../server/domain/readings/sign-reading-report";
import { RecordCache } from "../../server/domain/records/record-cache";
import { KEY_IMAGES_PER_VERSION } from "../../server/model/reading-report";
import { BACKENDS, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import {
  assertDocumentShape,
  assertReferencesResolve,
  assertValid,
  ofType,
} from "../helpers/fhir-document-checks";
import { actor, type Network } from "../helpers/fixtures";
import {
  HOSPITAL_CODE,
  SHARED_LOCAL_ID,
  createImagingWorld,
  startImagingPacs,
  type ImagingPacs,
} from "../helpers/imaging-pacs";
import { PdfFile, assertNotoSansJpSubsets, assertVisibleGlyphsInked, squeeze } from "../helpers/pdf";

process.env.AUTH_SECRET ??= "key-image-test-secret-0123456789abcdef0123";

const SLICES = 6;
const study = {
  kind: "CT" as const,
  facilityCode: HOSPITAL_CODE,
  localId: SHARED_LOCAL_ID,
  studyDate: "20261130",
};
const studyUid = studyUidOf(study);

describe("key images of a reading report: marked in the viewer, in the report's version, its PDF and FHIR", () => {
  let pacs: ImagingPacs;

  before(async () => {
    pacs = await startImagingPacs("key-images", [{ ...study, slices: SLICES, patientName: "Yamada^Hanako" }]);
  });

  after(async () => {
    await pacs?.close();
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestDatabase;
      let n: Network;
      let cache: RecordCache;
      let readingId: string;
      let seriesUid: string;
      let instances: string[];

      const gp = () => actor(n, "clinic.gp");
      const doctor = () => actor(n, "hosp.doctor");
      const audits = (action: string) =>
        t.db.select().from(auditEvents).where(eq(auditEvents.action, action));
      const mark = (i: number, over: Record<string, unknown> = {}) =>
        markKeyImage(
          t.db,
          doctor(),
          {
            readingId,
            seriesUid,
            instanceUid: instances[i],
            frame: 1,
            windowCenter: 40,
            windowWidth: 400,
            note: `スライス${i + 1}`,
            ...over,
          },
          cache,
        );
      const revision = async () => (await getReading(t.db, doctor(), readingId)).revision;

      before(async () => {
        ({ t, n, cache } = await createImagingWorld(backend, {
          dicomWebUrl: pacs.orthanc.dicomWebUrl,
          cacheDir: path.join(pacs.work, `cache-${backend}`),
        }));
        const sig = signStudy(n.patients.shared, n.facilities.hospital, studyUid);
        const requested = await requestReading(t.db, gp(), {
          patientId: n.patients.shared,
          readingFacilityId: n.facilities.hospital,
          clinicalQuestion: "胸部CTで右上葉に結節影。",
          urgency: "routine",
          study: { facilityId: n.facilities.hospital, studyUid, sig },
        });
        readingId = requested.readingId;
        await acceptReading(t.db, doctor(), { readingId, revision: await revision() });
        // the instances as the reading's viewer lists them
        const view = await getReading(t.db, doctor(), readingId);
        const key = {
          patientId: n.patients.shared,
          facilityId: n.facilities.hospital,
          studyUid,
          sig: view.study.sig,
        };
        const series = await fetch(`${pacs.orthanc.dicomWebUrl}/studies/${studyUid}/series`).then(
          (r) => r.json() as Promise<Record<string, { Value: string[] }>[]>,
        );
        seriesUid = series[0]!["0020000E"]!.Value[0]!;
        const meta = await openImagingMetadata(t.db, doctor(), { ...key, seriesUid }, cache);
        const docs = JSON.parse(await new Response(meta.body).text()) as Record<
          string,
          { Value: unknown[] }
        >[];
        instances = docs
          .map((d) => ({ uid: String(d["00080018"]!.Value[0]), n: Number(d["00200013"]!.Value[0]) }))
          .sort((a, b) => a.n - b.n)
          .map((i) => i.uid);
        assert.equal(instances.length, SLICES);
      });

      after(async () => {
        await t.close();
      });

      it("refuses by name: another's hand, bad fields, a frame the PACS does not hold; writes nothing", async () => {
        await assert.rejects(
          markKeyImage(
            t.db,
            gp(),
            { readingId, seriesUid, instanceUid: instances[0], frame: 1, windowCenter: 40, windowWidth: 400 },
            cache,
          ),
          expectDomainError("FORBIDDEN"),
        );
        await assert.rejects(mark(0, { frame: 0 }), expectDomainError("VALIDATION", "frame"));
        await assert.rejects(mark(0, { windowWidth: 0 }), expectDomainError("VALIDATION", "windowWidth"));
        await assert.rejects(
          mark(0, { instanceUid: "1.2.3.x" }),
          expectDomainError("VALIDATION", "instanceUid"),
        );
        await assert.rejects(mark(0, { note: "x".repeat(201) }), expectDomainError("VALIDATION", "note"));
        await assert.rejects(
          mark(0, { instanceUid: "1.2.826.0.1.3680043.8.498.999999" }),
          expectDomainError("VALIDATION", "instanceUid"),
        );
        await assert.rejects(mark(0, { frame: 2 }), expectDomainError("VALIDATION", "instanceUid"));
        assert.equal((await t.db.select().from(readingKeyImages)).length, 0);
        assert.equal((await audits("reading.key_image_mark")).length, 0);
      });

      it("marks key images of the version being written, shown to the reader, not yet to the requester; removes one", async () => {
        const first = await mark(1, { windowCenter: -600, windowWidth: 1500, note: "右上葉の結節" });
        const second = await mark(3);
        assert.equal(first.version, 1);
        const view = await getReading(t.db, doctor(), readingId);
        assert.deepEqual(
          view.draftKeyImages.map((k) => [k.instanceUid, k.windowCenter, k.windowWidth, k.note]),
          [
            [instances[1], -600, 1500, "右上葉の結節"],
            [instances[3], 40, 400, "スライス4"],
          ],
        );
        assert.deepEqual((await getReading(t.db, gp(), readingId)).draftKeyImages, []);
        // the picture for the report page: the reader's, not yet the requester's
        const picture = await openKeyImage(
          t.db,
          doctor(),
          { readingId, keyImageId: first.keyImageId },
          cache,
        );
        assert.match(picture.contentType, /^image\/(jpeg|png)$/);
        assert.ok((await new Response(picture.body).arrayBuffer()).byteLength > 100);
        await assert.rejects(
          openKeyImage(t.db, gp(), { readingId, keyImageId: first.keyImageId }, cache),
          expectDomainError("NOT_FOUND"),
        );
        await assert.rejects(
          removeKeyImage(t.db, gp(), { readingId, keyImageId: second.keyImageId }),
          expectDomainError("FORBIDDEN"),
        );
        await removeKeyImage(t.db, doctor(), { readingId, keyImageId: second.keyImageId });
        assert.deepEqual(
          (await getReading(t.db, doctor(), readingId)).draftKeyImages.map((k) => k.id),
          [first.keyImageId],
        );
        assert.equal((await audits("reading.key_image_mark")).length, 2);
        const removed = await audits("reading.key_image_remove");
        assert.equal(removed.length, 1);
        assert.deepEqual(removed[0]!.details, { readingId, keyImageId: second.keyImageId, version: 1 });
        assert.equal(removed[0]!.patientId, n.patients.shared);
      });

      it("holds at most the limit per version, refused by name", async () => {
        const held = (await getReading(t.db, doctor(), readingId)).draftKeyImages.length;
        const added: string[] = [];
        for (let i = held; i < KEY_IMAGES_PER_VERSION; i++) added.push((await mark(0)).keyImageId);
        await assert.rejects(mark(0), expectDomainError("VALIDATION", "keyImages"));
        for (const keyImageId of added) await removeKeyImage(t.db, doctor(), { readingId, keyImageId });
      });

      it("signs them with version 1: frozen there (the database refuses too), carried into an amendment that may change them", async () => {
        await signReadingReport(t.db, doctor(), {
          readingId,
          revision: await revision(),
          content: { findings: "右上葉S2に 12mm の結節。", impression: "肺癌疑い" },
        });
        const v1 = await getReading(t.db, gp(), readingId);
        assert.equal(v1.shown?.keyImages.length, 1);
        const signedId = v1.shown.keyImages[0]!.id;
        // the requester now sees the signed version's picture
        const picture = await openKeyImage(t.db, gp(), { readingId, keyImageId: signedId }, cache);
        await picture.body.cancel();
        await assert.rejects(
          removeKeyImage(t.db, doctor(), { readingId, keyImageId: signedId }),
          expectDomainError("VALIDATION", "keyImageId"),
        );
        await assert.rejects(t.db.delete(readingKeyImages).where(eq(readingKeyImages.id, signedId)));
        await assert.rejects(
          t.db.update(readingKeyImages).set({ note: "書き換え" }).where(eq(readingKeyImages.id, signedId)),
        );
        // the amendment starts from a copy: drop it, mark two others
        const draft = (await getReading(t.db, doctor(), readingId)).draftKeyImages;
        assert.equal(draft.length, 1);
        assert.notEqual(draft[0]!.id, signedId);
        await removeKeyImage(t.db, doctor(), { readingId, keyImageId: draft[0]!.id });
        await mark(2, { note: "右下葉の微小結節" });
        await mark(4, { windowCenter: 50, windowWidth: 350 });
        await signReadingReport(t.db, doctor(), {
          readingId,
          revision: await revision(),
          amendmentNote: "右下葉の微小結節の追記",
          content: { findings: "右上葉S2に 12mm の結節。右下葉に 4mm の微小結節。", impression: "肺癌疑い" },
        });
        const v2 = await getReading(t.db, gp(), readingId);
        assert.deepEqual(
          v2.shown?.keyImages.map((k) => k.instanceUid),
          [instances[2], instances[4]],
        );
        const again = await getReading(t.db, gp(), readingId, { version: 1 });
        assert.deepEqual(
          again.shown?.keyImages.map((k) => [k.id, k.note]),
          [[signedId, "右上葉の結節"]],
        );
        const [{ count }] = (await t.db
          .select({ count: sql<number>`count(*)::int` })
          .from(readingKeyImages)
          .where(and(eq(readingKeyImages.requestId, readingId), eq(readingKeyImages.version, 3)))) as [
          { count: number },
        ];
        assert.equal(count, 2, "the next amendment would start from version 2's");
      });

      it("embeds each key image in the PDF with its caption, and lists them in the FHIR DiagnosticReport", async () => {
        const doc = await readingReportDocument(t.db, gp(), readingId, "pdf", undefined, cache);
        assert.equal(doc.keyImages.length, 2);
        assert.ok(doc.keyImages.every((k) => k.picture !== null));
        const pdf = await PdfFile.write(await renderReadingReportPdf(doc));
        try {
          const images = await pdf.images();
          assert.equal(images.length, 2, "one image XObject per key image");
          assert.ok(images.every((i) => i.width > 100 && i.width <= 512 && i.height <= 512));
          const flat = squeeze(await pdf.text());
          for (const expected of [
            "キー画像",
            "キー画像1（フレーム1・WW 400 / WL 40）",
            "右下葉の微小結節",
            "キー画像2（フレーム1・WW 350 / WL 50）",
          ]) {
            assert.ok(flat.includes(squeeze(expected)), `missing: ${expected}`);
          }
          await assertNotoSansJpSubsets(pdf);
          await assertVisibleGlyphsInked(pdf, 20);
        } finally {
          await pdf.remove();
        }

        const bundle = readingReportBundle(await readingReportDocument(t.db, gp(), readingId, "fhir"));
        assertDocumentShape(bundle);
        assertValid(bundle);
        assertReferencesResolve(bundle);
        const [report] = ofType<DiagnosticReport>(bundle, "DiagnosticReport");
        const media = ofType<Media>(bundle, "Media");
        assert.equal(report!.media?.length, 2);
        assert.deepEqual(
          media.map((m) => [m.identifier?.[0]?.value, m.frames]),
          [
            [`urn:oid:${instances[2]}`, 1],
            [`urn:oid:${instances[4]}`, 1],
          ],
        );
        assert.equal(report!.media?.[0]?.comment, "右下葉の微小結節");
      });

      it("says so in the PDF when the PACS cannot give a picture, rather than failing the report", async () => {
        await t.db
          .update(facilities)
          .set({ pacsDicomwebUrl: "http://127.0.0.1:9/dicom-web/" })
          .where(eq(facilities.id, n.facilities.hospital));
        try {
          const doc = await readingReportDocument(
            t.db,
            gp(),
            readingId,
            "pdf",
            1,
            new RecordCache({
              dir: path.join(pacs.work, `cold-${backend}`),
              ttlMs: 60_000,
              maxBytes: 8 * 1024 * 1024,
              timeoutMs: 2000,
            }),
          );
          assert.deepEqual(
            doc.keyImages.map((k) => k.picture),
            [null],
          );
          const pdf = await PdfFile.write(await renderReadingReportPdf(doc));
          try {
            assert.equal((await pdf.images()).length, 0);
            assert.ok(
              squeeze(await pdf.text()).includes(squeeze("画像を検査施設のPACSから取得できませんでした")),
            );
          } finally {
            await pdf.remove();
          }
        } finally {
          await t.db
            .update(facilities)
            .set({ pacsDicomwebUrl: pacs.orthanc.dicomWebUrl })
            .where(eq(facilities.id, n.facilities.hospital));
        }
      });
    });
  }
});
