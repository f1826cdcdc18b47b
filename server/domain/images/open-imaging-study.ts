import type { Db } from "../../db/client";
import { DomainError, isDomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { purposeOf, requirePatientAccess, type AccessDecision } from "../consent/check-patient-access";
import { recordSettings, type RecordSettings } from "../records/records.schema";
import { recordCache, type RecordCache } from "../records/record-cache";
import {
  TAG,
  count,
  dicomDate,
  fetchDicomJson,
  isUid,
  text,
  texts,
  withinDeadline,
  type DicomJson,
} from "./dicomweb";
import { imagingSourcesOf, queryableLocalId, verifyStudy, type ImagingSource } from "./imaging-sources";
import { ImagingStudyInput } from "./images.schema";
import { imagingGrants, type ImagingGrants } from "./imaging-grants";
import { imagingLimiter } from "./imaging-rate-limit";
import { auditImages } from "./images-audit";
import { cachedDicomJson, studyQueries } from "./wado-requests";

export interface ImagingSeries {
  seriesUid: string;
  modality: string;
  description: string;
  number: number | null;
  instances: number | null;
}

export interface OpenedImagingStudy {
  patientId: string;
  facilityId: string;
  facilityName: string;
  studyUid: string;
  sig: string;
  date: string | null;
  modalities: string[];
  description: string;
  series: ImagingSeries[];
}

type Allowed = Extract<AccessDecision, { allowed: true }>;

/**
 * The checks every imaging request makes, in this order: the actor may see the
 * patient's clinical data (consent for the actor's facility, the profession),
 * the facility holding the study is inside the patient's consent with a PACS,
 * and the study was listed for this patient at this facility (its signature).
 * A refusal after the access rule is audited here; the access rule audits its own.
 */
export async function checkImagingAccess(
  db: Db,
  actor: Actor,
  input: ImagingStudyInput,
  action: "imaging.study_view",
): Promise<{ access: Allowed; source: ImagingSource }> {
  const { patientId, facilityId, studyUid, sig } = input;
  const access = await requirePatientAccess(db, actor, patientId, "clinical", action);
  const denied = (reason: string) =>
    auditImages(db, actor, action, {
      patientId,
      purpose: purposeOf(access),
      outcome: "denied",
      details: { facilityId, studyUid, reason },
    });
  const source = (await imagingSourcesOf(db, patientId)).find((s) => s.facilityId === facilityId);
  if (!source) {
    await denied("not_in_consent_scope");
    throw new DomainError("NOT_FOUND", msg("images.noImagesFacilityPatient"));
  }
  if (!verifyStudy(patientId, facilityId, studyUid, sig)) {
    await denied("not_listed");
    throw new DomainError("FORBIDDEN", msg("images.studyNotListedAmongPatients"));
  }
  return { access, source };
}

const unreachable = (reason: string) =>
  reason === "timeout"
    ? new DomainError("UPSTREAM_TIMEOUT", msg("images.facilitysPACSDidNotAnswer"))
    : new DomainError("UPSTREAM_FAILED", msg("images.facilitysPACSDidNotAnswer2"));

/**
 * 画像検査を開く / Opens a study in the viewer: checked as every imaging request
 * (checkImagingAccess), confirmed again with the PACS to be the patient's (the
 * study's PatientID is the local ID there), its series listed (QIDO-RS); both
 * answers from the record cache when a conference warm-up put them there
 * within its TTL (the PACS's own answers, kept with the frames). Audited
 * here once per study opened, with ids only; the opening grants the study to
 * the viewer's frames for a short while (imaging-grants.ts): they are checked
 * against the grant and the study's signature, not audited one by one.
 */
export async function openImagingStudy(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  settings: RecordSettings = recordSettings(),
  grants: ImagingGrants = imagingGrants(),
  cache: RecordCache = recordCache(),
): Promise<OpenedImagingStudy> {
  const input = parseInput(ImagingStudyInput, rawInput);
  imagingLimiter().spend(actor.practitionerId, "open");
  const { access, source } = await checkImagingAccess(db, actor, input, "imaging.study_view");
  const audit = (outcome: "success" | "failure" | "denied", details: Record<string, unknown>) =>
    auditImages(db, actor, "imaging.study_view", {
      patientId: input.patientId,
      purpose: purposeOf(access),
      outcome,
      details: {
        facilityId: input.facilityId,
        studyUid: input.studyUid,
        basis: access.basis,
        ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
        ...details,
      },
    });
  try {
    if (!queryableLocalId(source.localId)) throw new DomainError("NOT_FOUND", msg("images.studyNotFound"));
    const queries = studyQueries(source, input.studyUid);
    // a conference's warm-up kept the PACS's answers beside the frames: the study opens from disk
    const warm = await Promise.all([
      cachedDicomJson(cache, source.facilityId, queries.study, settings.fetchMaxBytes),
      cachedDicomJson(cache, source.facilityId, queries.series, settings.fetchMaxBytes),
    ]);
    let studies: DicomJson[];
    let seriesList: DicomJson[];
    if (warm[0] && warm[1]) {
      [studies, seriesList] = [warm[0], warm[1]];
    } else {
      const answer = await withinDeadline(settings.fetchTimeoutMs, (signal) =>
        Promise.all([
          fetchDicomJson(queries.study.url, { signal, maxBytes: settings.fetchMaxBytes }),
          fetchDicomJson(queries.series.url, { signal, maxBytes: settings.fetchMaxBytes }),
        ]),
      );
      if (!answer.ok) throw unreachable(answer.reason);
      [studies, seriesList] = answer.value;
    }
    const study = studies.find(
      (d) => text(d, TAG.studyUid) === input.studyUid && text(d, TAG.patientId) === source.localId,
    );
    if (!study) {
      throw new DomainError("NOT_FOUND", msg("images.studyNotFoundPatient"));
    }
    const series = seriesList
      .flatMap((d): ImagingSeries[] => {
        const seriesUid = text(d, TAG.seriesUid);
        if (!isUid(seriesUid)) return [];
        return [
          {
            seriesUid,
            modality: (text(d, TAG.modality) ?? "").slice(0, 16),
            description: (text(d, TAG.seriesDescription) ?? "").slice(0, 200),
            number: count(d, TAG.seriesNumber),
            instances: count(d, TAG.seriesInstances),
          },
        ];
      })
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0) || a.seriesUid.localeCompare(b.seriesUid));
    await audit("success", { series: series.length, ...(warm[0] && warm[1] ? { fromCache: true } : {}) });
    grants.grant(actor, input.patientId, source, input.studyUid);
    return {
      patientId: input.patientId,
      facilityId: source.facilityId,
      facilityName: source.name,
      studyUid: input.studyUid,
      sig: input.sig,
      date: dicomDate(text(study, TAG.studyDate)),
      modalities: texts(study, TAG.modalitiesInStudy).slice(0, 8),
      description: (text(study, TAG.studyDescription) ?? "").slice(0, 200),
      series,
    };
  } catch (e) {
    if (isDomainError(e)) await audit(e.code === "NOT_FOUND" ? "denied" : "failure", { error: e.code });
    throw e;
  }
}
