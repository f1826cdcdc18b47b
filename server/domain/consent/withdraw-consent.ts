import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentEvents, consentScope, consents } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { imagingGrants } from "../images/imaging-grants";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { WithdrawConsentInput } from "./consent.schema";
import { assertMayRecordConsentAt, loadConsentForChange } from "./consent-authority";
import { closeOutLostAccess } from "./consent-scope-left";
import { assertNotBeforeConsent, storeConsentDocument } from "./grant-consent";
import { auditConsent } from "./consent-audit";

type Consent = typeof consents.$inferSelect;

/**
 * A written withdrawal, kept as a consent event with its signed form (the history stays):
 * - of one consent whole (撤回): its whole scope ends from that day;
 * - of some facilities only (一部撤回): those facilities leave the scope, the others keep it;
 * - of every consent of the patient (脱退): the patient leaves the network.
 * Each facility whose access ends is told what it held (document numbers, no name), and what was
 * open there is closed (see consent-scope-left.ts), in the same transaction.
 */
export async function withdrawConsent(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(WithdrawConsentInput, rawInput);
  const targets = input.leaveNetwork
    ? await activeConsentsOf(db, actor, input.patientId!)
    : [await loadConsentForChange(db, actor, input.consentId!)];
  for (const consent of targets) assertNotBeforeConsent(input.withdrawnOn, consent, "withdrawnOn");
  const patientId = targets[0]!.patientId;

  // 一部撤回: only facilities still in this consent's scope; all of them is a whole withdrawal
  let partial: string[] = [];
  if (input.facilityIds.length > 0) {
    const current = await db
      .select({ facilityId: consentScope.facilityId })
      .from(consentScope)
      .where(and(eq(consentScope.consentId, targets[0]!.id), isNull(consentScope.withdrawnOn)));
    const have = new Set(current.map((c) => c.facilityId));
    const chosen = [...new Set(input.facilityIds)];
    if (chosen.some((id) => !have.has(id))) {
      throw new DomainError("VALIDATION", msg("consent.chosenFacilityNotConsentsScope"), [
        { field: "facilityIds", message: msg("consent.chosenFacilityNotConsentsScope") },
      ]);
    }
    if (chosen.length < have.size) partial = chosen;
  }

  const { publish, result } = await db.transaction(async (tx) => {
    const documentId = await storeConsentDocument(tx, actor, input.document, patientId);
    const before = await facilitiesInScope(tx, patientId);
    for (const consent of targets) {
      if (partial.length > 0) {
        const ended = await tx
          .update(consentScope)
          .set({ withdrawnOn: input.withdrawnOn })
          .where(
            and(
              eq(consentScope.consentId, consent.id),
              inArray(consentScope.facilityId, partial),
              isNull(consentScope.withdrawnOn),
            ),
          )
          .returning({ facilityId: consentScope.facilityId });
        if (ended.length !== partial.length) throw changedMeanwhile();
        await tx.insert(consentEvents).values({
          consentId: consent.id,
          patientId,
          kind: "scope_withdrawn",
          effectiveOn: input.withdrawnOn,
          facilityIds: partial,
          documentId,
          note: input.note,
          recordedBy: actor.practitionerId,
        });
        continue;
      }
      const updated = await tx
        .update(consents)
        .set({ withdrawnOn: input.withdrawnOn, withdrawalDocumentId: documentId })
        .where(and(eq(consents.id, consent.id), isNull(consents.withdrawnOn)))
        .returning({ id: consents.id });
      if (updated.length === 0) throw changedMeanwhile();
      await tx
        .update(consentScope)
        .set({ withdrawnOn: input.withdrawnOn })
        .where(and(eq(consentScope.consentId, consent.id), isNull(consentScope.withdrawnOn)));
      await tx.insert(consentEvents).values({
        consentId: consent.id,
        patientId,
        kind: "withdrawn",
        effectiveOn: input.withdrawnOn,
        facilityIds: [],
        documentId,
        note: input.note,
        recordedBy: actor.practitionerId,
      });
    }
    // whoever was covered before and is covered by no consent now has lost access
    const after = new Set(await facilitiesInScope(tx, patientId));
    const lost = before.filter((f) => !after.has(f));
    await auditConsent(tx, actor, "consent.withdraw", {
      patientId,
      details: {
        consentIds: targets.map((c) => c.id),
        documentId,
        scope: input.leaveNetwork ? "network" : partial.length > 0 ? "facilities" : "consent",
        ...(partial.length > 0 ? { facilityIds: partial } : {}),
        lostFacilityIds: lost,
      },
    });
    const publish = await closeOutLostAccess(tx, actor, patientId, lost, input.withdrawnOn);
    return {
      publish,
      result: { consentId: targets[0]!.id, consentIds: targets.map((c) => c.id), lostFacilityIds: lost },
    };
  });
  publish();
  // the viewer's per-study grants on this patient end now, not at their expiry
  imagingGrants().forgetPatient(patientId);
  return result;
}

function changedMeanwhile() {
  return new DomainError("CONFLICT", msg("consent.consentChangedMeanwhileReloadTry"));
}

async function facilitiesInScope(tx: Db, patientId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ facilityId: consentScope.facilityId })
    .from(consentScope)
    .where(and(eq(consentScope.patientId, patientId), isNull(consentScope.withdrawnOn)));
  return rows.map((r) => r.facilityId);
}

/** 脱退: every consent still in force, each of which the actor must be allowed to change. */
async function activeConsentsOf(db: Db, actor: Actor, patientId: string): Promise<Consent[]> {
  const active = await db
    .select()
    .from(consents)
    .where(and(eq(consents.patientId, patientId), isNull(consents.withdrawnOn)));
  if (active.length === 0) {
    throw new DomainError("CONFLICT", msg("consent.patientNoConsentForce"));
  }
  for (const consent of active) assertMayRecordConsentAt(actor, consent.facilityId);
  return active;
}
