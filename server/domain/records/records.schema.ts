import { z } from "zod";
import { singleLineText } from "../../model/text";
import { env } from "../../env";
import { msg } from "../../errors";

const patientId = z.uuid(msg("patients.invalidPatientId"));
const facilityId = z.uuid(msg("records.invalidFacilityId"));

export const PatientRecordsInput = z.object({ patientId });

export const RecordFacilityInput = z.object({ patientId, facilityId });

/** An image or document listed in the timeline, as the browser asks for it again: signed by our server. */
export const RecordItemInput = z.object({
  patientId,
  facilityId,
  url: singleLineText().min(1).max(4096),
  sig: singleLineText().regex(/^[A-Za-z0-9_-]{43}$/, msg("records.invalidItemSignature")),
});

export const WarmConferenceRecordsInput = z.object({
  conferenceId: z.uuid(msg("conferences.invalidConferenceId")),
});

/** The knobs of shared-record fetching (README: configuration); tests and benchmarks pass their own. */
export interface RecordSettings {
  /** per facility, all its timeline requests together */
  fetchTimeoutMs: number;
  /** per FHIR JSON response */
  fetchMaxBytes: number;
}

export function recordSettings(): RecordSettings {
  const e = env();
  return { fetchTimeoutMs: e.RECORD_FETCH_TIMEOUT_MS, fetchMaxBytes: e.RECORD_FETCH_MAX_BYTES };
}
