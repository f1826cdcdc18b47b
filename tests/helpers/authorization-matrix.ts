import type { Db } from "../../server/db/client";
import type { Actor } from "../../server/auth/permissions";
import { patientAccessHistory } from "../../server/domain/audit/patient-access-history";
import { getConsentDocument } from "../../server/domain/consent/get-consent-document";
import { getConference } from "../../server/domain/conferences/get-conference";
import { getPatient } from "../../server/domain/patients/get-patient";
import { cancelHandover } from "../../server/domain/pathways/cancel-handover";
import { completeEnrolment, withdrawEnrolment } from "../../server/domain/pathways/end-enrolment";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { pathwaySheetDocument } from "../../server/domain/pathways/pathway-sheet-document";
import { recordStageMeasures } from "../../server/domain/pathways/record-stage-measures";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { askAdvice } from "../../server/domain/referrals/advice-requests";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { getReferralAttachment } from "../../server/domain/referrals/referral-attachments";
import { referralLetterDocument } from "../../server/domain/referrals/referral-documents";
import { replyToReferral } from "../../server/domain/referrals/reply-to-referral";
import {
  acceptReferral,
  cancelReferral,
  declineReferral,
  rescheduleReferral,
} from "../../server/domain/referrals/respond-to-referral";
import { getSummary } from "../../server/domain/summaries/get-summary";
import { dischargeSummaryDocument } from "../../server/domain/summaries/summary-documents";
import { saveSummaryDraft } from "../../server/domain/summaries/save-summary-draft";
import type { PathwayNetwork } from "./pathway-network";

/**
 * The authorization matrix as data (issue 14): one row per use case that takes
 * an id, naming every route ("GET /api/…"), server action ("app/…/actions.ts#
 * name") and socket event ("socket conference:join") that reaches it, with
 * the expected outcome for each practitioner of the test region. A row either
 * is walked by tests/integration/authorization-matrix.test.ts (`walk`) or
 * names the test that walks its cells (`coveredBy`, for use cases whose
 * set-up lives there: meetings, conference rooms, records, sign-in).
 *
 * A new route, action or socket event fails that test until it has a row.
 */

/** Professions × roles × facilities inside and outside 山田花子's consent. */
export const MATRIX_ACTORS = [
  "hosp.doctor", // physician, acute hospital (inside; the referral's destination, the pathway's first stage)
  "hosp.admin", // physician + facility_admin, acute hospital (inside)
  "hosp.clerk", // clerk, acute hospital (inside)
  "clinic.gp", // physician, clinic (inside; the referrer)
  "pharm.pharmacist", // pharmacist (inside: identity and medication only)
  "rehab.therapist", // therapist, rehabilitation hospital (inside)
  "care.manager", // care manager (inside: care only)
  "outsider.gp", // physician outside the consent
  "outsider.clerk", // clerk outside the consent
  "office.admin", // the network office (clerk + network_admin)
] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];
export type Cell = "allow" | "deny";

export interface Fixture {
  db: Db;
  n: PathwayNetwork;
  patientId: string;
  referralId: string;
  summaryId: string;
  enrolmentId: string;
  conferenceId: string;
  consentDocumentId: string;
  departmentId: string;
}

export interface MatrixRow {
  name: string;
  surfaces: string[];
  walk?: (f: Fixture, who: Actor) => Promise<unknown>;
  expect: Partial<Record<MatrixActor, Cell>>;
  coveredBy?: string;
}

const only = (...allowed: MatrixActor[]): Record<MatrixActor, Cell> =>
  Object.fromEntries(MATRIX_ACTORS.map((a) => [a, allowed.includes(a) ? "allow" : "deny"])) as Record<
    MatrixActor,
    Cell
  >;

const INSIDE: MatrixActor[] = [
  "hosp.doctor",
  "hosp.admin",
  "hosp.clerk",
  "clinic.gp",
  "pharm.pharmacist",
  "rehab.therapist",
  "care.manager",
];
/** a version no command can be at: an allowed writer is refused CONFLICT, after the access check */
const STALE = 999_999;
const NO_SUCH = "00000000-0000-4000-8000-000000000000";

const A = (file: string, ...names: string[]) => names.map((n) => `app/${file}#${n}`);

