import { moduleAudit } from "../audit/append-audit-event";

/** The patients module's audit events: the actor filled in, "administration" unless the call says otherwise. */
export const auditPatients = moduleAudit<"patient">("administration");
