import { moduleAudit } from "../audit/append-audit-event";

/** The images module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditImages = moduleAudit<"imaging">("treatment");
