import { moduleAudit } from "../audit/append-audit-event";

/** The pathways module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditPathways = moduleAudit<"pathway">("treatment");
