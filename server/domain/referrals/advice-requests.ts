import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { adviceRequests, departments, facilities, patients, practitioners } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import {
  inCurrentConsentScope,
  isInCurrentConsentScope,
  requirePatientAccess,
} from "../consent/check-patient-access";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import { insertReferralDraft } from "./create-referral";
import { REFERRAL_AUTHOR_PROFESSIONS, REFERRAL_TRIAGE_PROFESSIONS } from "./load-referral";
import { assertDestination, assertDestinationInConsent } from "./referral-destination";
import { ReferralLetterContent } from "./referral-letter.schema";
import { AnswerAdviceInput, AskAdviceInput, CreateReferralInput } from "./referrals.schema";

/**
 * Advice before referral (事前相談): a GP asks a department a question about a
 * patient; a specialist there answers, or asks for a referral, which starts a
 * draft letter at the GP's facility with the question as its purpose.
 */
export async function askAdvice(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AskAdviceInput, rawInput);
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", "相談は医師・歯科医師が行います / Advice is asked by doctors");
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "advice.ask");
  await assertDestination(db, actor.facilityId, { ...input, destinationPractitionerId: null });
  await assertDestinationInConsent(db, input.patientId, input.destinationFacilityId);
  const desk = await facilityReferralDesk(db, input.destinationFacilityId, null);
  const { id, publish } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(adviceRequests)
      .values({
        patientId: input.patientId,
        askedBy: actor.practitionerId,
        askerFacilityId: actor.facilityId,
        destinationFacilityId: input.destinationFacilityId,
        destinationDepartmentId: input.destinationDepartmentId,
        question: input.question,
      })
      .returning({ id: adviceRequests.id });
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: input.patientId,
      action: "advice.ask",
      purpose: "treatment",
      outcome: "success",
      details: { adviceRequestId: row!.id },
      ip: actor.ip,
    });
    const publish = await recordNotification(tx, {
      kind: "advice_asked",
      recipientIds: desk,
      adviceRequestId: row!.id,
      event: "ask",
      actorId: actor.practitionerId,
    });
    return { id: row!.id, publish };
  });
  publish();
  return { adviceRequestId: id };
}

const asker = alias(practitioners, "asker");
const destinationFacility = alias(facilities, "destination_facility");
const askerFacility = alias(facilities, "asker_facility");

