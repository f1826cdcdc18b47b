import { and, asc, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { patientLocalIds, patients } from "../../db/schema";
import { escapeLike } from "../../db/escape-like";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { isValidRegionalId } from "./regional-id";
import { isKana, normalizeKana, normalizeName } from "./normalize";
import { PatientSearchInput } from "./patients.schema";

export interface PatientSearchHit {
  id: string;
  regionalId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: string;
  /** the patient's ID at the searcher's own facility, when it has one */
  localId: string | null;
}

/**
 * Finds patients by name (kanji), reading (kana), regional ID or local ID, and
 * only among those whose current consent scope includes the searcher's facility:
 * a patient outside consent is never listed. The search is audited with the ids
 * it returned, not the names.
 */
export async function searchPatients(db: Db, actor: Actor, rawInput: unknown): Promise<PatientSearchHit[]> {
  const input = parseInput(PatientSearchInput, rawInput);
  const q = input.q;
  const upper = q.toUpperCase().replace(/[\s-]/g, "");

  let match: SQL;
  let kind: string;
  if (isValidRegionalId(upper)) {
    kind = "regional_id";
    match = eq(patients.regionalId, upper);
  } else if (/^[0-9A-Za-z-]{3,20}$/.test(q) && /\d/.test(q)) {
    kind = "local_id";
    match = inArray(
      patients.id,
      db
        .select({ id: patientLocalIds.patientId })
        .from(patientLocalIds)
        .where(eq(patientLocalIds.localId, q)),
    );
  } else if (isKana(q)) {
    kind = "kana";
    // a reading matches from the start of the whole name or of the given name
    const key = escapeLike(normalizeKana(q)) + "%";
    match = or(like(patients.searchKana, key), like(patients.searchGivenKana, key))!;
  } else {
    kind = "name";
    const key = escapeLike(normalizeName(q)) + "%";
    match = or(like(patients.searchName, key), like(patients.searchGivenName, key))!;
  }

  const hits = await db
    .select({
      id: patients.id,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      familyNameKana: patients.familyNameKana,
      givenNameKana: patients.givenNameKana,
      birthDate: patients.birthDate,
      sex: patients.sex,
      // built with the query builder so the correlated column is qualified ("patients"."id")
      localId: sql<string | null>`(${db
        .select({ localId: patientLocalIds.localId })
        .from(patientLocalIds)
        .where(
          and(eq(patientLocalIds.patientId, patients.id), eq(patientLocalIds.facilityId, actor.facilityId)),
        )})`,
    })
    .from(patients)
    .where(and(match, inCurrentConsentScope(db, patients.id, actor.facilityId)))
    .orderBy(asc(patients.searchKana), asc(patients.birthDate))
    .limit(input.limit);

  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    action: "patient.search",
    purpose: "treatment",
    outcome: "success",
    details: { queryKind: kind, results: hits.length, patientIds: hits.map((h) => h.id) },
    ip: actor.ip,
  });
  return hits;
}
