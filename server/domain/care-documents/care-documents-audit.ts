import { moduleAudit } from "../audit/append-audit-event";

/** The care documents' audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditCareDocuments = moduleAudit<"care_document">("treatment");
