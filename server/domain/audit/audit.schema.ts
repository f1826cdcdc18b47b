import { z } from "zod";
import { msg } from "../../errors";

/** Every kind of audited action, closed: a new one is added here, never made up at a call site. */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_mfa",
  "auth.totp_enrol",
  "auth.recovery_code_used",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "auth.session_expired",
  "patient.search",
  "patient.view",
  "patient.create",
  "patient.local_id_add",
  "consent.view_document",
  "consent.grant",
  "consent.add_facility",
  "consent.withdraw",
  "break_glass.open",
  "break_glass.access",
  "break_glass.review",
  "facility.create",
  "facility.update",
  "practitioner.create",
  "practitioner.update",
  "practitioner.reset_mfa",
  "practitioner.unlock",
  "audit.search",
  "audit.access_history",
  "audit.verify",
  "conference.create",
  "conference.join",
  "conference.case_view",
  "conference.admit",
  "conference.refuse",
  "conference.remove",
  "conference.end",
  "conference.update",
  "conference.cancel",
  "conference.calendar_export",
  "referral.create",
  "referral.edit",
  "referral.view",
  "referral.send",
  "referral.receive",
  "referral.accept",
  "referral.decline",
  "referral.forward",
  "referral.interim_report",
  "referral.complete",
  "referral.cancel",
  "referral.reschedule",
  "referral.acknowledge_reply",
  "referral.attachment_add",
  "referral.attachment_view",
  "referral.document_export",
  "referral.record_link",
  "summary.create",
  "summary.edit",
  "summary.view",
  "summary.list",
  "summary.send",
  "summary.amend",
  "summary.acknowledge",
  "summary.document_export",
  "record.link_out",
  "record.timeline_view",
  "record.item_view",
  "record.cache_warm",
  "imaging.study_list",
  "imaging.study_view",
  "reading.request",
  "reading.view",
  "reading.list",
  "reading.accept",
  "reading.decline",
  "reading.cancel",
  "reading.draft_save",
  "reading.report_sign",
  "reading.report_amend",
  "reading.acknowledge",
  "reading.document_export",
  "reading.upload",
  "reading.upload_check",
  "reading.upload_store",
  "pathway.enrol",
  "pathway.view",
  "pathway.handover_request",
  "pathway.handover_accept",
  "pathway.handover_decline",
  "pathway.handover_cancel",
  "pathway.measures_record",
  "pathway.variance_record",
  "pathway.complete",
  "pathway.withdraw",
  "pathway.document_export",
  "pathway.statistics_view",
  "pathway.statistics_export",
  "pathway_meeting.schedule",
  "pathway_meeting.update",
  "pathway_meeting.cancel",
  "pathway_meeting.cancel_occurrence",
  "pathway_meeting.view",
  "pathway_meeting.agenda_change",
  "pathway_meeting.join",
  "pathway_meeting.warm_up",
  "pathway_meeting.decision_record",
  "pathway_meeting.calendar_export",
  "pathway_meeting.minutes_export",
  "calendar_feed.create",
  "calendar_feed.revoke",
  "advice.ask",
  "advice.view",
  "advice.answer",
  "advice.convert",
  "advice.route",
  "notification.list",
  "care_team.view",
  "care_team.member_add",
  "care_team.member_remove",
  "care_team.post",
  "care_team.reply",
  "care_team.photo_view",
  "care_team.visit_schedule",
  "care_team.visit_cancel",
  "care_team.worklist",
  "nursing_instruction.create",
  "nursing_instruction.edit",
  "nursing_instruction.view",
  "nursing_instruction.list",
  "nursing_instruction.send",
  "nursing_instruction.acknowledge",
  "nursing_instruction.document_export",
  "system.seed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_PURPOSES = [
  "treatment",
  "emergency",
  "administration",
  "audit",
  "security",
  "system",
] as const;
export type AuditPurpose = (typeof AUDIT_PURPOSES)[number];

export type AuditOutcome = "success" | "denied" | "failure";

export interface AuditEntry {
  actorId: string | null;
  actorFacilityId: string | null;
  patientId?: string | null;
  action: AuditAction;
  purpose: AuditPurpose;
  outcome: AuditOutcome;
  /** ids and codes only: never names, never secrets */
  details?: Record<string, unknown>;
  ip?: string;
}

/** A patient by internal id or by regional patient ID (地域患者ID, as printed on the consent card). */
export const PatientRef = z.union(
  [
    z.uuid(),
    z
      .string()
      .trim()
      .regex(/^[Oo][Kk]\d{9}$/),
  ],
  msg("audit.givePatientIdRegionalPatient"),
);

export const AuditSearchInput = z.object({
  patientId: PatientRef.optional(),
  actorId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  outcome: z.enum(["success", "denied", "failure"]).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: z.coerce.number().int().positive().optional(),
});
export type AuditSearchInput = z.input<typeof AuditSearchInput>;
