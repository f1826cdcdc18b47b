import { sql } from "drizzle-orm";
import { z } from "zod";
import { preparedRows, type Db } from "../../db/client";
import { SendableReferralLetter } from "../../model/referral-letter";
import { professionMaySee, type Actor } from "../../model/permissions";
import { isUuid, parseInput } from "../../validation";
import { auditAppended } from "../audit/append-audit-event";
import { auditKeyring } from "../audit/audit-keys";
import { publishNotification } from "../notifications/notification-bus";
import { facilityReferralDesk, notificationPush, referralDesk } from "../notifications/notify";
import { nextDocumentNumber } from "./document-number";
import {
  loadReferral,
  lockReferral,
  REFERRAL_AUTHOR_PROFESSIONS,
  requireSide,
  requireVersion,
} from "./load-referral";
import { assertDestination, assertDestinationInConsent } from "./referral-destination";
import { applyTransition } from "./referral-transition";
import { canTransition, type ReferralStatus } from "./referral-status";
import { ReferralCommandInput } from "./referrals.schema";

const SendableContent = z.object({ content: SendableReferralLetter });

/**
 * Sends a draft: the letter must be complete, the destination must take
 * referrals and be inside the patient's consent. The destination's desk is
 * told in real time once it commits.
 *
 * In three round trips when all is well (issue 16: a send took 13 statements,
 * one socket write each): one read answers every check at once, the document
 * number is taken, and one statement changes the row (on its version) and writes
 * the history, audit and notification rows with it, atomic without a
 * BEGIN/COMMIT. When any check fails, or the row changed in between, the send is
 * made again step by step (`sendReferralStepByStep`), which refuses it exactly as it
 * always did: the same codes, fields and audited refusals.
 */
export async function sendReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ReferralCommandInput, rawInput);
  if (!isUuid(input.referralId)) return sendReferralStepByStep(db, actor, input);
  const [checked] = await sendChecks(db, { referralId: input.referralId, actorFacilityId: actor.facilityId });
  if (!checked || !passesEveryCheck(checked, actor, input.version))
    return sendReferralStepByStep(db, actor, input);
  const desk = referralDesk(checked.destination_practitioner_id, checked.liaison_ids, checked.doctor_ids);
  // taken in a step of its own (a send that then fails leaves a gap in the numbers)
  const documentNumber = await nextDocumentNumber(db, checked.referrer_facility_id);
  const push = notificationPush({
    kind: "referral_received",
    recipientIds: desk,
    urgent: checked.priority === "urgent",
    actorId: actor.practitionerId,
    referralId: input.referralId,
    event: "send",
  });
  const [sent] = await sendStatement(db, {
    referralId: input.referralId,
    version: input.version,
    documentNumber,
    now: new Date().toISOString(),
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    ip: actor.ip ?? "",
    keyId: auditKeyring().active.id,
    urgent: push.urgent,
    recipientIds: JSON.stringify(push.recipientIds),
  });
  // changed (or deleted) since the checks: the step-by-step send says how
  if (!sent) return sendReferralStepByStep(db, actor, input);
  auditAppended();
  publishNotification(push);
  return { referralId: sent.id, version: sent.version, documentNumber: sent.document_number };
}

interface SendCheckRow extends Record<string, unknown> {
  status: string;
  version: number;
  priority: string;
  content: unknown;
  referrer_facility_id: string;
  destination_facility_id: string;
  destination_department_id: string;
  destination_practitioner_id: string | null;
  actor_in_consent: boolean;
  destination_in_consent: boolean;
  department_takes_referrals: boolean | null;
  named_profession: string | null;
  named_department_id: string | null;
  liaison_ids: string[];
  doctor_ids: string[];
}

/**
 * Every check of a send in one read: the referral, the actor's facility and the
 * destination inside the patient's current consent, the destination department
 * (its facility active, taking referrals), the named doctor, and the desk
 * (active liaison staff and doctors of the destination facility).
 */
const sendChecks = preparedRows<SendCheckRow>(
  "send_referral_checks",
  sql`select r.status, r.version, r.priority, r.content, r.referrer_facility_id,
      r.destination_facility_id, r.destination_department_id, r.destination_practitioner_id,
      exists (select 1 from consent_scope c where c.patient_id = r.patient_id
        and c.facility_id = ${sql.placeholder("actorFacilityId")}::uuid and c.withdrawn_on is null) as actor_in_consent,
      exists (select 1 from consent_scope c where c.patient_id = r.patient_id
        and c.facility_id = r.destination_facility_id and c.withdrawn_on is null) as destination_in_consent,
      (select d.accepts_referrals and f.active from departments d join facilities f on f.id = d.facility_id
        where d.id = r.destination_department_id and d.facility_id = r.destination_facility_id)
        as department_takes_referrals,
      named.profession::text as named_profession, named.department_id::text as named_department_id,
      array(select p.id::text from practitioners p where p.facility_id = r.destination_facility_id
        and p.disabled_at is null and p.profession = 'liaison') as liaison_ids,
      array(select p.id::text from practitioners p where p.facility_id = r.destination_facility_id
        and p.disabled_at is null and p.profession in ('physician', 'dentist')) as doctor_ids
    from referrals r
    left join practitioners named on named.id = r.destination_practitioner_id
      and named.facility_id = r.destination_facility_id and named.disabled_at is null
    where r.id = ${sql.placeholder("referralId")}::uuid`,
);

