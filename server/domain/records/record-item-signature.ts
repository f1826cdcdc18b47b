import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "../../auth/secret";

/**
 * The timeline offers a facility's images and documents by their address; the
 * browser asks for them again through our server. The address is signed for
 * the patient and facility it was listed under, so the download route fetches
 * only what the facility itself listed for this patient (a user who may see
 * one patient cannot name another patient's file at the same facility), on top
 * of the consent check and the FHIR-base check made again at download time.
 */
function key(): Buffer {
  return createHash("sha256").update(`okinet shared-record items\n${getAuthSecret()}`).digest();
}

export function signRecordItem(patientId: string, facilityId: string, url: string): string {
  return createHmac("sha256", key()).update(`${patientId}\n${facilityId}\n${url}`).digest("base64url");
}

export function verifyRecordItem(patientId: string, facilityId: string, url: string, sig: string): boolean {
  const expected = Buffer.from(signRecordItem(patientId, facilityId, url));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
