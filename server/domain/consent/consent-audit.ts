import { moduleAudit } from "../audit/append-audit-event";

/** The consent module's audit events: the actor filled in, "administration" unless the call says otherwise. */
export const auditConsent = moduleAudit<"consent" | "break_glass">("administration");
