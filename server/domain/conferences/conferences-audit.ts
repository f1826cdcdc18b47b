import { moduleAudit } from "../audit/append-audit-event";

/** The conferences module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditConferences = moduleAudit<"conference">("treatment");
