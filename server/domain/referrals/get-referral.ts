import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, practitioners, referralEvents, referralReplies } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import {
  loadReferral,
  lockReferral,
  REFERRAL_TRIAGE_PROFESSIONS,
  type ReferralAccess,
} from "./load-referral";
import { isOverdue } from "./referral-overdue";
import { loadReferralAttachments, loadReferralParts } from "./referral-parts";
import { availableTransitions } from "./referral-status";
import { applyTransition } from "./referral-transition";
import { auditReferrals } from "./referrals-audit";

/**
 * Who forwarded a referral last. Their own reload of it (a forward within their facility makes them
 * a reader on the new side too) is not the new destination opening it: it stays forwarded.
 */
async function forwardedBy(db: Db, referralId: string): Promise<string | null> {
  const [event] = await db
    .select({ actorId: referralEvents.actorId })
    .from(referralEvents)
    .where(and(eq(referralEvents.referralId, referralId), eq(referralEvents.kind, "forward")))
    .orderBy(desc(referralEvents.at))
    .limit(1);
  return event?.actorId ?? null;
}

/**
 * One referral as its reader sees it: the letter, both parties, the history,
 * replies and attachments, and which commands are open to the reader. The
 * destination's first opening marks it received (the sender sees that).
 */
export async function getReferral(db: Db, actor: Actor, referralId: string) {
  let access: ReferralAccess = await loadReferral(db, actor, referralId, "referral.view");
  if (
    access.side === "destination" &&
    (access.referral.status === "sent" || access.referral.status === "forwarded") &&
    REFERRAL_TRIAGE_PROFESSIONS.includes(actor.profession) &&
    !(access.referral.status === "forwarded" && (await forwardedBy(db, referralId)) === actor.practitionerId)
  ) {
    const { referral, publish } = await db.transaction(async (tx) => {
      const locked = await lockReferral(tx, referralId);
      if (locked.status !== "sent" && locked.status !== "forwarded")
        return { referral: locked, publish: () => {} };
      return applyTransition(tx, actor, locked, "receive", {
        patch: { receivedAt: new Date() },
        notify: { kind: "referral_status", recipientIds: [locked.referrerId] },
      });
    });
    publish();
    access = { ...access, referral };
  } else {
    await auditReferrals(db, actor, "referral.view", {
      patientId: access.referral.patientId,
      details: { referralId },
    });
  }
  const r = access.referral;

  const parts = await loadReferralParts(db, r);
  const events = await db
    .select({
      id: referralEvents.id,
      kind: referralEvents.kind,
      fromStatus: referralEvents.fromStatus,
      toStatus: referralEvents.toStatus,
      details: referralEvents.details,
      at: referralEvents.at,
      actorFamilyName: practitioners.familyName,
      actorGivenName: practitioners.givenName,
      actorFacilityName: facilities.name,
    })
    .from(referralEvents)
    .innerJoin(practitioners, eq(practitioners.id, referralEvents.actorId))
    .innerJoin(facilities, eq(facilities.id, referralEvents.actorFacilityId))
    .where(eq(referralEvents.referralId, r.id))
    .orderBy(asc(referralEvents.at));
  const replies = await db
    .select({
      reply: referralReplies,
      authorFamilyName: practitioners.familyName,
      authorGivenName: practitioners.givenName,
    })
    .from(referralReplies)
    .innerJoin(practitioners, eq(practitioners.id, referralReplies.authorId))
    .where(eq(referralReplies.referralId, r.id))
    .orderBy(asc(referralReplies.sentAt));
  const files = await loadReferralAttachments(db, r.id);

  const person = (id: string | null) => {
    const p = parts.practitioner(id);
    return p ? { id: p.id, name: `${p.familyName} ${p.givenName}`, profession: p.profession } : null;
  };
  const referrerFacility = parts.facility(r.referrerFacilityId);
  return {
    referral: { ...r, overdue: isOverdue(r) },
    side: access.side,
    patient: parts.patient,
    referrer: {
      facility: { id: referrerFacility.id, name: referrerFacility.name, phone: referrerFacility.phone },
      practitioner: person(r.referrerId)!,
      department: r.referrerDepartment,
    },
    destination: {
      facility: { id: r.destinationFacilityId, name: parts.facility(r.destinationFacilityId).name },
      department: { id: parts.department.id, name: parts.department.name },
      practitioner: person(r.destinationPractitionerId),
    },
    /** the referrer's own record of the patient, when that facility publishes a viewer and knows the patient */
    referrerRecordAvailable: !!referrerFacility.recordSystemUrl && !!parts.localId(r.referrerFacilityId),
    events: events.map((e) => ({ ...e, actorName: `${e.actorFamilyName} ${e.actorGivenName}` })),
    replies: replies.map((x) => ({ ...x.reply, authorName: `${x.authorFamilyName} ${x.authorGivenName}` })),
    attachments: files,
    commands: access.side === "former_destination" ? [] : availableTransitions(r.status, access.side),
  };
}
