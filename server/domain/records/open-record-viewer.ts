import type { Db } from "../../db/client";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import { recordSourcesOf } from "./list-record-facilities";
import { recordUrl } from "./record-url";
import { RecordFacilityInput } from "./records.schema";
import { auditRecords } from "./records-audit";

/**
 * The link-out to a facility's own record viewer, with the patient's local ID
 * filled in: only for a facility holding the patient's records inside consent,
 * for an actor who may see the patient's clinical data. Audited either way,
 * with ids only; the browser is then sent there.
 */
export async function openRecordViewer(db: Db, actor: Actor, rawInput: unknown): Promise<string> {
  const { patientId, facilityId } = parseInput(RecordFacilityInput, rawInput);
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "record.link_out");
  const source = (await recordSourcesOf(db, patientId)).find((s) => s.facilityId === facilityId);
  if (!source?.hasViewer) {
    await auditRecords(db, actor, "record.link_out", {
      patientId,
      purpose: purposeOf(access),
      outcome: "denied",
      details: { facilityId, reason: source ? "no_viewer" : "not_in_consent_scope" },
    });
    throw new DomainError("NOT_FOUND", msg("records.facilityOffersNoRecordLink"));
  }
  const url = recordUrl(source.viewerTemplate, source.localId);
  await auditRecords(db, actor, "record.link_out", {
    patientId,
    purpose: purposeOf(access),
    details: {
      facilityId,
      basis: access.basis,
      ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
    },
  });
  return url;
}