/**
 * Whether the step-by-step send would pass every check on this row, in its order
 * (load-referral.ts, referral-destination.ts, the transition table); anything
 * less goes that way, to be refused as it says.
 */
function passesEveryCheck(row: SendCheckRow, actor: Actor, version: number): boolean {
  if (row.referrer_facility_id !== actor.facilityId) return false;
  if (!row.actor_in_consent || !professionMaySee(actor.profession, "clinical")) return false;
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) return false;
  if (row.version !== version) return false;
  try {
    // parseInput, not safeParse: its control-character check comes with it
    parseInput(SendableContent, { content: row.content });
  } catch {
    return false;
  }
  if (row.destination_facility_id === row.referrer_facility_id) return false;
  if (!row.department_takes_referrals) return false;
  if (row.destination_practitioner_id) {
    const profession = row.named_profession as Actor["profession"] | null;
    if (!profession || !REFERRAL_AUTHOR_PROFESSIONS.includes(profession)) return false;
    if (row.named_department_id && row.named_department_id !== row.destination_department_id) return false;
  }
  if (!row.destination_in_consent) return false;
  return canTransition(row.status as ReferralStatus, "send");
}

const p = sql.placeholder;

/**
 * The send's changes in one statement: the row moves to sent on the version the
 * checks read (another change in between leaves no row), and the history event,
 * the audit event (chained later by the linker, as appendAuditEvent's are) and
 * one notification per recipient are written from what it returns.
 */
const sendStatement = preparedRows<{ id: string; version: number; document_number: string }>(
  "send_referral_write",
  sql`with sent as (
      update referrals set document_number = ${p("documentNumber")}::text, status = 'sent',
        sent_at = ${p("now")}::timestamptz, awaiting_since = ${p("now")}::timestamptz,
        status_changed_at = ${p("now")}::timestamptz, version = version + 1, updated_at = ${p("now")}::timestamptz
      where id = ${p("referralId")}::uuid and version = ${p("version")}::int and status = 'draft'
      returning id, version, document_number, patient_id, destination_facility_id, destination_department_id
    ), history as (
      insert into referral_events (referral_id, kind, from_status, to_status, actor_id, actor_facility_id, details, at)
      select id, 'send', 'draft', 'sent', ${p("actorId")}::uuid, ${p("actorFacilityId")}::uuid,
        jsonb_build_object('toFacilityId', destination_facility_id, 'toDepartmentId', destination_department_id),
        ${p("now")}::timestamptz
      from sent
    ), audit as (
      insert into audit_events (occurred_at, actor_id, actor_facility_id, patient_id, action, purpose, outcome,
        details, ip, key_id)
      select ${p("now")}::timestamptz, ${p("actorId")}::uuid, ${p("actorFacilityId")}::uuid, patient_id,
        'referral.send', 'treatment', 'success',
        jsonb_build_object('referralId', id, 'from', 'draft', 'to', 'sent',
          'toFacilityId', destination_facility_id, 'toDepartmentId', destination_department_id),
        ${p("ip")}::text, ${p("keyId")}::text
      from sent
    ), told as (
      insert into notifications (recipient_id, kind, referral_id, event, actor_id, urgent, details)
      select recipient::uuid, 'referral_received', sent.id, 'send', ${p("actorId")}::uuid,
        ${p("urgent")}::boolean, '{}'::jsonb
      from sent, jsonb_array_elements_text(${p("recipientIds")}::jsonb) as recipient
    )
    select id, version, document_number from sent`,
);

/**
 * The send one check at a time: the way every refusal is made. Exported for the
 * test that holds both ways to the same rows.
 */
export async function sendReferralStepByStep(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ReferralCommandInput, rawInput);
  const access = await loadReferral(db, actor, input.referralId, "referral.send");
  requireSide(access, actor, "referrer", REFERRAL_AUTHOR_PROFESSIONS);
  const draft = access.referral;
  requireVersion(draft, input.version);
  parseInput(SendableContent, { content: draft.content });
  await assertDestination(db, draft.referrerFacilityId, draft);
  await assertDestinationInConsent(db, draft.patientId, draft.destinationFacilityId);
  const desk = await facilityReferralDesk(db, draft.destinationFacilityId, draft.destinationPractitionerId);
  // taken in a step of its own (a send that then fails leaves a gap in the numbers)
  const documentNumber = await nextDocumentNumber(db, draft.referrerFacilityId);

  const { referral, publish } = await db.transaction(async (tx) => {
    const locked = await lockReferral(tx, input.referralId);
    requireVersion(locked, input.version);
    const now = new Date();
    return applyTransition(tx, actor, locked, "send", {
      patch: {
        documentNumber,
        sentAt: now,
        awaitingSince: now,
      },
      details: { toFacilityId: locked.destinationFacilityId, toDepartmentId: locked.destinationDepartmentId },
      notify: { kind: "referral_received", recipientIds: desk, urgent: locked.priority === "urgent" },
      at: now,
    });
  });
  publish();
  return { referralId: referral.id, version: referral.version, documentNumber: referral.documentNumber };
}
