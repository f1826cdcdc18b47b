import { moduleAudit } from "./append-audit-event";

/** The audit module's audit events: the actor filled in, "audit" unless the call says otherwise. */
export const auditOfAudit = moduleAudit<"audit">("audit");
