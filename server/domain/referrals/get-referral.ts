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
  referralEvents,
  referralReplies,
} from "../../db/schema";
import type { Actor } from "../../auth/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import {
  loadReferral,
  lockReferral,
  REFERRAL_TRIAGE_PROFESSIONS,
  type ReferralAccess,
} from "./load-referral";
import { isOverdue } from "./referral-overdue";
import { availableTransitions } from "./referral-status";
import { applyTransition } from "./referral-transition";

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
    REFERRAL_TRIAGE_PROFESSIONS.includes(actor.profession)
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
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: access.referral.patientId,
      action: "referral.view",
      purpose: "treatment",
      outcome: "success",
      details: { referralId },
      ip: actor.ip,
    });
  }
  const r = access.referral;

  const facilityIds = [r.referrerFacilityId, r.destinationFacilityId];
  const people = [r.referrerId, r.destinationPractitionerId].filter((x): x is string => !!x);
  const [patient] = await db.select().from(patients).where(eq(patients.id, r.patientId));
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const [department] = await db
    .select()
    .from(departments)
    .where(eq(departments.id, r.destinationDepartmentId));
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
  const files = await db
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
    .where(eq(referralAttachments.referralId, r.id))
    .orderBy(asc(referralAttachments.addedAt));
  const personRows = people.length
    ? await db.select().from(practitioners).where(inArray(practitioners.id, people))
    : [];
  const [referrerLocalId] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(
      and(eq(patientLocalIds.patientId, r.patientId), eq(patientLocalIds.facilityId, r.referrerFacilityId)),
    );

  const facility = (id: string) => facilityRows.find((f) => f.id === id)!;
  const person = (id: string | null) => {
    const p = personRows.find((x) => x.id === id);
    return p ? { id: p.id, name: `${p.familyName} ${p.givenName}`, profession: p.profession } : null;
  };
  const referrerFacility = facility(r.referrerFacilityId);
  return {
    referral: { ...r, overdue: isOverdue(r) },
    side: access.side,
    patient: patient!,
    referrer: {
      facility: { id: referrerFacility.id, name: referrerFacility.name, phone: referrerFacility.phone },
      practitioner: person(r.referrerId)!,
      department: r.referrerDepartment,
    },
    destination: {
      facility: { id: r.destinationFacilityId, name: facility(r.destinationFacilityId).name },
      department: { id: department!.id, name: department!.name },
      practitioner: person(r.destinationPractitionerId),
    },
    /** the referrer's own record of the patient, when that facility publishes a viewer and knows the patient */
    referrerRecordAvailable: !!referrerFacility.recordSystemUrl && !!referrerLocalId,
    events: events.map((e) => ({ ...e, actorName: `${e.actorFamilyName} ${e.actorGivenName}` })),
    replies: replies.map((x) => ({ ...x.reply, authorName: `${x.authorFamilyName} ${x.authorGivenName}` })),
    attachments: files,
    commands: access.side === "former_destination" ? [] : availableTransitions(r.status, access.side),
  };
}
