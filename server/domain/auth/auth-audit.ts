import { moduleAudit } from "../audit/append-audit-event";

/** The auth module's audit events: the actor filled in, "security" unless the call says otherwise. */
export const auditAuth = moduleAudit<"auth">("security");
