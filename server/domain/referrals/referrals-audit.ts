import { moduleAudit } from "../audit/append-audit-event";

/** The referrals module's audit events: the actor filled in, "treatment" unless the call says otherwise. */
export const auditReferrals = moduleAudit<"referral" | "advice">("treatment");
