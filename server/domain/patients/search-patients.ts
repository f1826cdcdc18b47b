import { and, asc, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { patientLocalIds, patients } from "../../db/schema";
import { escapeLike } from "../../db/escape-like";
import { administersConsentOf, inCurrentConsentScope } from "../consent/check-patient-access";
import { isNetworkAdmin, mayAdministerConsent, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { isValidRegionalId } from "./regional-id";
import { isKana, normalizeKana, normalizeName } from "./normalize";
import { PatientSearchInput } from "./patients.schema";
import { auditPatients } from "./patients-audit";

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
  /**
   * false when the patient is outside the searcher's consent scope and listed only for consent
   * administration (found by regional or local ID): open their consent, nothing clinical
   */
  inScope: boolean;
}

export interface PatientSearchOptions {
  /**
   * The patient search page: a facility's clerks, liaison officers and administrators (and the
   * network office) also find, by regional or local ID only, patients whose consent they administer
   * though it no longer covers them, to record what comes next. Pickers that start clinical work leave it off.
   */
  consentAdministration?: boolean;
}

/**
 * Finds patients by name (kanji), reading (kana), regional ID or local ID, and
 * only among those whose current consent scope includes the searcher's facility:
 * a patient outside consent is never listed. The search is audited with the ids
 * it returned, not the names.
 */
export async function searchPatients(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  options: PatientSearchOptions = {},
): Promise<PatientSearchHit[]> {
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
  const inScope = inCurrentConsentScope(db, patients.id, actor.facilityId);
  // identifiers only: a name search never reaches beyond consent
  const byIdentifier = kind === "regional_id" || kind === "local_id";
  const administered =
    options.consentAdministration && byIdentifier && mayAdministerConsent(actor)
      ? isNetworkAdmin(actor)
        ? sql`true`
        : administersConsentOf(db, patients.id, actor.facilityId)
      : null;

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
      inScope: sql<boolean>`${inScope}`,
    })
    .from(patients)
    .where(and(match, administered ? or(inScope, administered) : inScope))
    .orderBy(asc(patients.searchKana), asc(patients.birthDate))
    .limit(input.limit);

  const outside = hits.filter((h) => !h.inScope).map((h) => h.id);
  await auditPatients(db, actor, "patient.search", {
    purpose: outside.length > 0 ? "administration" : "treatment",
    details: {
      queryKind: kind,
      results: hits.length,
      patientIds: hits.map((h) => h.id),
      ...(outside.length > 0 ? { consentAdministrationIds: outside } : {}),
    },
    read: true,
  });
  return hits.map((h) => ({ ...h, inScope: !!h.inScope }));
}
