import { moduleAudit } from "../audit/append-audit-event";

/** The visiting-nurse instructions' audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditNursingInstructions = moduleAudit<"nursing_instruction">("treatment");