export const MATRIX_ROWS: MatrixRow[] = [
  // ---- patient ----------------------------------------------------------------------------
  {
    name: "patient page (identity, consent history)",
    surfaces: [],
    walk: (f, who) => getPatient(f.db, who, { patientId: f.patientId }),
    expect: only(...INSIDE, "office.admin"),
  },
  {
    name: "patient access history",
    surfaces: [],
    walk: (f, who) => patientAccessHistory(f.db, who, { patientId: f.patientId }),
    expect: only("hosp.admin", "office.admin"),
  },
  {
    name: "signed consent form",
    surfaces: ["GET /api/consent-documents/[attachmentId]"],
    walk: (f, who) => getConsentDocument(f.db, who, { attachmentId: f.consentDocumentId }),
    expect: only("hosp.doctor", "hosp.admin", "hosp.clerk", "clinic.gp", "office.admin"),
  },
  {
    name: "referral draft for a patient (author professions inside consent)",
    surfaces: A("(app)/referrals/actions.ts", "createReferralAction"),
    // a department that does not exist: refused on its field only once access passed
    walk: (f, who) =>
      createReferral(f.db, who, {
        patientId: f.patientId,
        destinationFacilityId: f.n.facilities.hospital,
        destinationDepartmentId: NO_SUCH,
      }),
    expect: only("hosp.doctor", "hosp.admin", "clinic.gp"),
  },
  {
    name: "advice request about a patient",
    surfaces: A("(app)/referrals/actions.ts", "askAdviceAction"),
    walk: (f, who) =>
      askAdvice(f.db, who, {
        patientId: f.patientId,
        destinationFacilityId: f.n.facilities.hospital,
        destinationDepartmentId: NO_SUCH,
        question: "ご相談",
      }),
    expect: only("hosp.doctor", "hosp.admin", "clinic.gp"),
  },
  {
    name: "pathway enrolment of a patient (already enrolled: refused after access)",
    surfaces: A("(app)/pathways/actions.ts", "enrolPatientAction"),
    walk: (f, who) =>
      enrolPatient(f.db, who, { patientId: f.patientId, pathway: "stroke", admittedOn: "2026-06-01" }),
    // past the access check, the facility of the first stage is checked (a clinic or a care facility: refused on facilityId)
    expect: only("hosp.doctor", "hosp.admin", "clinic.gp", "rehab.therapist", "care.manager"),
  },
  // ---- referral ---------------------------------------------------------------------------
  {
    name: "referral letter (page, PDF, FHIR)",
    surfaces: [
      "GET /api/referrals/[referralId]/letter.pdf",
      "GET /api/referrals/[referralId]/letter.fhir.json",
    ],
    walk: (f, who) => referralLetterDocument(f.db, who, f.referralId, "pdf"),
    expect: only("hosp.doctor", "hosp.admin", "clinic.gp"),
  },
  {
    name: "referral attachment (an unknown one: only a party learns it is missing)",
    surfaces: ["GET /api/referrals/[referralId]/attachments/[attachmentId]"],
    walk: (f, who) => getReferralAttachment(f.db, who, f.referralId, NO_SUCH),
    expect: only(),
  },
  {
    name: "destination's answers (accept, decline, reschedule) at a stale version",
    surfaces: A(
      "(app)/referrals/[referralId]/actions.ts",
      "acceptReferralAction",
      "declineReferralAction",
      "rescheduleReferralAction",
    ),
    walk: async (f, who) => {
      await acceptReferral(f.db, who, {
        referralId: f.referralId,
        version: STALE,
        appointmentAt: "2026-12-10T10:00:00+09:00",
      }).catch(rethrowUnlessPastAccess);
      await declineReferral(f.db, who, {
        referralId: f.referralId,
        version: STALE,
        reason: "other",
        note: "x",
      }).catch(rethrowUnlessPastAccess);
      return rescheduleReferral(f.db, who, {
        referralId: f.referralId,
        version: STALE,
        appointmentAt: "2026-12-11T10:00:00+09:00",
      });
    },
    expect: only("hosp.doctor", "hosp.admin"),
  },
  {
    name: "reply to a referral at a stale version",
    surfaces: A("(app)/referrals/[referralId]/actions.ts", "replyToReferralAction"),
    walk: (f, who) =>
      replyToReferral(f.db, who, {
        referralId: f.referralId,
        version: STALE,
        kind: "interim",
        content: { findings: "経過" },
      }),
    expect: only("hosp.doctor", "hosp.admin"),
  },
  {
    name: "referrer's cancel at a stale version",
    surfaces: A("(app)/referrals/[referralId]/actions.ts", "cancelReferralAction"),
    walk: (f, who) => cancelReferral(f.db, who, { referralId: f.referralId, version: STALE }),
    expect: only("clinic.gp"),
  },
  // ---- discharge summary (a draft: its author facility only) --------------------------------
  {
    name: "discharge summary draft (page, PDF, FHIR)",
    surfaces: [
      "GET /api/summaries/[summaryId]/summary.pdf",
      "GET /api/summaries/[summaryId]/summary.fhir.json",
    ],
    walk: (f, who) => dischargeSummaryDocument(f.db, who, f.summaryId, "pdf", "draft"),
    expect: only("hosp.doctor", "hosp.admin"),
  },
  {
    name: "discharge summary draft autosave at a stale revision",
    surfaces: A("(app)/summaries/[summaryId]/edit/actions.ts", "saveSummaryDraftAction"),
    walk: (f, who) =>
      saveSummaryDraft(f.db, who, { summaryId: f.summaryId, revision: STALE, recipients: [], content: {} }),
    expect: only("hosp.doctor", "hosp.admin"),
  },
  {
    name: "discharge summary view",
    surfaces: [],
    walk: (f, who) => getSummary(f.db, who, f.summaryId, { version: "draft" }),
    expect: only("hosp.doctor", "hosp.admin"),
  },
  // ---- pathway (the acute hospital holds the current stage) -----------------------------------
  {
    name: "pathway sheet (page, PDF)",
    surfaces: ["GET /api/pathways/[enrolmentId]/sheet.pdf"],
    walk: (f, who) => pathwaySheetDocument(f.db, who, f.enrolmentId),
    expect: only("hosp.doctor", "hosp.admin", "clinic.gp", "rehab.therapist", "care.manager"),
  },
  {
    name: "pathway commands at a stale version (the writer is the current stage's facility)",
    surfaces: A(
      "(app)/pathways/actions.ts",
      "recordStageMeasuresAction",
      "recordVarianceAction",
      "requestHandoverAction",
      "cancelHandoverAction",
      "completeEnrolmentAction",
      "withdrawEnrolmentAction",
    ),
    walk: async (f, who) => {
      const base = { enrolmentId: f.enrolmentId, version: STALE };
      await recordStageMeasures(f.db, who, { ...base, measures: {} }).catch(rethrowUnlessPastAccess);
      await recordVariance(f.db, who, {
        ...base,
        category: "patient",
        occurredOn: "2026-06-02",
        description: "x",
        reason: "x",
        delayDays: 1,
      }).catch(rethrowUnlessPastAccess);
      await requestHandover(f.db, who, {
        ...base,
        toFacilityId: f.n.pathwayFacilities.rehab,
        toStageKey: "recovery",
        plannedOn: "2026-06-20",
      }).catch(rethrowUnlessPastAccess);
      await cancelHandover(f.db, who, base).catch(rethrowUnlessPastAccess);
      await completeEnrolment(f.db, who, { ...base, endedOn: "2026-06-30" }).catch(rethrowUnlessPastAccess);
      return withdrawEnrolment(f.db, who, { ...base, endedOn: "2026-06-30", reason: "other" });
    },
    expect: only("hosp.doctor", "hosp.admin"),
  },
  // ---- conference ------------------------------------------------------------------------------
  {
    name: "conference (its page): members only",
    surfaces: [],
    walk: (f, who) => getConference(f.db, who, { conferenceId: f.conferenceId }),
    expect: only("hosp.doctor", "clinic.gp"),
  },

  // ---- rows whose cells are walked elsewhere (their set-up lives with those tests) ------------
  {
    name: "shared records of a patient at a facility",
    surfaces: [
      "GET /api/records/[patientId]/facilities/[facilityId]/item",
      "GET /api/records/[patientId]/facilities/[facilityId]/viewer",
      "GET /api/referrals/[referralId]/referrer-record",
    ],
    expect: {},
    coveredBy: "tests/integration/shared-records.test.ts",
  },
  {
    name: "conference room: socket events and the warm-up",
    surfaces: [
      "POST /api/conferences/[conferenceId]/warm-records",
      ...[
        "session:whoami",
        "conference:join",
        "conference:leave",
        "lobby:decide",
        "chat:send",
        "conference:end",
        "hand:raise",
        "moderation:mute",
        "media:join",
        "media:transport:create",
        "media:transport:connect",
        "media:transport:restartIce",
        "media:produce",
        "media:producer:close",
        "media:consume",
        "media:consumer:resume",
        "media:consumer:layers",
      ].map((e) => `socket ${e}`),
      ...A("(app)/conferences/new/actions.ts", "createConferenceAction"),
    ],
    expect: {},
    coveredBy: "tests/integration/conference-signalling.test.ts, socket-auth.test.ts, conferences.test.ts",
  },
  {
    name: "pathway meetings, their occurrences, agenda and calendar",
    surfaces: [
      "GET /api/pathway-meetings/[meetingId]/meeting.ics",
      "GET /api/pathway-meetings/[meetingId]/occurrences/[occurrenceId]/minutes.pdf",
      "GET /calendar/[feed]",
      ...A(
        "(app)/pathway-meetings/actions.ts",
        "scheduleMeetingAction",
        "updateMeetingAction",
        "cancelMeetingAction",
        "cancelOccurrenceAction",
        "previewScheduleAction",
        "issueCalendarFeedAction",
        "revokeCalendarFeedAction",
      ),
      ...A("(app)/pathway-meetings/_agenda/actions.ts", "changeAgendaAction", "recordDecisionAction"),
      ...A("(app)/pathway-meetings/[meetingId]/occurrences/[occurrenceId]/actions.ts", "joinMeetingAction"),
    ],
    expect: {},
    coveredBy:
      "tests/integration/pathway-meetings.test.ts, pathway-meeting-occurrence.test.ts, pathway-meeting-minutes.test.ts, pathway-meeting-series.test.ts",
  },
  {
    name: "pathway handover answers and statistics",
    surfaces: [
      "GET /api/pathways/statistics.csv",
      ...A("(app)/pathways/actions.ts", "acceptHandoverAction", "declineHandoverAction"),
    ],
    expect: {},
    coveredBy: "tests/integration/pathways.test.ts",
  },
  {
    name: "referral drafts, attachments, replies and advice answers",
    surfaces: [
      "POST /api/referrals/[referralId]/attachments",
      "GET /api/referrals/[referralId]/replies/[replyId]/reply.fhir.json",
      "GET /api/referrals/[referralId]/replies/[replyId]/reply.pdf",
      ...A(
        "(app)/referrals/[referralId]/actions.ts",
        "forwardReferralAction",
        "acknowledgeReplyAction",
        "copyReferralAction",
      ),
      ...A(
        "(app)/referrals/[referralId]/edit/actions.ts",
        "saveReferralDraftAction",
        "sendReferralAction",
        "cancelDraftAction",
        "removeReferralAttachmentAction",
      ),
      ...A(
        "(app)/referrals/actions.ts",
        "answerAdviceAction",
        "convertAdviceAction",
        "routeAdviceAction",
        "referFromAdviceAction",
        "destinationDoctorsAction",
        "searchPatientsAction",
      ),
    ],
    expect: {},
    coveredBy: "tests/integration/referrals.test.ts",
  },
  {
    name: "discharge summaries: create, send, amend, acknowledge",
    surfaces: [
      ...A("(app)/summaries/actions.ts", "createSummaryAction"),
      ...A(
        "(app)/summaries/[summaryId]/actions.ts",
        "acknowledgeSummaryAction",
        "amendSummaryAction",
        "discardSummaryAmendmentAction",
      ),
      ...A("(app)/summaries/[summaryId]/edit/actions.ts", "sendSummaryAction"),
    ],
    expect: {},
    coveredBy: "tests/integration/discharge-summaries.test.ts",
  },
  {
    name: "consent, break-glass and patient registration",
    surfaces: [
      ...A(
        "(app)/patients/[patientId]/actions.ts",
        "grantConsentAction",
        "addConsentFacilityAction",
        "withdrawConsentAction",
        "breakGlassAction",
      ),
      ...A("(app)/patients/new/actions.ts", "registerPatientAction"),
      ...A("(app)/audit/actions.ts", "reviewBreakGlassAction", "verifyAuditChainAction"),
    ],
    expect: {},
    coveredBy: "tests/integration/consent-access.test.ts, audit-chain.test.ts",
  },
  {
    name: "administration of facilities and practitioners",
    surfaces: [
      ...A(
        "(app)/admin/facilities/actions.ts",
        "createFacilityAction",
        "updateFacilityAction",
        "addDepartmentAction",
      ),
      ...A(
        "(app)/admin/users/actions.ts",
        "createPractitionerAction",
        "updatePractitionerRolesAction",
        "setPractitionerDisabledAction",
        "resetPractitionerMfaAction",
        "unlockPractitionerAction",
      ),
    ],
    expect: {},
    coveredBy: "tests/integration/admin.test.ts",
  },
  {
    name: "the signed-in person's own things (no one else's id)",
    surfaces: [
      "GET /api/notifications/unread",
      ...A("(app)/notifications/actions.ts", "markNotificationsReadAction"),
      ...A("(app)/account/actions.ts", "changePasswordAction"),
      ...A("ui/sign-out.ts", "signOutAction", "signOutEverywhereAction"),
      ...A("ui/language-switch.tsx", "setLocale"),
      ...A("ui/directory-search-action.ts", "searchDirectoryAction"),
      ...A("signin/actions.ts", "passwordStepAction", "secondFactorAction"),
      "GET /api/auth/[...nextauth]",
      "POST /api/auth/[...nextauth]",
    ],
    expect: {},
    coveredBy: "tests/integration/sign-in.test.ts, referrals.test.ts (notifications)",
  },
];

/** Inside a walk of several commands: a refusal that comes after the access check lets the next one run. */
function rethrowUnlessPastAccess(e: unknown): void {
  const code = (e as { code?: string }).code;
  if (code === "CONFLICT" || code === "INVALID_TRANSITION" || code === "VALIDATION") return;
  throw e;
}
