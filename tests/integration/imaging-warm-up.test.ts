import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, facilities, patientLocalIds } from "../../server/db/schema";
import { startOrthanc, type Orthanc } from "../../server/demo/pacs/orthanc";
import { studyUidOf, type SyntheticStudyInput } from "../../server/demo/pacs/synthetic-studies";
import { createConference } from "../../server/domain/conferences/create-conference";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { grantConsent } from "../../server/domain/consent/grant-consent";
import { ImagingGrants } from "../../server/domain/images/imaging-grants";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { openImagingFrame, openImagingMetadata } from "../../server/domain/images/open-imaging-item";
import { openImagingStudy } from "../../server/domain/images/open-imaging-study";
import { WARM_FETCHES_PER_PROCESS } from "../../server/domain/images/warm-fetch-slots";
import type { ImagingWarmSettings } from "../../server/domain/images/warm-imaging-studies";
import { RecordCache } from "../../server/domain/records/record-cache";
import type { RecordSettings } from "../../server/domain/records/records.schema";
import { warmConferenceRecords } from "../../server/domain/records/warm-conference-records";
import { BACKENDS } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, tinyPdf } from "../helpers/fixtures";
import {
  HOSPITAL_CODE,
  SHARED_LOCAL_ID,
  createImagingWorld,
  startImagingPacs,
  type ImagingPacs,
  type ImagingWorld,
} from "../helpers/imaging-pacs";
import { deadPort } from "../helpers/record-servers";

process.env.AUTH_SECRET ??= "imaging-warm-up-secret-0123456789abcdef0123";

const settings: RecordSettings = { fetchTimeoutMs: 5000, fetchMaxBytes: 8 * 1024 * 1024 };
/** 128 x 128 16-bit slices: 32 KiB a frame */
const SIZE = 128;
const FRAME_BYTES = SIZE * SIZE * 2;
const CT_SLICES = 8;
const MR_SLICES = 4;
const shared = { facilityCode: HOSPITAL_CODE, localId: SHARED_LOCAL_ID, size: SIZE };
// the shared patient's three studies, newest first; another patient's MR at the same hospital
const ct: SyntheticStudyInput = { kind: "CT", ...shared, studyDate: "20261120", slices: CT_SLICES };
const mr: SyntheticStudyInput = { kind: "MR", ...shared, studyDate: "20260901", slices: MR_SLICES };
const dx: SyntheticStudyInput = { kind: "DX", ...shared, studyDate: "20250601" };
const otherMr: SyntheticStudyInput = {
  kind: "MR",
  facilityCode: HOSPITAL_CODE,
  localId: "H20001",
  studyDate: "20261101",
  slices: MR_SLICES,
  size: SIZE,
};

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** The first part's body of a multipart/related answer (its boundary is the answer's own). */
function firstPart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)![1]!;
  const start = body.indexOf("\r\n\r\n", body.indexOf(`--${boundary}`)) + 4;
  return body.subarray(start, body.indexOf(`\r\n--${boundary}`, start));
}

/**
 * The PACS as the app sees it: a pass-through to the current Orthanc that
 * records every path asked and the most requests it held at once, and can be
 * made slow (each request held a while first) so that concurrent requests overlap.
 */
