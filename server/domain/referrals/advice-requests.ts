import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { adviceRequests, departments, facilities, patients, practitioners, referrals } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  inCurrentConsentScope,
  isInCurrentConsentScope,
  requirePatientAccess,
} from "../consent/check-patient-access";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import { insertReferralDraft } from "./create-referral";
import { REFERRAL_AUTHOR_PROFESSIONS, REFERRAL_TRIAGE_PROFESSIONS } from "./load-referral";
import { assertDestination, assertDestinationInConsent } from "./referral-destination";
import { ReferralLetterContent } from "../../model/referral-letter";
import {
  AdviceRequestIdInput,
  AnswerAdviceInput,
  AskAdviceInput,
  CreateReferralInput,
  RouteAdviceInput,
} from "./referrals.schema";
import { auditReferrals } from "./referrals-audit";

/**
 * Advice before referral (事前相談): a GP asks a department a question about a
 * patient; a specialist there answers, or asks for a referral, which starts a
 * draft letter at the GP's facility with the question as its purpose.
 */
export async function askAdvice(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AskAdviceInput, rawInput);
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("referrals.adviceAskedDoctors"));
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "advice.ask");
  await assertDestination(db, actor.facilityId, { ...input, destinationPractitionerId: null });
  await assertDestinationInConsent(db, input.patientId, input.destinationFacilityId);
  // those who can answer (the facility's doctors) and the liaison office, which may route it to one
  const desk = [
    ...(await adviceAnswerers(db, input.destinationFacilityId)).map((d) => d.id),
    ...(await facilityReferralDesk(db, input.destinationFacilityId, null)),
  ];
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
    await auditReferrals(tx, actor, "advice.ask", {
      patientId: input.patientId,
      details: { adviceRequestId: row!.id },
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

/**
 * Who can answer a request for advice at a facility: its active doctors. Departments keep no list
 * of their doctors, so a request reaches them all until the liaison office routes it to one.
 */
export async function adviceAnswerers(db: Db, facilityId: string) {
  return db
    .select({
      id: practitioners.id,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
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
}

/**
 * The liaison office (or anyone triaging at the asked facility) routes an open request to one of
 * its doctors, who is told; the request shows who it is with.
 */
export async function routeAdvice(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RouteAdviceInput, rawInput);
  const advice = await loadAdvice(db, actor, input.adviceRequestId);
  if (
    advice.destinationFacilityId !== actor.facilityId ||
    !REFERRAL_TRIAGE_PROFESSIONS.includes(actor.profession)
  ) {
    throw new DomainError("FORBIDDEN", msg("referrals.onlyAskedFacilityRoutesRequests"));
  }
  if (advice.status !== "open") throw alreadyHandled();
  const answerers = await adviceAnswerers(db, advice.destinationFacilityId);
  if (!answerers.some((a) => a.id === input.practitionerId)) {
    throw new DomainError("VALIDATION", msg("referrals.chooseDoctorFacility"), [
      { field: "practitionerId", message: msg("referrals.chooseDoctorFacility") },
    ]);
  }
  const publish = await db.transaction(async (tx) => {
    const done = await tx
      .update(adviceRequests)
      .set({ assignedTo: input.practitionerId })
      .where(and(eq(adviceRequests.id, advice.id), eq(adviceRequests.status, "open")))
      .returning({ id: adviceRequests.id });
    if (done.length === 0) throw alreadyHandled();
    await auditReferrals(tx, actor, "advice.route", {
      patientId: advice.patientId,
      details: { adviceRequestId: advice.id, assignedTo: input.practitionerId },
    });
    return recordNotification(tx, {
      kind: "advice_asked",
      recipientIds: [input.practitionerId],
      adviceRequestId: advice.id,
      event: "route",
      actorId: actor.practitionerId,
    });
  });
  publish();
  return { adviceRequestId: advice.id, assignedTo: input.practitionerId };
}

const asker = alias(practitioners, "asker");
const answerer = alias(practitioners, "answerer");
const assignee = alias(practitioners, "assignee");
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
      answererName: sql<string | null>`${answerer.familyName} || ' ' || ${answerer.givenName}`,
      assigneeName: sql<string | null>`${assignee.familyName} || ' ' || ${assignee.givenName}`,
      referralStatus: referrals.status,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, adviceRequests.patientId, actor.facilityId)}`,
    })
    .from(adviceRequests)
    .innerJoin(patients, eq(patients.id, adviceRequests.patientId))
    .innerJoin(asker, eq(asker.id, adviceRequests.askedBy))
    .innerJoin(askerFacility, eq(askerFacility.id, adviceRequests.askerFacilityId))
    .innerJoin(destinationFacility, eq(destinationFacility.id, adviceRequests.destinationFacilityId))
    .innerJoin(departments, eq(departments.id, adviceRequests.destinationDepartmentId))
    .leftJoin(answerer, eq(answerer.id, adviceRequests.answeredBy))
    .leftJoin(assignee, eq(assignee.id, adviceRequests.assignedTo))
    .leftJoin(referrals, eq(referrals.id, adviceRequests.referralId))
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
    throw new DomainError("NOT_FOUND", msg("referrals.adviceRequestNotFound"));
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
    await auditReferrals(tx, actor, "advice.answer", {
      patientId: advice.patientId,
      details: { adviceRequestId: advice.id },
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
    throw new DomainError("CONFLICT", msg("referrals.askingDoctorNoLongerActive"));
  }
  // the letter will be the asking GP's: their facility must still be inside the patient's consent
  if (!(await isInCurrentConsentScope(db, advice.patientId, asker.facilityId))) {
    throw new DomainError("CONSENT_REQUIRED", msg("referrals.askingFacilityNoLongerInside"));
  }
  const draft = draftFromAdvice(advice, actor.practitionerId);
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
    await auditReferrals(tx, actor, "advice.convert", {
      patientId: advice.patientId,
      details: { adviceRequestId: advice.id, referralId },
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

/**
 * 回答から紹介状へ: the asking doctor writes the referral from an answered request in one step: a
 * draft of their own to the department (and the doctor) that answered, the question as its purpose.
 */
export async function referFromAdvice(db: Db, actor: Actor, rawInput: unknown) {
  const { adviceRequestId } = parseInput(AdviceRequestIdInput, rawInput);
  const advice = await loadAdvice(db, actor, adviceRequestId);
  if (
    advice.askerFacilityId !== actor.facilityId ||
    !REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)
  ) {
    throw new DomainError("FORBIDDEN", msg("referrals.askingFacilitysDoctorsWriteReferral"));
  }
  if (advice.status !== "answered" || advice.referralId) {
    throw new DomainError("INVALID_TRANSITION", msg("referrals.requestNotAnsweredAlreadyLetter"));
  }
  const draft = draftFromAdvice(advice, advice.answeredBy);
  await assertDestination(db, actor.facilityId, draft);
  await assertDestinationInConsent(db, advice.patientId, advice.destinationFacilityId);
  return db.transaction(async (tx) => {
    const created = await insertReferralDraft(tx, actor, actor, draft);
    const [linked] = await tx
      .select({ referralId: adviceRequests.referralId })
      .from(adviceRequests)
      .where(eq(adviceRequests.id, advice.id));
    if (linked?.referralId !== created.referralId) {
      throw new DomainError("CONFLICT", msg("referrals.letterAlreadyStarted"));
    }
    return { adviceRequestId: advice.id, referralId: created.referralId };
  });
}

function requireAnswerer(advice: typeof adviceRequests.$inferSelect, actor: Actor) {
  if (
    advice.destinationFacilityId !== actor.facilityId ||
    !REFERRAL_TRIAGE_PROFESSIONS.includes(actor.profession)
  ) {
    throw new DomainError("FORBIDDEN", msg("referrals.onlyDepartmentAskedMayAnswer"));
  }
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("referrals.adviceAnsweredDoctors"));
  }
}

const alreadyHandled = () =>
  new DomainError("INVALID_TRANSITION", msg("referrals.requestAlreadyBeenAnswered"));

/**
 * The letter a request becomes: to the department asked (and the doctor named), the question as
 * its purpose. The answer stays with the request, shown beside the letter, not pasted into it.
 */
function draftFromAdvice(
  advice: Pick<
    typeof adviceRequests.$inferSelect,
    "id" | "patientId" | "destinationFacilityId" | "destinationDepartmentId" | "question"
  >,
  destinationPractitionerId: string | null,
) {
  return parseInput(CreateReferralInput, {
    patientId: advice.patientId,
    destinationFacilityId: advice.destinationFacilityId,
    destinationDepartmentId: advice.destinationDepartmentId,
    destinationPractitionerId,
    adviceRequestId: advice.id,
    content: ReferralLetterContent.parse({ purpose: advice.question }),
  });
}