/** The actor's facility's advice requests, asked or received, newest first. */
export async function listAdviceRequests(db: Db, actor: Actor) {
  const rows = await db
    .select({
      advice: adviceRequests,
      patientFamilyName: patients.familyName,
      patientGivenName: patients.givenName,
      askerName: asker.familyName,
      askerFacility: askerFacility.name,
      destinationFacility: destinationFacility.name,
      departmentName: departments.name,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, adviceRequests.patientId, actor.facilityId)}`,
    })
    .from(adviceRequests)
    .innerJoin(patients, eq(patients.id, adviceRequests.patientId))
    .innerJoin(asker, eq(asker.id, adviceRequests.askedBy))
    .innerJoin(askerFacility, eq(askerFacility.id, adviceRequests.askerFacilityId))
    .innerJoin(destinationFacility, eq(destinationFacility.id, adviceRequests.destinationFacilityId))
    .innerJoin(departments, eq(departments.id, adviceRequests.destinationDepartmentId))
    .where(
      or(
        eq(adviceRequests.askerFacilityId, actor.facilityId),
        eq(adviceRequests.destinationFacilityId, actor.facilityId),
      ),
    )
    .orderBy(desc(adviceRequests.createdAt))
    .limit(100);
  // outside consent (a withdrawal since) the line stays, without who or what
  return rows.map(({ patientFamilyName, patientGivenName, advice, ...r }) => ({
    ...r,
    advice: r.inConsent ? advice : { ...advice, question: "", answer: "" },
    patientName: r.inConsent ? `${patientFamilyName} ${patientGivenName}` : null,
  }));
}

async function loadAdvice(db: Db, actor: Actor, adviceRequestId: string) {
  const [advice] = await db.select().from(adviceRequests).where(eq(adviceRequests.id, adviceRequestId));
  if (
    !advice ||
    (advice.askerFacilityId !== actor.facilityId && advice.destinationFacilityId !== actor.facilityId)
  ) {
    throw new DomainError("NOT_FOUND", "相談が見つかりません / Advice request not found");
  }
  await requirePatientAccess(db, actor, advice.patientId, "clinical", "advice.view");
  return advice;
}

export async function answerAdvice(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AnswerAdviceInput, rawInput);
  const advice = await loadAdvice(db, actor, input.adviceRequestId);
  requireAnswerer(advice, actor);
  const publish = await db.transaction(async (tx) => {
    const done = await tx
      .update(adviceRequests)
      .set({
        status: "answered",
        answer: input.answer,
        answeredBy: actor.practitionerId,
        answeredAt: new Date(),
      })
      .where(and(eq(adviceRequests.id, advice.id), eq(adviceRequests.status, "open")))
      .returning({ id: adviceRequests.id });
    if (done.length === 0) throw alreadyHandled();
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: advice.patientId,
      action: "advice.answer",
      purpose: "treatment",
      outcome: "success",
      details: { adviceRequestId: advice.id },
      ip: actor.ip,
    });
    return recordNotification(tx, {
      kind: "advice_answered",
      recipientIds: [advice.askedBy],
      adviceRequestId: advice.id,
      event: "answer",
      actorId: actor.practitionerId,
    });
  });
  publish();
  return { adviceRequestId: advice.id };
}

/**
 * The specialist asks for a referral: a draft letter is started for the asking
 * doctor (the letter is theirs to write and send), pre-filled from the question.
 */
export async function convertAdviceToReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AnswerAdviceInput, rawInput);
  const advice = await loadAdvice(db, actor, input.adviceRequestId);
  requireAnswerer(advice, actor);
  if (advice.status !== "open") throw alreadyHandled();
  const [asker] = await db
    .select({ id: practitioners.id, facilityId: practitioners.facilityId })
    .from(practitioners)
    .where(and(eq(practitioners.id, advice.askedBy), isNull(practitioners.disabledAt)));
  if (!asker) {
    throw new DomainError(
      "CONFLICT",
      "相談した医師は現在利用できません / The asking doctor is no longer active",
    );
  }
  // the letter will be the asking GP's: their facility must still be inside the patient's consent
  if (!(await isInCurrentConsentScope(db, advice.patientId, asker.facilityId))) {
    throw new DomainError(
      "CONSENT_REQUIRED",
      "相談元の医療機関は患者さんの同意の範囲外になりました / The asking facility is no longer inside the patient's consent",
    );
  }
  const draft = parseInput(CreateReferralInput, {
    patientId: advice.patientId,
    destinationFacilityId: advice.destinationFacilityId,
    destinationDepartmentId: advice.destinationDepartmentId,
    destinationPractitionerId: actor.practitionerId,
    adviceRequestId: advice.id,
    content: ReferralLetterContent.parse({ purpose: advice.question, remarks: input.answer }),
  });
  await assertDestination(db, asker.facilityId, draft);
  // the draft and the answer commit together: never a draft for a request still open, or the reverse
  const { referralId, publish } = await db.transaction(async (tx) => {
    const { referralId } = await insertReferralDraft(
      tx,
      actor,
      { practitionerId: asker.id, facilityId: asker.facilityId },
      draft,
    );
    const done = await tx
      .update(adviceRequests)
      .set({
        status: "converted",
        answer: input.answer,
        answeredBy: actor.practitionerId,
        answeredAt: new Date(),
        referralId,
      })
      .where(and(eq(adviceRequests.id, advice.id), eq(adviceRequests.status, "open")))
      .returning({ id: adviceRequests.id });
    if (done.length === 0) throw alreadyHandled();
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: advice.patientId,
      action: "advice.convert",
      purpose: "treatment",
      outcome: "success",
      details: { adviceRequestId: advice.id, referralId },
      ip: actor.ip,
    });
    const publish = await recordNotification(tx, {
      kind: "advice_answered",
      recipientIds: [advice.askedBy],
      adviceRequestId: advice.id,
      referralId,
      event: "convert",
      actorId: actor.practitionerId,
    });
    return { referralId, publish };
  });
  publish();
  return { adviceRequestId: advice.id, referralId };
}

function requireAnswerer(advice: typeof adviceRequests.$inferSelect, actor: Actor) {
  if (
    advice.destinationFacilityId !== actor.facilityId ||
    !REFERRAL_TRIAGE_PROFESSIONS.includes(actor.profession)
  ) {
    throw new DomainError(
      "FORBIDDEN",
      "相談先の医療機関だけが回答できます / Only the department asked may answer",
    );
  }
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", "回答は医師・歯科医師が行います / Advice is answered by doctors");
  }
}

const alreadyHandled = () =>
  new DomainError(
    "INVALID_TRANSITION",
    "この相談はすでに回答済みです / This request has already been answered",
  );
