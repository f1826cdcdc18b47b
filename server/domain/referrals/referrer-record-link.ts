import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { loadReferral } from "./load-referral";

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
    throw new DomainError(
      "NOT_FOUND",
      "紹介元のカルテへのリンクはありません / The referrer publishes no record link",
    );
  }
  const url = recordUrl(row.url, row.localId);
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId: referral.patientId,
    action: "referral.record_link",
    purpose: "treatment",
    outcome: "success",
    details: { referralId, facilityId: referral.referrerFacilityId },
    ip: actor.ip,
  });
  return url;
}

/**
 * A facility's viewer address with the local patient ID filled in: `{localId}`
 * in the template is replaced (URL-encoded); without it, `?patient=` is added.
 * Only http(s) addresses leave the application.
 */
export function recordUrl(template: string, localId: string): string {
  const filled = template.includes("{localId}")
    ? template.replaceAll("{localId}", encodeURIComponent(localId))
    : `${template}${template.includes("?") ? "&" : "?"}patient=${encodeURIComponent(localId)}`;
  const url = new URL(filled);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DomainError("NOT_FOUND", "リンク先が不正です / The record link is not a web address");
  }
  return url.toString();
}
