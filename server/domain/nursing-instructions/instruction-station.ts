import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentScope, facilities, practitioners } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { requirePatientAccess } from "../consent/check-patient-access";
import { INSTRUCTION_ACKNOWLEDGER_PROFESSIONS } from "./load-instruction";

/** The visiting-nurse stations inside the patient's current consent: where an instruction may go. */
async function stationsInConsent(db: Db, patientId: string) {
  return db
    .select({ id: facilities.id, name: facilities.name, nameKana: facilities.nameKana })
    .from(consentScope)
    .innerJoin(facilities, eq(facilities.id, consentScope.facilityId))
    .where(
      and(
        eq(consentScope.patientId, patientId),
        isNull(consentScope.withdrawnOn),
        eq(facilities.active, true),
        eq(facilities.kind, "visiting_nurse_station"),
      ),
    )
    .orderBy(asc(facilities.nameKana));
}

/** The stations the form offers (the patient inside the actor's access). */
export async function listInstructionStations(db: Db, actor: Actor, patientId: string) {
  await requirePatientAccess(db, actor, patientId, "clinical", "nursing_instruction.edit");
  return stationsInConsent(db, patientId);
}
export type InstructionStationOption = Awaited<ReturnType<typeof listInstructionStations>>[number];

/**
 * The station is an active visiting-nurse station; with `inConsent` (at send),
 * also inside the patient's current consent: the refusal names the field and
 * the station, and the form offers 連携先追加.
 */
export async function assertStation(
  db: Db,
  patientId: string,
  stationFacilityId: string | null,
  { inConsent }: { inConsent: boolean },
): Promise<void> {
  const field = "stationFacilityId";
  if (!stationFacilityId) {
    if (inConsent) throw invalidField(field, msg("nursingInstructions.chooseStation"));
    return;
  }
  const [station] = await db
    .select({ name: facilities.name, kind: facilities.kind, active: facilities.active })
    .from(facilities)
    .where(eq(facilities.id, stationFacilityId));
  if (!station || !station.active || station.kind !== "visiting_nurse_station") {
    throw invalidField(field, msg("nursingInstructions.notAStation"));
  }
  if (inConsent && !(await stationsInConsent(db, patientId)).some((s) => s.id === stationFacilityId)) {
    throw new DomainError(
      "CONSENT_REQUIRED",
      msg("nursingInstructions.stationOutsideConsent", { name: station.name }),
      [{ field, message: msg("nursingInstructions.outsideConsent") }],
    );
  }
}

/** Who at the station hears of a new instruction: its nurses (active accounts). */
export async function stationDesk(db: Db, stationFacilityId: string): Promise<string[]> {
  const rows = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(
      and(
        eq(practitioners.facilityId, stationFacilityId),
        isNull(practitioners.disabledAt),
        inArray(practitioners.profession, [...INSTRUCTION_ACKNOWLEDGER_PROFESSIONS]),
      ),
    );
  return rows.map((r) => r.id);
}
