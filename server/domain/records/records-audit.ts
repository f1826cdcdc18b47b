import { moduleAudit } from "../audit/append-audit-event";

/** The records module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditRecords = moduleAudit<"record">("treatment");
