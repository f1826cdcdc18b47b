import { z } from "zod";
import { msg } from "../../errors";
import { CancelReason, NursingInstructionContent } from "../../model/nursing-instruction";

const instructionId = z.uuid(msg("nursingInstructions.invalidId"));
const revision = z.coerce
  .number(msg("nursingInstructions.revisionMissing"))
  .int(msg("nursingInstructions.invalidRevision"))
  .min(1, msg("nursingInstructions.invalidRevision"));
const stationFacilityId = z
  .uuid(msg("nursingInstructions.invalidStation"))
  .nullish()
  .transform((v) => v ?? null);

export const CreateInstructionInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
  kind: z.enum(["regular", "special"], msg("nursingInstruction.chooseKind")).default("regular"),
  stationFacilityId,
});

/** An autosave of the draft: where it goes and what it says. */
export const SaveInstructionDraftInput = z.object({
  instructionId,
  revision,
  stationFacilityId,
  content: NursingInstructionContent,
});

export const InstructionCommandInput = z.object({ instructionId, revision });
export const AcknowledgeInstructionInput = z.object({ instructionId });
/** 指示の取消: the revision the physician saw, and why (the station is told). */
export const CancelInstructionInput = z.object({
  instructionId,
  revision,
  reason: CancelReason,
});

export const InstructionListQuery = z.object({
  /** inbox: sent to the reader's station; outbox: written at the reader's facility */
  box: z.enum(["inbox", "outbox"]).default("inbox"),
  /** only those in force that end within two weeks */
  expiring: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});
