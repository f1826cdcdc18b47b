import { moduleAudit } from "../audit/append-audit-event";

/** The notifications module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditNotifications = moduleAudit<"notification">("treatment");