function startCountingProxy(target: () => Orthanc) {
  const paths: string[] = [];
  let inFlight = 0;
  let most = 0;
  let holdMs = 0;
  const server = http.createServer((req, res) => {
    if (holdMs > 0) req.pause();
    setTimeout(() => forward(req, res), holdMs);
  });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    paths.push(req.url ?? "");
    inFlight++;
    most = Math.max(most, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    res.on("close", finish);
    const upstream = http.request(
      { host: "127.0.0.1", port: target().port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
    req.resume();
  };
  return {
    server,
    paths,
    most: () => most,
    reset: (hold = 0) => {
      paths.length = 0;
      most = 0;
      holdMs = hold;
    },
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`),
        ),
      ),
  };
}

describe("conference warm-up of the agenda's imaging studies: opened from local disk", () => {
  let pacs: ImagingPacs;
  /** the Orthanc now running on the PACS's storage (each backend stops it once warmed) */
  let orthanc: Orthanc;
  const proxy = startCountingProxy(() => orthanc);
  let proxyUrl: string;

  before(async () => {
    pacs = await startImagingPacs("imaging-warm-up", [ct, mr, dx, otherMr]);
    orthanc = pacs.orthanc;
    proxyUrl = await proxy.listen();
  });

  after(async () => {
    proxy.server.closeAllConnections();
    await new Promise((r) => proxy.server.close(r));
    await orthanc?.stop();
    await pacs?.close();
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      let w: ImagingWorld;
      let conferenceId: string;
      let downFacility: string;
      const warm: ImagingWarmSettings = { studiesPerPatient: 2, maxBytes: 64 * 1024 * 1024 };
      const gp = () => actor(w.n, "clinic.gp");
      const audits = (action: string, patientId: string) =>
        w.t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));
      const freshCache = (name: string) =>
        new RecordCache({
          dir: path.join(pacs.work, `${name}-${backend}`),
          ttlMs: 60_000,
          maxBytes: 8 * 1024 * 1024,
          timeoutMs: 5000,
        });
      const warmUp = (who: string, cache: RecordCache, over: Partial<ImagingWarmSettings> = {}) =>
        warmConferenceRecords(
          w.t.db,
          actor(w.n, who),
          { conferenceId },
          { cache, settings, imaging: { ...warm, ...over } },
        );
      const key = (study: SyntheticStudyInput) => {
        const studyUid = studyUidOf(study);
        return {
          patientId: w.n.patients.shared,
          facilityId: w.n.facilities.hospital,
          studyUid,
          sig: signStudy(w.n.patients.shared, w.n.facilities.hospital, studyUid),
        };
      };

      before(async () => {
        if (backend !== BACKENDS[0]) orthanc = await startOrthanc({ dir: path.join(pacs.work, "orthanc") });
        w = await createImagingWorld(backend, {
          dicomWebUrl: proxyUrl,
          cacheDir: path.join(pacs.work, `cache-${backend}`),
        });
        const { n, t } = w;
        // the other patient is inside the hospital's consent (so on the host's agenda), not the clinic's
        await grantConsent(t.db, actor(n, "hosp.clerk"), {
          patientId: n.patients.notShared,
          obtainedOn: "2024-06-01",
          facilityIds: [n.facilities.pharmacy],
          document: { fileName: "consent.pdf", bytes: tinyPdf() },
        });
        // a second hospital in the shared patient's consent whose PACS is down
        const [down] = await t.db
          .insert(facilities)
          .values({
            code: "0610000777",
            name: "画像停止病院",
            nameKana: "ガゾウテイシ",
            kind: "hospital",
            role: "disclosing",
            pacsDicomwebUrl: `http://127.0.0.1:${await deadPort()}/dicom-web`,
          })
          .returning({ id: facilities.id });
        downFacility = down!.id;
        await t.db
          .insert(patientLocalIds)
          .values({ patientId: n.patients.shared, facilityId: downFacility, localId: "D777" });
        await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
          consentId: n.consents.shared,
          effectiveOn: "2025-03-01",
          facilityIds: [downFacility],
          document: { fileName: "add.pdf", bytes: tinyPdf("images") },
        });
        conferenceId = (
          await createConference(t.db, actor(n, "hosp.doctor"), {
            title: "症例検討カンファランス",
            kind: "case_conference",
            invitees: [
              { practitionerId: gp().practitionerId },
              { practitionerId: actor(n, "pharm.pharmacist").practitionerId, role: "observer" },
            ],
            agenda: [
              { patientId: n.patients.shared, question: "胸部CTの経過" },
              { patientId: n.patients.notShared, question: "頭部MRI" },
            ],
          })
        ).conferenceId;
      });

      after(async () => {
        await w?.t.close();
      });

      it("warms the newest studies of the patients the warmer may see, a few fetches at a time, and says which facility failed", async () => {
        proxy.reset();
        const summary = await warmUp("clinic.gp", w.cache);
        assert.deepEqual(
          { patients: summary.patients, skipped: summary.skipped },
          { patients: 1, skipped: 1 },
        );
        const { facilitiesFailed, bytesFetched, ...counts } = summary.imaging;
        // the two newest of the shared patient's three studies, every frame
        assert.deepEqual(counts, {
          studies: 2,
          studiesWarmed: 2,
          overBudget: 0,
          frames: CT_SLICES + MR_SLICES,
          framesFetched: CT_SLICES + MR_SLICES,
          failed: 0,
        });
        assert.ok(bytesFetched > (CT_SLICES + MR_SLICES) * FRAME_BYTES, String(bytesFetched));
        assert.deepEqual(facilitiesFailed, [
          { facilityId: downFacility, name: "画像停止病院", listFailed: true, studiesFailed: 0 },
        ]);
        const said = JSON.stringify(summary);
        for (const secret of [w.n.patients.shared, w.n.patients.notShared, SHARED_LOCAL_ID, "H20001"]) {
          assert.ok(!said.includes(secret), "the summary names no patient");
        }

        // the PACS was never asked for the other patient, nor for the older study
        for (const p of proxy.paths) {
          assert.ok(!p.includes("H20001") && !p.includes(studyUidOf(otherMr)), `asked ${p}`);
          assert.ok(!p.includes(studyUidOf(dx)), `asked ${p}`);
        }
        assert.ok(proxy.most() <= 2, `one warm-up held ${proxy.most()} requests at once`);

        // audited per patient with ids: the studies warmed, for this conference; nothing of the other
        const [event] = await audits("imaging.study_warm", w.n.patients.shared);
        const details = event!.details as {
          conferenceId: string;
          studies: { facilityId: string; studyUid: string; state: string; frames: number }[];
        };
        assert.equal(details.conferenceId, conferenceId);
        assert.deepEqual(
          details.studies.map((s) => [s.studyUid, s.state, s.frames]),
          [
            [studyUidOf(ct), "warmed", CT_SLICES],
            [studyUidOf(mr), "warmed", MR_SLICES],
          ],
        );
        assert.ok(!JSON.stringify(details).includes("Yamada"));
        assert.equal((await audits("imaging.study_warm", w.n.patients.notShared)).length, 0);

        // a member who may not see the cases clinically warms no image
        const pharmacist = await warmUp("pharm.pharmacist", freshCache("pharmacist"));
        assert.equal(pharmacist.imaging.studies, 0);
      });

      it("holds the process's warm-up fetches to a few at a time, however many warm at once", async () => {
        // a slow PACS: without the process's bound three warm-ups would hold six requests at once
        proxy.reset(25);
        const summaries = await Promise.all(
          ["a", "b", "c"].map((name) => warmUp("hosp.doctor", freshCache(`parallel-${name}`))),
        );
        for (const s of summaries) assert.equal(s.imaging.studiesWarmed, 3);
        assert.ok(
          proxy.most() <= WARM_FETCHES_PER_PROCESS,
          `three warm-ups held ${proxy.most()} requests at once`,
        );
        proxy.reset();
      });

      it("leaves out whole studies past the byte budget: the newest first, the next one that fits", async () => {
        const cache = freshCache("budget");
        // the CT's frames alone exceed the budget; the MR (half of it) fits beside the lists
        const summary = await warmUp("clinic.gp", cache, { maxBytes: CT_SLICES * FRAME_BYTES - 1 });
        assert.deepEqual(
          {
            studies: summary.imaging.studies,
            overBudget: summary.imaging.overBudget,
            studiesWarmed: summary.imaging.studiesWarmed,
            frames: summary.imaging.frames,
          },
          { studies: 2, overBudget: 1, studiesWarmed: 1, frames: MR_SLICES },
        );
        assert.ok(summary.imaging.bytesFetched < CT_SLICES * FRAME_BYTES);
      });

      it("opens a warmed study, its metadata and every frame with the PACS stopped; audited per study opened", async () => {
        const ctKey = key(ct);
        const seriesOf = await fetch(`${proxyUrl}/studies/${ctKey.studyUid}/series`).then(
          (r) => r.json() as Promise<Record<string, { Value: string[] }>[]>,
        );
        const seriesUid = seriesOf[0]!["0020000E"]!.Value[0]!;
        const instanceOf = await fetch(
          `${proxyUrl}/studies/${ctKey.studyUid}/series/${seriesUid}/metadata`,
        ).then((r) => r.json() as Promise<Record<string, { Value: unknown[] }>[]>);
        const instances = instanceOf.map((d) => String(d["00080018"]!.Value[0]));
        const direct = await fetch(
          `${proxyUrl}/studies/${ctKey.studyUid}/series/${seriesUid}/instances/${instances[0]}/frames/1`,
          { headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } },
        );
        const directPixels = firstPart(
          Buffer.from(await direct.arrayBuffer()),
          direct.headers.get("content-type")!,
        );
        assert.equal(directPixels.length, FRAME_BYTES);

        await orthanc.stop();
        const views = (await audits("imaging.study_view", w.n.patients.shared)).length;
        // a viewer of its own: no grant from the warm-up, the access rule runs for the study
        const grants = new ImagingGrants();
        const study = await openImagingStudy(w.t.db, gp(), ctKey, settings, grants, w.cache);
        assert.deepEqual(
          study.series.map((s) => [s.seriesUid, s.instances]),
          [[seriesUid, CT_SLICES]],
        );
        const viewed = await audits("imaging.study_view", w.n.patients.shared);
        assert.equal(viewed.length, views + 1, "the opening is audited, once");
        assert.equal((viewed.at(-1)!.details as { fromCache?: boolean }).fromCache, true);

        const meta = await openImagingMetadata(w.t.db, gp(), { ...ctKey, seriesUid }, w.cache, grants);
        assert.equal(meta.source, "disk");
        assert.equal(
          (JSON.parse((await readAll(meta.body)).toString("utf8")) as unknown[]).length,
          CT_SLICES,
        );
        for (const [i, instanceUid] of instances.entries()) {
          const frame = await openImagingFrame(
            w.t.db,
            gp(),
            { ...ctKey, seriesUid, instanceUid, frame: 1 },
            w.cache,
            grants,
          );
          assert.equal(frame.source, "disk");
          const pixels = firstPart(await readAll(frame.body), frame.contentType);
          assert.equal(pixels.length, FRAME_BYTES);
          if (i === 0) assert.deepEqual(pixels, directPixels, "the PACS's pixels, from disk");
        }
        // the study left out by the per-patient bound was not warmed: its opening needs the PACS
        await assert.rejects(
          openImagingStudy(w.t.db, gp(), key(dx), settings, grants, w.cache),
          expectDomainError("UPSTREAM_FAILED"),
        );
      });
    });
  }
});
