import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentEvents, consentScope, consents } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { WithdrawConsentInput } from "./consent.schema";
import { loadConsentForChange } from "./consent-authority";
import { assertNotBeforeConsent, storeConsentDocument } from "./grant-consent";

/** 撤回: a written withdrawal ends the consent's whole scope from that moment; the history stays. */
export async function withdrawConsent(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(WithdrawConsentInput, rawInput);
  const consent = await loadConsentForChange(db, actor, input.consentId);
  assertNotBeforeConsent(input.withdrawnOn, consent, "withdrawnOn");
  return db.transaction(async (tx) => {
    const documentId = await storeConsentDocument(tx, actor, input.document, consent.patientId);
    const updated = await tx
      .update(consents)
      .set({ withdrawnOn: input.withdrawnOn, withdrawalDocumentId: documentId })
      .where(and(eq(consents.id, consent.id), isNull(consents.withdrawnOn)))
      .returning({ id: consents.id });
    if (updated.length === 0)
      throw new DomainError(
        "CONFLICT",
        "この同意はすでに撤回されています / This consent was withdrawn meanwhile",
      );
    await tx
      .update(consentScope)
      .set({ withdrawnOn: input.withdrawnOn })
      .where(and(eq(consentScope.consentId, consent.id), isNull(consentScope.withdrawnOn)));
    await tx.insert(consentEvents).values({
      consentId: consent.id,
      patientId: consent.patientId,
      kind: "withdrawn",
      effectiveOn: input.withdrawnOn,
      facilityIds: [],
      documentId,
      note: input.note,
      recordedBy: actor.practitionerId,
    });
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: consent.patientId,
      action: "consent.withdraw",
      purpose: "administration",
      outcome: "success",
      details: { consentId: consent.id, documentId },
      ip: actor.ip,
    });
    return { consentId: consent.id };
  });
}
