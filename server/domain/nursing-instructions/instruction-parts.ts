import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds, patients, practitioners } from "../../db/schema";
import type { NursingInstruction } from "./load-instruction";

/**
 * Everything an instruction names (patient, physician, facilities, who
 * confirmed), loaded once for its page and its documents. Call it only after
 * the reader's access was checked.
 */
export async function loadInstructionParts(db: Db, i: NursingInstruction) {
  const [patient] = await db.select().from(patients).where(eq(patients.id, i.patientId));
  const facilityIds = [i.authorFacilityId, ...(i.stationFacilityId ? [i.stationFacilityId] : [])];
  const peopleIds = [i.authorId, i.acknowledgedById, i.cancelledById].filter((id) => id !== null);
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [local] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(
      and(eq(patientLocalIds.patientId, i.patientId), eq(patientLocalIds.facilityId, i.authorFacilityId)),
    );
  return {
    patient: patient!,
    /** the patient's ID at the physician's facility */
    localId: local?.localId ?? null,
    facility: (id: string | null) => facilityRows.find((f) => f.id === id) ?? null,
    practitioner: (id: string | null) => people.find((p) => p.id === id) ?? null,
  };
}

export const personName = (p: { familyName: string; givenName: string } | null) =>
  p ? `${p.familyName} ${p.givenName}` : null;
