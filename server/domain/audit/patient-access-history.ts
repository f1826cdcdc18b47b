import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { hasRole, isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { PatientRef } from "./audit.schema";
import { resolvePatientRef, selectAuditRows } from "./audit-rows";
import { checkPatientAccess, inCurrentConsentScope } from "../consent/check-patient-access";
import { auditOfAudit } from "./audit-of-audit";

const HISTORY_LIMIT = 500;

/**
 * Who may read a patient's access history ("who looked at my record"), and
 * what each sees:
 * - the network office: every event, with names, facilities and addresses;
 *   it answers a patient's disclosure request for the whole network;
 * - an administrator (facility_admin) of a facility inside the patient's
 *   current consent: the events of the facilities inside that consent (and
 *   their own), with names; what facilities outside the consent did (refused
 *   attempts, emergency access) is only counted, with neither facility nor
 *   person, and the patient is pointed to the network office for it;
 * - anyone else, whatever their profession: refused. A pharmacist allowed to
 *   see who the patient is does not thereby learn who else tried to.
 * An unknown patient is answered as a refused one, so the answer never says
 * whether an id exists.
 */
export async function patientAccessHistory(db: Db, actor: Actor, rawInput: unknown) {
  const { patientId: ref } = parseInput(z.object({ patientId: PatientRef }), rawInput);
  const office = isNetworkAdmin(actor);
  // an unknown regional ID reads as the nil id: nothing found, refused like any unknown patient
  const patientId = (await resolvePatientRef(db, ref)) ?? "00000000-0000-0000-0000-000000000000";
  if (!office) await requireConsentingFacilityAdmin(db, actor, patientId);

  const visible = office
    ? eq(auditEvents.patientId, patientId)
    : and(
        eq(auditEvents.patientId, patientId),
        sql`(${auditEvents.actorFacilityId} = ${actor.facilityId} or ${inCurrentConsentScope(
          db,
          auditEvents.patientId,
          auditEvents.actorFacilityId,
        )})`,
      );
  const rows = await selectAuditRows(db).where(visible).orderBy(desc(auditEvents.seq)).limit(HISTORY_LIMIT);

  let withheld = 0;
  if (!office) {
    const [all] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.patientId, patientId));
    const [shown] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(visible);
    withheld = Number(all?.n ?? 0) - Number(shown?.n ?? 0);
  }

  await auditOfAudit(db, actor, "audit.access_history", {
    patientId,
    details: { results: rows.length, withheld, view: office ? "network_office" : "facility_admin" },
    read: true,
  });
  return {
    view: office ? ("network_office" as const) : ("facility_admin" as const),
    rows: office ? rows : rows.map((r) => ({ ...r, ip: null })),
    withheld,
  };
}

const refused = () =>
  new DomainError("FORBIDDEN", msg("audit.onlyAdministratorsPatientsConsentingFacilities"));

/** A facility administrator whose facility is inside the patient's current consent; the refusal is audited. */
async function requireConsentingFacilityAdmin(db: Db, actor: Actor, patientId: string) {
  if (hasRole(actor, "facility_admin")) {
    const decision = await checkPatientAccess(db, actor, patientId, "demographics");
    if (decision.allowed && decision.basis === "consent") return;
  }
  await auditOfAudit(db, actor, "audit.access_history", {
    patientId,
    outcome: "denied",
    details: { reason: hasRole(actor, "facility_admin") ? "no_consent" : "role" },
  });
  throw refused();
}

export type AuditRow = Awaited<ReturnType<typeof patientAccessHistory>>["rows"][number];
