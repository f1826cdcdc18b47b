import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentScope, facilities, practitioners } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor, Profession } from "../../model/permissions";
import { professionMaySee } from "../../model/permissions";
import { requirePatientAccess } from "../consent/check-patient-access";
import { facilityReferralDesk } from "../notifications/notify";
import { summaryDataKind } from "./load-summary";

export interface RecipientChoice {
  facilityId: string;
  practitionerId: string | null;
}

/** The facilities inside the patient's current consent scope, other than `exceptFacilityId`. */
async function facilitiesInConsent(db: Db, patientId: string, exceptFacilityId: string) {
  return db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameKana: facilities.nameKana,
      kind: facilities.kind,
    })
    .from(consentScope)
    .innerJoin(facilities, eq(facilities.id, consentScope.facilityId))
    .where(
      and(
        eq(consentScope.patientId, patientId),
        isNull(consentScope.withdrawnOn),
        eq(facilities.active, true),
        ne(facilities.id, exceptFacilityId),
      ),
    )
    .orderBy(asc(facilities.kind), asc(facilities.nameKana));
}

/**
 * Where the actor's hospital may send a patient's summary: every facility
 * inside the patient's consent (the GP's clinic, the care facility, the
 * visiting-nurse station, the pharmacy, the rehabilitation hospital).
 */
export async function listSummaryRecipientOptions(db: Db, actor: Actor, patientId: string) {
  await requirePatientAccess(db, actor, patientId, "clinical", "summary.edit");
  return facilitiesInConsent(db, patientId, actor.facilityId);
}
export type SummaryRecipientOption = Awaited<ReturnType<typeof listSummaryRecipientOptions>>[number];

/**
 * Recipients are active facilities other than the author's; a named person
 * must work there. With `inConsent`, each must also be inside the patient's
 * consent (checked at send): the refusal names the facility's field.
 */
export async function assertRecipients(
  db: Db,
  patientId: string,
  authorFacilityId: string,
  recipients: readonly RecipientChoice[],
  { inConsent }: { inConsent: boolean },
): Promise<void> {
  if (recipients.length === 0) return;
  const ids = recipients.map((r) => r.facilityId);
  const known = await db
    .select({ id: facilities.id, name: facilities.name, active: facilities.active })
    .from(facilities)
    .where(inArray(facilities.id, ids));
  const allowed = inConsent
    ? new Set((await facilitiesInConsent(db, patientId, authorFacilityId)).map((f) => f.id))
    : null;
  const namedIds = recipients.map((r) => r.practitionerId).filter((id): id is string => !!id);
  const named =
    namedIds.length === 0
      ? []
      : await db
          .select({ id: practitioners.id, facilityId: practitioners.facilityId })
          .from(practitioners)
          .where(and(inArray(practitioners.id, namedIds), isNull(practitioners.disabledAt)));
  for (const [i, r] of recipients.entries()) {
    const field = `recipients.${i}.facilityId`;
    const facility = known.find((f) => f.id === r.facilityId);
    if (!facility || !facility.active) {
      throw invalidField(field, msg("summaries.noSuchRecipientFacility"));
    }
    if (r.facilityId === authorFacilityId) {
      throw invalidField(field, msg("summaries.summaryGoesOtherFacilities"));
    }
    if (allowed && !allowed.has(r.facilityId)) {
      throw new DomainError(
        "CONSENT_REQUIRED",
        msg("summaries.notInsidePatientsConsentRecord", { name: facility.name }),
        [{ field, message: msg("summaries.outsidePatientsConsent") }],
      );
    }
    if (r.practitionerId) {
      const person = named.find((p) => p.id === r.practitionerId && p.facilityId === r.facilityId);
      if (!person) {
        throw invalidField(`recipients.${i}.practitionerId`, msg("summaries.personDoesNotWorkRecipient"));
      }
    }
  }
}

const READER_PROFESSIONS = (professions: readonly Profession[]) =>
  professions.filter((p) => professionMaySee(p, summaryDataKind(p)));

/**
 * Who at a recipient facility hears of a summary: the named person, and the
 * liaison office (or the doctors) where there is one; at a pharmacy, a
 * visiting-nurse station or a care office, everyone there who may open it.
 */
export async function summaryDesk(db: Db, recipient: RecipientChoice): Promise<string[]> {
  const desk = await facilityReferralDesk(db, recipient.facilityId, recipient.practitionerId);
  if (desk.length > 0) return desk;
  const rows = await db
    .select({ id: practitioners.id, profession: practitioners.profession })
    .from(practitioners)
    .where(and(eq(practitioners.facilityId, recipient.facilityId), isNull(practitioners.disabledAt)));
  const readers = new Set(READER_PROFESSIONS(rows.map((r) => r.profession)));
  return rows.filter((r) => readers.has(r.profession)).map((r) => r.id);
}
