import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, readingRequests } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { imagingSourcesOf, verifyStudy } from "../images/imaging-sources";
import { recordNotification } from "../notifications/notify";
import { READING_PROFESSIONS, readingDesk } from "./load-reading";
import { readingFacilitiesInConsent } from "./reading-facilities";
import { RequestReadingInput } from "./readings.schema";
import type { ReadingRequestContent } from "../../model/reading-report";
import { auditReadings } from "./readings-audit";

/**
 * 読影依頼: a doctor asks a hospital's radiology to read one of the patient's
 * studies. The requester must see the patient (consent, profession); the study
 * must be one the image list gave this patient at a facility inside consent
 * (its signature); the reading hospital must be inside the patient's consent
 * too. Written and audited in one transaction; its physicians hear of it once
 * it commits. A refusal writes nothing but its audit event.
 */
export async function requestReading(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RequestReadingInput, rawInput);
  if (!READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.requestedByDoctors"));
  }
  const access = await requirePatientAccess(db, actor, input.patientId, "clinical", "reading.request");
  const refuse = async (reason: string) =>
    auditReadings(db, actor, "reading.request", {
      patientId: input.patientId,
      outcome: "denied",
      details: {
        reason,
        readingFacilityId: input.readingFacilityId,
        studyFacilityId: input.study.facilityId,
      },
    });

  const { study } = input;
  const source = (await imagingSourcesOf(db, input.patientId)).find((s) => s.facilityId === study.facilityId);
  if (!source || !verifyStudy(input.patientId, study.facilityId, study.studyUid, study.sig)) {
    await refuse(source ? "study_not_listed" : "study_facility_not_in_consent");
    throw invalidField("study", msg("readings.studyNotAmongPatients"));
  }

  const reading = await requireReadingHospital(db, actor, input.patientId, input.readingFacilityId, refuse);
  return createReadingRequest(db, actor, {
    patientId: input.patientId,
    readingFacilityId: reading.id,
    basis: access.basis,
    study: { facilityId: study.facilityId, studyUid: study.studyUid, ...study.label },
    content: input,
  });
}

/**
 * The reading hospital a request may go to: an active hospital other than the
 * requester's own, inside the patient's consent (a refusal there is audited
 * through `refuse`).
 */
export async function requireReadingHospital(
  db: Db,
  actor: Actor,
  patientId: string,
  readingFacilityId: string,
  refuse: (reason: string) => Promise<unknown>,
) {
  const [reading] = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      kind: facilities.kind,
      active: facilities.active,
      pacsDicomwebUrl: facilities.pacsDicomwebUrl,
    })
    .from(facilities)
    .where(eq(facilities.id, readingFacilityId));
  if (!reading || !reading.active || reading.kind !== "hospital" || reading.id === actor.facilityId) {
    throw invalidField("readingFacilityId", msg("readings.chooseReadingHospital"));
  }
  const inConsent = await readingFacilitiesInConsent(db, patientId, actor.facilityId);
  if (!inConsent.some((f) => f.id === reading.id)) {
    await refuse("reading_facility_not_in_consent");
    throw new DomainError(
      "CONSENT_REQUIRED",
      msg("readings.readingFacilityOutsideConsent", { name: reading.name }),
      [{ field: "readingFacilityId", message: msg("readings.outsideConsent") }],
    );
  }
  return reading;
}

/**
 * Writes the request, its audit event and its notification rows in one
 * transaction; the reading hospital's physicians hear of it once it commits.
 */
export async function createReadingRequest(
  db: Db,
  actor: Actor,
  r: {
    patientId: string;
    readingFacilityId: string;
    basis: string;
    study: {
      facilityId: string;
      studyUid: string;
      date: string | null;
      modalities: string[];
      description: string;
    };
    content: ReadingRequestContent;
    details?: Record<string, unknown>;
  },
): Promise<{ readingId: string }> {
  const { id, publish } = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(readingRequests)
      .values({
        patientId: r.patientId,
        requesterId: actor.practitionerId,
        requesterFacilityId: actor.facilityId,
        readingFacilityId: r.readingFacilityId,
        studyFacilityId: r.study.facilityId,
        studyUid: r.study.studyUid,
        studyDate: r.study.date,
        studyModalities: r.study.modalities,
        studyDescription: r.study.description,
        clinicalQuestion: r.content.clinicalQuestion,
        relevantHistory: r.content.relevantHistory,
        urgency: r.content.urgency,
      })
      .returning();
    await auditReadings(tx, actor, "reading.request", {
      patientId: r.patientId,
      details: {
        readingId: created!.id,
        basis: r.basis,
        readingFacilityId: r.readingFacilityId,
        studyFacilityId: r.study.facilityId,
        studyUid: r.study.studyUid,
        urgency: r.content.urgency,
        ...r.details,
      },
    });
    const publish = await recordNotification(tx, {
      kind: "reading_requested",
      recipientIds: await readingDesk(tx, created!),
      readingRequestId: created!.id,
      event: "requested",
      actorId: actor.practitionerId,
      urgent: r.content.urgency !== "routine",
    });
    return { id: created!.id, publish };
  });
  publish();
  return { readingId: id };
}
