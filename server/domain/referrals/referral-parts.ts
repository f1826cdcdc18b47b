import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  attachments,
  departments,
  facilities,
  patientLocalIds,
  patients,
  practitioners,
  referralAttachments,
} from "../../db/schema";
import type { Referral } from "./load-referral";

/**
 * The people and places a referral names (patient, both facilities, the
 * department, the practitioners), loaded once for the referral page and the
 * document exports alike. Call it only after the reader's access was checked.
 */
export async function loadReferralParts(
  db: Db,
  r: Referral,
  more: { practitionerIds?: string[]; facilityIds?: string[] } = {},
) {
  const facilityIds = [r.referrerFacilityId, r.destinationFacilityId, ...(more.facilityIds ?? [])];
  const peopleIds = [r.referrerId, r.destinationPractitionerId, ...(more.practitionerIds ?? [])].filter(
    (x): x is string => !!x,
  );
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [department] = await db
    .select()
    .from(departments)
    .where(eq(departments.id, r.destinationDepartmentId));
  const [patient] = await db.select().from(patients).where(eq(patients.id, r.patientId));
  const localIds = await db.select().from(patientLocalIds).where(eq(patientLocalIds.patientId, r.patientId));
  return {
    patient: patient!,
    department: department!,
    facility: (id: string) => facilityRows.find((f) => f.id === id)!,
    practitioner: (id: string | null) => people.find((p) => p.id === id) ?? null,
    /** the patient's ID at one facility's own record system, when it has one */
    localId: (facilityId: string) => localIds.find((l) => l.facilityId === facilityId)?.localId ?? null,
  };
}

/** A referral's attachments (without their bytes), in the order they were added; `part` narrows to the letter's or the replies'. */
export function loadReferralAttachments(db: Db, referralId: string, part?: "letter" | "reply") {
  return db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mediaType: attachments.mediaType,
      byteSize: attachments.byteSize,
      sha256: attachments.sha256,
      createdAt: attachments.createdAt,
      part: referralAttachments.part,
    })
    .from(referralAttachments)
    .innerJoin(attachments, eq(attachments.id, referralAttachments.attachmentId))
    .where(
      and(
        eq(referralAttachments.referralId, referralId),
        part ? eq(referralAttachments.part, part) : undefined,
      ),
    )
    .orderBy(asc(referralAttachments.addedAt));
}
