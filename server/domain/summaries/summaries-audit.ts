import { moduleAudit } from "../audit/append-audit-event";

/** The summaries module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditSummaries = moduleAudit<"summary">("treatment");
