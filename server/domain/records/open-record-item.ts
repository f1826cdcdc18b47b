import type { Db } from "../../db/client";
import { DomainError, isDomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import { recordSourcesOf } from "./list-record-facilities";
import { recordCache, type CachedItem, type RecordCache } from "./record-cache";
import { verifyRecordItem } from "./record-item-signature";
import { urlUnderFhirBase } from "./record-url";
import { RecordItemInput } from "./records.schema";
import { auditRecords } from "./records-audit";

/**
 * An image or document the timeline listed, fetched through our server: from
 * the on-disk cache within its TTL, otherwise from the facility while it is
 * written to the cache. Checked again at each access: the actor may see the
 * patient's clinical data, the facility holds the patient's records inside
 * consent, the address lies under that facility's FHIR base and was listed by
 * our server for this patient there (its signature). Every access is audited
 * with ids only (the item by its cache key, never its address).
 */
export async function openRecordItem(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
): Promise<CachedItem> {
  const input = parseInput(RecordItemInput, rawInput);
  const { patientId, facilityId } = input;
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "record.item_view");
  const audit = (outcome: "success" | "denied" | "failure", details: Record<string, unknown>) =>
    auditRecords(db, actor, "record.item_view", {
      patientId,
      purpose: purposeOf(access),
      outcome,
      details: {
        facilityId,
        basis: access.basis,
        ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
        ...details,
      },
    });

  const source = (await recordSourcesOf(db, patientId)).find((s) => s.facilityId === facilityId && s.hasFhir);
  if (!source) {
    await audit("denied", { reason: "not_in_consent_scope" });
    throw new DomainError("NOT_FOUND", msg("records.noRecordsFacilityPatient"));
  }
  const url = urlUnderFhirBase(source.fhirBaseUrl, input.url);
  if (url === null || url !== input.url) {
    await audit("denied", { reason: "outside_fhir_base" });
    throw new DomainError("FORBIDDEN", msg("records.addressLiesOutsideFacilitysRecord"));
  }
  if (!verifyRecordItem(patientId, facilityId, url, input.sig)) {
    await audit("denied", { reason: "not_listed" });
    throw new DomainError("FORBIDDEN", msg("records.itemNotListedAmongPatients"));
  }

  const key = cache.keyOf(facilityId, url);
  // the key names the item in the log without its address (which may carry identifiers)
  const item = key.slice(0, 32);
  try {
    const opened = await cache.open(key, url);
    await audit("success", { item, source: opened.source });
    return opened;
  } catch (e) {
    if (isDomainError(e)) await audit("failure", { item, error: e.code });
    throw e;
  }
}
