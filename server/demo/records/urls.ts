/** Where the demo record server answers for one facility: its viewer template and its FHIR base. */
export function demoRecordUrls(serverUrl: string, facilityCode: string) {
  const base = `${serverUrl.replace(/\/+$/, "")}/facilities/${encodeURIComponent(facilityCode)}`;
  return { viewer: `${base}/viewer?patient={localId}`, fhirBase: `${base}/fhir` };
}

export const DEMO_RECORDS_DEFAULT_URL = "http://127.0.0.1:4010";
