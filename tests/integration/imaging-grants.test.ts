import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Db } from "../../server/db/client";
import { studyUidOf } from "../../server/demo/pacs/synthetic-studies";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { GRANT_TTL_MS, ImagingGrants, imagingGrants } from "../../server/domain/images/imaging-grants";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { openImagingFrame, openImagingMetadata } from "../../server/domain/images/open-imaging-item";
import { openImagingStudy } from "../../server/domain/images/open-imaging-study";
import { type RecordCache } from "../../server/domain/records/record-cache";
import { BACKENDS, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, tinyPdf, type Network } from "../helpers/fixtures";
import {
  HOSPITAL_CODE,
  SHARED_LOCAL_ID,
  createImagingWorld,
  startImagingPacs,
  type ImagingPacs,
} from "../helpers/imaging-pacs";

process.env.AUTH_SECRET ??= "imaging-grants-secret-0123456789abcdef0123";

const study = {
  kind: "CT" as const,
  facilityCode: HOSPITAL_CODE,
  localId: SHARED_LOCAL_ID,
  studyDate: "20261130",
};
const studyUid = studyUidOf(study);
const settings = { fetchTimeoutMs: 5000, fetchMaxBytes: 8 * 1024 * 1024 };

describe("the viewer's per-study grants: frames without the access rule's queries, ended by a withdrawal", () => {
  let pacs: ImagingPacs;

  before(async () => {
    pacs = await startImagingPacs("grants", [{ ...study, slices: 3 }]);
  });

  after(async () => {
    await pacs?.close();
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestDatabase;
      let n: Network;
      let cache: RecordCache;
      let key: { patientId: string; facilityId: string; studyUid: string; sig: string };
      let seriesUid: string;
      let instances: string[];
      const gp = () => actor(n, "clinic.gp");

      before(async () => {
        ({ t, n, cache } = await createImagingWorld(backend, {
          dicomWebUrl: pacs.orthanc.dicomWebUrl,
          cacheDir: path.join(pacs.work, `cache-${backend}`),
        }));
        key = {
          patientId: n.patients.shared,
          facilityId: n.facilities.hospital,
          studyUid,
          sig: signStudy(n.patients.shared, n.facilities.hospital, studyUid),
        };
        const opened = await openImagingStudy(t.db, gp(), key, settings);
        seriesUid = opened.series[0]!.seriesUid;
        const meta = await openImagingMetadata(t.db, gp(), { ...key, seriesUid }, cache);
        const docs = JSON.parse(await new Response(meta.body).text()) as Record<
          string,
          { Value: unknown[] }
        >[];
        instances = docs.map((d) => String(d["00080018"]!.Value[0]));
      });

      after(async () => {
        await t.close();
      });

      const frame = async (grants: ImagingGrants, i: number, sig = key.sig, db: Db = t.db) => {
        const item = await openImagingFrame(
          db,
          gp(),
          { ...key, sig, seriesUid, instanceUid: instances[i], frame: 1 },
          cache,
          grants,
        );
        await new Response(item.body).arrayBuffer();
        return item;
      };

      it("serves frames on a grant, the study's signature still checked on each", async () => {
        const grants = new ImagingGrants();
        await frame(grants, 0);
        await frame(grants, 1);
        // on the grant, a frame asks nothing of the database
        const noDatabase = new Proxy({} as Db, {
          get: () => {
            throw new Error("the database was asked");
          },
        });
        assert.equal((await frame(grants, 1, key.sig, noDatabase)).source, "disk");
        const forged = signStudy(n.patients.notShared, n.facilities.hospital, studyUid);
        await assert.rejects(frame(grants, 1, forged), expectDomainError("FORBIDDEN"));
      });

      it("ends a grant within its lifetime when consent is withdrawn elsewhere, and at once when withdrawn here", async () => {
        let now = 1_000_000;
        // a grant this withdrawal does not reach: as in another process of the deployment
        const elsewhere = new ImagingGrants({ now: () => now });
        await frame(elsewhere, 2);
        await frame(imagingGrants(), 2);
        await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
          consentId: n.consents.shared,
          withdrawnOn: new Date().toISOString().slice(0, 10),
          facilityIds: [n.facilities.clinic],
          document: { fileName: "withdrawal.pdf", bytes: tinyPdf("withdrawn") },
        });
        // this process's grants ended with the withdrawal
        await assert.rejects(frame(imagingGrants(), 2), expectDomainError("CONSENT_REQUIRED"));
        // the other grant lasts until its lifetime ends (the stated bound), then the rule refuses
        await frame(elsewhere, 2);
        now += GRANT_TTL_MS;
        await assert.rejects(frame(elsewhere, 2), expectDomainError("CONSENT_REQUIRED"));
      });
    });
  }
});
