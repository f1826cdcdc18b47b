import { and, asc, inArray, isNull, notInArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentScope, pathwayStages, patients, type facilities } from "../../db/schema";
import { professionMaySee, type Actor } from "../../model/permissions";
import { listFacilities } from "../facilities/manage-facilities";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { PATHWAY_DATA } from "../pathways/load-enrolment";
import { requireManager, type OccurrenceAccess } from "./load-meeting";
import type { AgendaEntry } from "./agenda-entry";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

export interface DecisionFacility {
  id: string;
  name: string;
  kind: (typeof facilities.$inferSelect)["kind"];
}

/** One case's 担当施設 choices, as ids into the network's list. */
export interface CaseFacilities {
  /** the facilities on the case's stages, in pathway order: offered first */
  pathway: string[];
  /** inside the patient's consent: recordDecision refuses any other, so the form says so beforehand */
  inConsent: string[];
}

/**
 * The 担当施設 select of each decision form on an occurrence: the network's
 * active facilities once, and per case the reader may see, the facilities on
 * its pathway's stages (offered first) and those inside its consent. The
 * network list is shared rather than repeated per case, as a region's
 * hundred-odd facilities times the cases would weigh on the page. For the
 * meeting's managers, who record decisions; reading the consent scopes is
 * audited like any read of those patients. Part of a manager's agenda
 * (getMeetingAgenda), on the occurrence and entries it has loaded.
 */
export async function decisionFacilities(
  db: Db,
  actor: Actor,
  access: OccurrenceAccess,
  entries: readonly AgendaEntry[],
) {
  requireManager(access);
  const { meeting, occurrence } = access;
  const network: DecisionFacility[] = (await listFacilities(db))
    .filter((f) => f.active)
    .map((f) => ({ id: f.id, name: f.name, kind: f.kind }));
  const cases: Record<string, CaseFacilities> = {};
  if (!professionMaySee(actor.profession, PATHWAY_DATA)) return { facilities: network, cases };

  const patientIds = [...new Set(entries.map((e) => e.patientId))];
  const seen = patientIds.length
    ? await db
        .select({ id: patients.id })
        .from(patients)
        .where(
          and(inArray(patients.id, patientIds), inCurrentConsentScope(db, patients.id, actor.facilityId)),
        )
    : [];
  const visiblePatients = new Set(seen.map((p) => p.id));
  const visible = entries.filter((e) => visiblePatients.has(e.patientId));
  if (visible.length === 0) return { facilities: network, cases };

  const [stages, scopes] = await Promise.all([
    db
      .select({ enrolmentId: pathwayStages.enrolmentId, facilityId: pathwayStages.facilityId })
      .from(pathwayStages)
      .where(
        and(
          inArray(
            pathwayStages.enrolmentId,
            visible.map((e) => e.enrolmentId),
          ),
          // a handover declined or withdrawn never put its facility on the pathway; one asked for did
          notInArray(pathwayStages.status, ["declined", "cancelled"]),
        ),
      )
      .orderBy(asc(pathwayStages.stageIndex), asc(pathwayStages.createdAt)),
    db
      .select({ patientId: consentScope.patientId, facilityId: consentScope.facilityId })
      .from(consentScope)
      .where(and(inArray(consentScope.patientId, [...visiblePatients]), isNull(consentScope.withdrawnOn))),
  ]);
  for (const entry of visible) {
    cases[entry.enrolmentId] = {
      pathway: [
        ...new Set(stages.filter((s) => s.enrolmentId === entry.enrolmentId).map((s) => s.facilityId)),
      ],
      inConsent: [...new Set(scopes.filter((s) => s.patientId === entry.patientId).map((s) => s.facilityId))],
    };
  }
  await auditPathwayMeetings(db, actor, "pathway_meeting.view", {
    details: {
      meetingId: meeting.id,
      occurrenceId: occurrence.id,
      read: "decision_facilities",
      patientIds: [...visiblePatients],
    },
  });
  return { facilities: network, cases };
}

export type DecisionFacilities = Awaited<ReturnType<typeof decisionFacilities>>;
