import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope, requirePatientAccess } from "../consent/check-patient-access";
import { fhirBase, recordUrl } from "./record-url";
import { PatientRecordsInput } from "./records.schema";

/** A facility holding the patient's records, inside the patient's current consent scope. */
export interface RecordFacility {
  facilityId: string;
  name: string;
  kind: (typeof facilities.$inferSelect)["kind"];
  localId: string;
  /** it publishes a record viewer we can link out to */
  hasViewer: boolean;
  /** it has a FHIR R4 endpoint the timeline reads */
  hasFhir: boolean;
  /** it shares images from a PACS (server/domain/images): its imaging records open in the viewer */
  hasPacs: boolean;
}

/** With the addresses, for the use cases that reach out to the facility; never sent to the browser. */
export interface RecordSource extends RecordFacility {
  viewerTemplate: string;
  fhirBaseUrl: string;
}

/**
 * Every active facility with a local ID for the patient that is inside the
 * patient's current (not withdrawn) consent scope. A facility outside consent
 * is not in the answer at all, not even redacted. No access check: callers
 * check the actor first.
 */
export async function recordSourcesOf(db: Db, patientId: string): Promise<RecordSource[]> {
  const rows = await db
    .select({
      facilityId: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      localId: patientLocalIds.localId,
      viewerTemplate: facilities.recordSystemUrl,
      fhirBaseUrl: facilities.recordFhirBaseUrl,
      pacs: facilities.pacsDicomwebUrl,
    })
    .from(patientLocalIds)
    .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
    .where(
      and(
        eq(patientLocalIds.patientId, patientId),
        eq(facilities.active, true),
        inCurrentConsentScope(db, patientLocalIds.patientId, patientLocalIds.facilityId),
      ),
    )
    .orderBy(asc(facilities.kind), asc(facilities.nameKana));
  return rows.map(({ pacs, ...r }) => ({
    ...r,
    hasViewer: hasViewer(r.viewerTemplate, r.localId),
    hasFhir: r.fhirBaseUrl !== "" && fhirBase(r.fhirBaseUrl) !== null,
    hasPacs: pacs !== "" && fhirBase(pacs) !== null,
  }));
}

function hasViewer(template: string, localId: string): boolean {
  if (!template) return false;
  try {
    recordUrl(template, localId);
    return true;
  } catch {
    return false;
  }
}

/**
 * 共有記録の施設一覧: for a patient the actor may see clinically, the facilities
 * holding the patient's records within consent, and what each offers (a viewer,
 * a FHIR endpoint). A refusal is audited by the access rule.
 */
export async function listRecordFacilities(
  db: Db,
  actor: Actor,
  rawInput: unknown,
): Promise<RecordFacility[]> {
  const { patientId } = parseInput(PatientRecordsInput, rawInput);
  await requirePatientAccess(db, actor, patientId, "clinical", "record.timeline_view");
  return (await recordSourcesOf(db, patientId)).map(
    ({ viewerTemplate: _v, fhirBaseUrl: _f, ...facility }) => facility,
  );
}
