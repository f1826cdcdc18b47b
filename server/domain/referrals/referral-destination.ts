import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { departments, facilities, practitioners } from "../../db/schema";
import { DomainError, invalidField, msg, type MessageInput } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { isInCurrentConsentScope } from "../consent/check-patient-access";
import { REFERRAL_AUTHOR_PROFESSIONS } from "./load-referral";

export interface Destination {
  destinationFacilityId: string;
  destinationDepartmentId: string;
  destinationPractitionerId: string | null;
}

const invalid = (field: keyof Destination, message: MessageInput) => invalidField(field, message);

/**
 * A destination is an active facility other than the referring one, one of its
 * departments that takes referrals, and optionally one of its doctors.
 */
export async function assertDestination(db: Db, referrerFacilityId: string, d: Destination): Promise<void> {
  if (d.destinationFacilityId === referrerFacilityId) {
    throw invalid("destinationFacilityId", msg("referrals.referralGoesAnotherFacility"));
  }
  const [department] = await db
    .select({ accepts: departments.acceptsReferrals, active: facilities.active })
    .from(departments)
    .innerJoin(facilities, eq(facilities.id, departments.facilityId))
    .where(
      and(eq(departments.id, d.destinationDepartmentId), eq(departments.facilityId, d.destinationFacilityId)),
    );
  if (!department || !department.active) {
    throw invalid("destinationDepartmentId", msg("referrals.noSuchDepartmentFacility"));
  }
  if (!department.accepts) {
    throw invalid("destinationDepartmentId", msg("referrals.departmentDoesNotTakeElectronic"));
  }
  if (d.destinationPractitionerId) {
    const [doctor] = await db
      .select({ profession: practitioners.profession, departmentId: practitioners.departmentId })
      .from(practitioners)
      .where(
        and(
          eq(practitioners.id, d.destinationPractitionerId),
          eq(practitioners.facilityId, d.destinationFacilityId),
          isNull(practitioners.disabledAt),
        ),
      );
    if (!doctor || !REFERRAL_AUTHOR_PROFESSIONS.includes(doctor.profession)) {
      throw invalid("destinationPractitionerId", msg("referrals.doctorNotDestination"));
    }
    // a doctor of another department is not this letter's reader (one with no department recorded may be)
    if (doctor.departmentId && doctor.departmentId !== d.destinationDepartmentId) {
      throw invalid("destinationPractitionerId", msg("referrals.doctorNotChosenDepartment"));
    }
  }
}

/**
 * Sending needs the destination inside the patient's current consent scope. The
 * refusal says so on the destination field, so the form can offer to record
 * the new consent (連携先追加) first.
 */
export async function assertDestinationInConsent(
  db: Db,
  patientId: string,
  facilityId: string,
): Promise<void> {
  if (!(await isInCurrentConsentScope(db, patientId, facilityId))) {
    throw new DomainError("CONSENT_REQUIRED", msg("referrals.destinationNotInsidePatientsConsent"), [
      {
        field: "destinationFacilityId",
        message: msg("referrals.outsidePatientsConsentAddFacility"),
      },
    ]);
  }
}

/**
 * Where a referral may go, for the destination picker: the active facilities
 * with at least one department that takes electronic referrals, each with those
 * departments and what they ask of a referrer, except the referring facility
 * (the actor's own when writing; the referrer's when forwarding, which may stay
 * inside the destination facility). The network's directory, readable by every
 * signed-in practitioner.
 */
export async function listReferralDestinations(
  db: Db,
  actor: Actor,
  referrerFacilityId: string = actor.facilityId,
) {
  const rows = await db
    .select({
      facilityId: facilities.id,
      facilityName: facilities.name,
      facilityNameKana: facilities.nameKana,
      facilityKind: facilities.kind,
      departmentId: departments.id,
      departmentName: departments.name,
      referralNotes: departments.referralNotes,
    })
    .from(departments)
    .innerJoin(facilities, eq(facilities.id, departments.facilityId))
    .where(
      and(
        eq(departments.acceptsReferrals, true),
        eq(facilities.active, true),
        ne(facilities.id, referrerFacilityId),
      ),
    )
    .orderBy(asc(facilities.kind), asc(facilities.nameKana), asc(departments.name));
  const byFacility = new Map<
    string,
    {
      id: string;
      name: string;
      kind: (typeof rows)[number]["facilityKind"];
      departments: { id: string; name: string; referralNotes: string }[];
    }
  >();
  for (const r of rows) {
    let f = byFacility.get(r.facilityId);
    if (!f) {
      f = { id: r.facilityId, name: r.facilityName, kind: r.facilityKind, departments: [] };
      byFacility.set(r.facilityId, f);
    }
    f.departments.push({ id: r.departmentId, name: r.departmentName, referralNotes: r.referralNotes });
  }
  return [...byFacility.values()];
}
export type ReferralDestinationOption = Awaited<ReturnType<typeof listReferralDestinations>>[number];

/** The doctors a referral may name at a facility (active physicians and dentists), for the picker; it offers the chosen department's. */
export async function listDestinationDoctors(db: Db, rawInput: unknown) {
  const { facilityId } = parseInput(z.object({ facilityId: z.uuid() }), rawInput);
  const rows = await db
    .select({
      id: practitioners.id,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      profession: practitioners.profession,
      departmentId: practitioners.departmentId,
    })
    .from(practitioners)
    .where(
      and(
        eq(practitioners.facilityId, facilityId),
        isNull(practitioners.disabledAt),
        inArray(practitioners.profession, [...REFERRAL_AUTHOR_PROFESSIONS]),
      ),
    )
    .orderBy(asc(practitioners.familyNameKana), asc(practitioners.givenNameKana));
  return rows.map((r) => ({
    id: r.id,
    name: `${r.familyName} ${r.givenName}`,
    profession: r.profession,
    /** null: no department recorded, offered for any department */
    departmentId: r.departmentId,
  }));
}
