import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { daysBetween, NursingInstructionContent } from "../../model/nursing-instruction";
import { availableTransitions, expiringSoon, inForce, statusOn, tokyoToday } from "./instruction-status";
import { loadInstructionParts, personName } from "./instruction-parts";
import {
  INSTRUCTION_ACKNOWLEDGER_PROFESSIONS,
  INSTRUCTION_AUTHOR_PROFESSIONS,
  loadInstruction,
} from "./load-instruction";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/**
 * One instruction as its reader sees it: its status today (expired once its
 * period ended), the period and the days left, who wrote it and where it went,
 * who confirmed receipt, and which commands are open to the reader.
 */
export async function getInstruction(db: Db, actor: Actor, instructionId: string, now = new Date()) {
  const { instruction: i, side } = await loadInstruction(
    db,
    actor,
    instructionId,
    "nursing_instruction.view",
  );
  const parts = await loadInstructionParts(db, i);
  await auditNursingInstructions(db, actor, "nursing_instruction.view", {
    patientId: i.patientId,
    details: { instructionId: i.id },
  });
  const today = tokyoToday(now);
  const period = { start: i.periodStart, end: i.periodEnd };
  const status = statusOn(i.status, period, today);
  const physician = side === "author" && INSTRUCTION_AUTHOR_PROFESSIONS.includes(actor.profession);
  const nurse = side === "station" && INSTRUCTION_ACKNOWLEDGER_PROFESSIONS.includes(actor.profession);
  const p = parts.patient;
  return {
    id: i.id,
    side,
    status,
    kind: i.kind,
    documentNumber: i.documentNumber,
    revision: i.revision,
    period,
    inForce: inForce(status, period, today),
    expiringSoon: expiringSoon(status, period, today),
    /** days until the last day (0 on the last day), while not yet over */
    daysLeft:
      i.periodEnd && i.periodEnd >= today && status !== "cancelled" ? daysBetween(today, i.periodEnd) : null,
    content: NursingInstructionContent.parse(i.content),
    patient: {
      id: p.id,
      familyName: p.familyName,
      givenName: p.givenName,
      familyNameKana: p.familyNameKana,
      givenNameKana: p.givenNameKana,
      birthDate: p.birthDate,
      sex: p.sex,
      regionalId: p.regionalId,
    },
    author: {
      facilityName: parts.facility(i.authorFacilityId)?.name ?? "",
      name: personName(parts.practitioner(i.authorId)),
    },
    station: i.stationFacilityId
      ? { facilityId: i.stationFacilityId, name: parts.facility(i.stationFacilityId)?.name ?? "" }
      : null,
    sentAt: i.sentAt?.toISOString() ?? null,
    acknowledgement: i.acknowledgedAt
      ? { at: i.acknowledgedAt.toISOString(), byName: personName(parts.practitioner(i.acknowledgedById)) }
      : null,
    supersededById: i.supersededById,
    cancellation: i.cancelledAt
      ? {
          at: i.cancelledAt.toISOString(),
          byName: personName(parts.practitioner(i.cancelledById)),
          reason: i.cancelReason ?? "",
        }
      : null,
    can: {
      edit: physician && status === "draft",
      discard: physician && status === "draft",
      send: physician && availableTransitions(status, "physician").includes("send"),
      cancel: physician && availableTransitions(status, "physician").includes("cancel"),
      acknowledge: nurse && availableTransitions(status, "station").includes("acknowledge"),
    },
  };
}
export type InstructionView = Awaited<ReturnType<typeof getInstruction>>;
