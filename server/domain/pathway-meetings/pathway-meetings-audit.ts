import { moduleAudit } from "../audit/append-audit-event";

/** The pathway-meetings module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditPathwayMeetings = moduleAudit<"pathway_meeting" | "calendar_feed">("treatment");
