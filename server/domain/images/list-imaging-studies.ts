import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import type { FacilityStatus } from "../records/get-record-timeline";
import type { FetchFailureReason } from "../records/fhir-fetch";
import { recordSettings, type RecordSettings } from "../records/records.schema";
import { TAG, count, dicomDate, fetchDicomJson, isUid, text, texts, withinDeadline } from "./dicomweb";
import { imagingSourcesOf, queryableLocalId, signStudy, type ImagingSource } from "./imaging-sources";
import { PatientImagesInput } from "./images.schema";
import { imagingLimiter } from "./imaging-rate-limit";
import { auditImages } from "./images-audit";

/** One study as the patient's timeline lists it; nothing here is the PACS's address. */
export interface ImagingStudy {
  facilityId: string;
  facilityName: string;
  studyUid: string;
  /** YYYY-MM-DD, when the PACS gave one */
  date: string | null;
  modalities: string[];
  description: string;
  series: number | null;
  instances: number | null;
  /** for the viewer's requests (imaging-sources.ts) */
  sig: string;
}

export interface ImagingFacilityStatus {
  facilityId: string;
  name: string;
  status: FacilityStatus;
  reason: FetchFailureReason | null;
  studies: number;
}

export interface ImagingStudyList {
  patientId: string;
  facilities: ImagingFacilityStatus[];
  studies: ImagingStudy[];
}

const MAX_STUDIES_PER_FACILITY = 100;

const STATUS_OF: Record<FetchFailureReason, FacilityStatus> = {
  timeout: "timeout",
  too_large: "too_large",
  unreachable: "error",
  http_status: "error",
  redirect: "error",
  content_type: "error",
  invalid_json: "error",
  invalid_fhir: "error",
};

/**
 * One facility's studies of the patient (QIDO-RS `studies?PatientID=`), within
 * its own deadline; never throws: a PACS that is down or slow is that facility's
 * status. Only studies whose PatientID is exactly the patient's local ID there are kept.
 */
export async function queryFacilityStudies(
  patientId: string,
  source: ImagingSource,
  settings: RecordSettings,
): Promise<{ status: ImagingFacilityStatus; studies: ImagingStudy[] }> {
  const status = (over: Partial<ImagingFacilityStatus>): ImagingFacilityStatus => ({
    facilityId: source.facilityId,
    name: source.name,
    status: "ok",
    reason: null,
    studies: 0,
    ...over,
  });
  if (!queryableLocalId(source.localId)) return { status: status({}), studies: [] };
  const url = new URL("studies", source.dicomWebBase);
  url.searchParams.set("PatientID", source.localId);
  url.searchParams.append("includefield", "StudyDescription");
  url.searchParams.set("limit", String(MAX_STUDIES_PER_FACILITY));
  const answer = await withinDeadline(settings.fetchTimeoutMs, (signal) =>
    fetchDicomJson(url.toString(), { signal, maxBytes: settings.fetchMaxBytes }),
  );
  if (!answer.ok)
    return { status: status({ status: STATUS_OF[answer.reason], reason: answer.reason }), studies: [] };
  const studies = answer.value.flatMap((d): ImagingStudy[] => {
    const studyUid = text(d, TAG.studyUid);
    if (!isUid(studyUid) || text(d, TAG.patientId) !== source.localId) return [];
    return [
      {
        facilityId: source.facilityId,
        facilityName: source.name,
        studyUid,
        date: dicomDate(text(d, TAG.studyDate)),
        modalities: texts(d, TAG.modalitiesInStudy).slice(0, 8),
        description: (text(d, TAG.studyDescription) ?? "").slice(0, 200),
        series: count(d, TAG.studySeries),
        instances: count(d, TAG.studyInstances),
        sig: signStudy(patientId, source.facilityId, studyUid),
      },
    ];
  });
  return { status: status({ studies: studies.length }), studies };
}

/**
 * 画像検査 / Imaging studies on the patient's page: for a patient whose clinical
 * data the actor may see, the studies in the PACS of every facility inside
 * consent that has one, newest first, each facility within its own deadline and
 * with its own status. Audited once with facility ids, statuses and counts.
 */
export async function listImagingStudies(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  settings: RecordSettings = recordSettings(),
): Promise<ImagingStudyList> {
  const { patientId } = parseInput(PatientImagesInput, rawInput);
  imagingLimiter().spend(actor.practitionerId, "list");
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "imaging.study_list");
  const sources = await imagingSourcesOf(db, patientId);
  const answers = await Promise.all(sources.map((s) => queryFacilityStudies(patientId, s, settings)));
  const studies = answers.flatMap((a) => a.studies);
  studies.sort(
    (a, b) =>
      (b.date ?? "").localeCompare(a.date ?? "") ||
      a.facilityName.localeCompare(b.facilityName, "ja") ||
      a.studyUid.localeCompare(b.studyUid),
  );
  const facilities = answers.map((a) => a.status);
  if (sources.length > 0) {
    await auditImages(db, actor, "imaging.study_list", {
      read: true,
      patientId,
      purpose: purposeOf(access),
      details: {
        basis: access.basis,
        ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
        facilities: facilities.map((f) => ({
          facilityId: f.facilityId,
          status: f.status,
          studies: f.studies,
        })),
      },
    });
  }
  return { patientId, facilities, studies };
}
