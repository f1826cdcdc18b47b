import { moduleAudit } from "../audit/append-audit-event";

/** The care team's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditCareTeam = moduleAudit<"care_team">("treatment");
