import { moduleAudit } from "../audit/append-audit-event";

/** The reading module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditReadings = moduleAudit<"reading">("treatment");
