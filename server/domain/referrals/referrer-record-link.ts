import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { recordUrl } from "../records/record-url";
import { loadReferral } from "./load-referral";
import { auditReferrals } from "./referrals-audit";

/**
 * The address of the patient's record in the referring facility's own record
 * system (its viewer URL with the local patient ID), for a party of the
 * referral inside consent. Following it is audited; the browser is sent there.
 */
export async function referrerRecordLink(db: Db, actor: Actor, referralId: string): Promise<string> {
  const { referral } = await loadReferral(db, actor, referralId, "referral.record_link");
  const [row] = await db
    .select({ url: facilities.recordSystemUrl, localId: patientLocalIds.localId })
    .from(facilities)
    .innerJoin(
      patientLocalIds,
      and(eq(patientLocalIds.facilityId, facilities.id), eq(patientLocalIds.patientId, referral.patientId)),
    )
    .where(eq(facilities.id, referral.referrerFacilityId));
  if (!row?.url) {
    throw new DomainError("NOT_FOUND", msg("referrals.referrerPublishesNoRecordLink"));
  }
  const url = recordUrl(row.url, row.localId);
  await auditReferrals(db, actor, "referral.record_link", {
    patientId: referral.patientId,
    details: { referralId, facilityId: referral.referrerFacilityId },
  });
  return url;
}
