import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentScope, facilities, patientLocalIds, patients, practitioners } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { CareDocumentSpec } from "../../model/care-documents/care-document-kind";
import type { Actor } from "../../model/permissions";
import { requirePatientAccess } from "../consent/check-patient-access";
import type { CareDocumentRow } from "./load-care-document";

/** The facilities inside the patient's current consent that may receive this kind, with who there may be named. */
async function recipientsInConsent(db: Db, spec: CareDocumentSpec, patientId: string) {
  const rows = await db
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
        inArray(facilities.kind, [...spec.recipient.facilityKinds]),
      ),
    )
    .orderBy(asc(facilities.nameKana));
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** The recipients the form offers: facilities in consent, and the practitioners there who reply to this kind. */
export async function listCareDocumentRecipients(
  db: Db,
  actor: Actor,
  spec: CareDocumentSpec,
  patientId: string,
) {
  await requirePatientAccess(db, actor, patientId, spec.dataKind, "care_document.edit");
  const places = await recipientsInConsent(db, spec, patientId);
  const people =
    places.length === 0
      ? []
      : await db
          .select({
            id: practitioners.id,
            facilityId: practitioners.facilityId,
            familyName: practitioners.familyName,
            givenName: practitioners.givenName,
          })
          .from(practitioners)
          .where(
            and(
              inArray(
                practitioners.facilityId,
                places.map((p) => p.id),
              ),
              isNull(practitioners.disabledAt),
              inArray(practitioners.profession, [...spec.recipient.professions]),
            ),
          )
          .orderBy(asc(practitioners.familyNameKana), asc(practitioners.givenNameKana));
  return places.map((p) => ({
    id: p.id,
    name: p.name,
    practitioners: people
      .filter((x) => x.facilityId === p.id)
      .map((x) => ({ id: x.id, name: `${x.familyName} ${x.givenName}` })),
  }));
}
export type CareDocumentRecipientOption = Awaited<ReturnType<typeof listCareDocumentRecipients>>[number];

/**
 * The recipient is an active facility of a kind that receives this document,
 * and the named practitioner (if any) replies to it there; with `inConsent`
 * (at send), the facility is also inside the patient's current consent: the
 * refusal names the field and the facility, and the form offers 連携先追加.
 */
export async function assertRecipient(
  db: Db,
  spec: CareDocumentSpec,
  patientId: string,
  recipient: { facilityId: string | null; practitionerId: string | null },
  { inConsent }: { inConsent: boolean },
): Promise<void> {
  const field = "recipientFacilityId";
  if (!recipient.facilityId) {
    if (inConsent) throw invalidField(field, msg("careDocuments.chooseRecipient"));
    if (recipient.practitionerId) throw invalidField(field, msg("careDocuments.chooseRecipient"));
    return;
  }
  const [place] = await db
    .select({ name: facilities.name, kind: facilities.kind, active: facilities.active })
    .from(facilities)
    .where(eq(facilities.id, recipient.facilityId));
  if (!place || !place.active || !spec.recipient.facilityKinds.includes(place.kind)) {
    throw invalidField(field, msg("careDocuments.notARecipientFacility"));
  }
  if (recipient.practitionerId) {
    const [person] = await db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(
        and(
          eq(practitioners.id, recipient.practitionerId),
          eq(practitioners.facilityId, recipient.facilityId),
          isNull(practitioners.disabledAt),
          inArray(practitioners.profession, [...spec.recipient.professions]),
        ),
      );
    if (!person)
      throw invalidField("recipientPractitionerId", msg("careDocuments.notARecipientPractitioner"));
  }
  if (
    inConsent &&
    !(await recipientsInConsent(db, spec, patientId)).some((p) => p.id === recipient.facilityId)
  ) {
    throw new DomainError(
      "CONSENT_REQUIRED",
      msg("careDocuments.recipientOutsideConsent", { name: place.name }),
      [{ field, message: msg("careDocuments.outsideConsent") }],
    );
  }
}

/** Who at the recipient facility hears of a document: the named practitioner, else the kind's desk there. */
export async function recipientDesk(
  db: Db,
  spec: CareDocumentSpec,
  document: CareDocumentRow,
): Promise<string[]> {
  if (document.recipientPractitionerId) return [document.recipientPractitionerId];
  const rows = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(
      and(
        eq(practitioners.facilityId, document.recipientFacilityId!),
        isNull(practitioners.disabledAt),
        inArray(practitioners.profession, [...spec.recipient.desk]),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * Everything a document names (patient, author, recipient, who replied),
 * loaded once for its page and its renderings. Call it only after the
 * reader's access was checked.
 */
export async function loadCareDocumentParts(db: Db, d: CareDocumentRow) {
  const [patient] = await db.select().from(patients).where(eq(patients.id, d.patientId));
  const facilityIds = [d.authorFacilityId, d.recipientFacilityId].filter((x): x is string => !!x);
  const peopleIds = [d.authorId, d.recipientPractitionerId, d.repliedById].filter((x): x is string => !!x);
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [local] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(
      and(eq(patientLocalIds.patientId, d.patientId), eq(patientLocalIds.facilityId, d.authorFacilityId)),
    );
  return {
    patient: patient!,
    /** the patient's ID at the author's facility */
    localId: local?.localId ?? null,
    facility: (id: string | null) => facilityRows.find((f) => f.id === id) ?? null,
    practitioner: (id: string | null) => people.find((p) => p.id === id) ?? null,
  };
}

export const personName = (p: { familyName: string; givenName: string } | null) =>
  p ? `${p.familyName} ${p.givenName}` : null;
