import type { Actor } from "../../server/model/permissions";
import { patientAccessHistory } from "../../server/domain/audit/patient-access-history";
import { getConference } from "../../server/domain/conferences/get-conference";
import { getPatient } from "../../server/domain/patients/get-patient";
import { getSummary } from "../../server/domain/summaries/get-summary";
import { getReading } from "../../server/domain/readings/get-reading";
import { loadCareTeamBoard } from "../../server/domain/care-team/care-team-board";
import { isDomainError } from "../../server/errors";
import { actor, tinyPdf } from "./fixtures";
import {
  callAction,
  callRoute,
  callSocket,
  classify,
  NO_SUCH,
  STALE,
  type Caller,
  type Outcome,
  type World,
} from "./matrix-world";

/**
 * The authorization matrix as data (issue 14): a row per way into the app,
 * each route ("GET /api/…"), server action ("app/…/actions.ts#name") and
 * socket event ("socket conference:join"), with the outcome expected for
 * every caller of the test region (professions × roles × facilities inside
 * and outside 山田花子's consent, the network office, no one signed in).
 * tests/integration/authorization-matrix.test.ts walks every cell against the
 * real glue (the action, the route handler, the socket server) in-process and
 * fails on any outcome the table does not give; a route, action or socket
 * event without a row fails it too.
 *
 * A cell is "allow" when the call got past authorization: it went through,
 * or was refused only for a reason that comes after the access check (a
 * stale version, a state, a field, the upstream record system). The calls
 * are built so that an allowed caller mostly meets such a refusal (a version
 * no one is at, a department that does not exist), which keeps the world
 * the same for the next cell. "deny" is FORBIDDEN, CONSENT_REQUIRED,
 * NOT_FOUND or UNAUTHENTICATED, and for it the walker checks that no row was
 * written.
 *
 * To add a surface: add a row with `action(…)`, `route(…)` or `socket(…)`,
 * the arguments that reach it, and `only(...callers that may)`.
 */

/** Professions × roles × facilities inside and outside 山田花子's consent. */
export const MATRIX_ACTORS = [
  "hosp.doctor", // physician, acute hospital (inside; the referral's destination, the pathway's first stage, conference host)
  "hosp.admin", // physician + facility_admin, acute hospital (inside; waits in the conference's lobby)
  "hosp.clerk", // clerk, acute hospital (inside: a profession without clinical data)
  "hosp.liaison", // liaison office, acute hospital (inside; organises the pathway meeting)
  "clinic.gp", // physician, clinic (inside; the referrer, a summary recipient, conference invitee, meeting invitee)
  "pharm.pharmacist", // pharmacist (inside: identity and medication only)
  "rehab.therapist", // therapist, rehabilitation hospital (inside; the pending handover's receiver)
  "care.manager", // care manager (inside: care only)
  "outsider.gp", // physician outside the consent
  "outsider.clerk", // clerk outside the consent
  "office.admin", // the network office (clerk + network_admin)
] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];
/** Every caller: the practitioners, and a caller with no session. */
export const MATRIX_CALLERS = [...MATRIX_ACTORS, "anonymous"] as const;
export type MatrixCaller = (typeof MATRIX_CALLERS)[number];
export type Cell = "allow" | "deny";

export interface MatrixRow {
  name: string;
  /** the surface keys this row walks (one for rows built with action/route/socket) */
  surfaces: string[];
  /** walks one cell: the real glue called as this caller */
  call?: (w: World, who: Caller) => Promise<Outcome>;
  /** the expected outcome for every caller walked */
  expect: Partial<Record<MatrixCaller, Cell>>;
  /** why a surface is not walked here (only surfaces that take no id) */
  notWalked?: string;
  /**
   * The old format's pointer to another test: no longer enough, the matrix
   * test fails on it until the row is walked here with `action`, `route` or `socket`.
   */
  coveredBy?: string;
}

/** The expected cells: the named callers allowed, everyone else (and no one signed in) refused. */
export const only = (...allowed: MatrixCaller[]): Record<MatrixCaller, Cell> =>
  Object.fromEntries(MATRIX_CALLERS.map((a) => [a, allowed.includes(a) ? "allow" : "deny"])) as Record<
    MatrixCaller,
    Cell
  >;

const INSIDE: MatrixActor[] = [
  "hosp.doctor",
  "hosp.admin",
  "hosp.clerk",
  "hosp.liaison",
  "clinic.gp",
  "pharm.pharmacist",
  "rehab.therapist",
  "care.manager",
];
const SIGNED_IN: MatrixActor[] = [...MATRIX_ACTORS];
/** the referral's two sides, clinical professions */
const REFERRAL_PARTIES: MatrixActor[] = ["hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp"];
/** the destination hospital's triage: its physicians and its liaison office */
const DESTINATION: MatrixActor[] = ["hosp.doctor", "hosp.admin", "hosp.liaison"];
/** the destination's clinical writing (answers, replies): its physicians */
const DESTINATION_PHYSICIANS: MatrixActor[] = ["hosp.doctor", "hosp.admin"];
/** inside the consent with a profession that sees clinical data (not clerks, pharmacists, care managers) */
const CLINICAL: MatrixActor[] = ["hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp", "rehab.therapist"];
/** a summary's readers: the writing hospital's clinical staff and the facility it was sent to */
const SUMMARY_READERS: MatrixActor[] = ["hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp"];
/** a pathway meeting's organiser (the office runs its own meetings, not a hospital's) */
const MEETING_MANAGERS: MatrixActor[] = ["hosp.liaison"];
/** in the conference's room: its host and the admitted GP */
const CONFERENCE_MEMBERS: MatrixActor[] = ["hosp.doctor", "clinic.gp"];
/** invited: those in the room and hosp.admin, who waits in the lobby (knocks, leaves, prefetches, sees the page) */
const CONFERENCE_INVITED: MatrixActor[] = [...CONFERENCE_MEMBERS, "hosp.admin"];
/** 山田花子's home care team: members by person, whatever their profession (hosp.doctor is inside consent, not a member) */
const CARE_TEAM: MatrixActor[] = ["clinic.gp", "pharm.pharmacist", "care.manager"];

/** a reading request's parties with clinical data: the reading hospital's clinical staff and the requesting clinic's GP */
const READING_PARTIES: MatrixActor[] = ["hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp"];
/** the reading hospital's physicians: accept, decline, write and sign */
const READING_PHYSICIANS: MatrixActor[] = ["hosp.doctor", "hosp.admin"];

const app = (file: string, name: string) => `app/${file}#${name}`;

/** the imaging proxy's routes (series metadata, a frame, a thumbnail), all under one study */
const IMAGING_SERIES = "GET /api/images/[patientId]/[facilityId]/[studyUid]/series/[seriesUid]";
const IMAGING_ROUTES = [
  `${IMAGING_SERIES}/metadata`,
  `${IMAGING_SERIES}/thumbnail`,
  `${IMAGING_SERIES}/instances/[instanceUid]/frames/[frame]`,
];
const imagingParams = (w: World, patientId: string) => ({
  patientId,
  facilityId: w.n.facilities.hospital,
  studyUid: w.imagingStudy.studyUid,
  seriesUid: w.imagingStudy.seriesUid,
  instanceUid: w.imagingStudy.instanceUid,
  frame: "1",
});

function action(
  file: string,
  name: string,
  args: (w: World) => unknown[],
  expect: Partial<Record<MatrixCaller, Cell>>,
  note = "",
): MatrixRow {
  const key = app(file, name);
  return {
    name: `${name}${note ? ` (${note})` : ""}`,
    surfaces: [key],
    call: (w, who) => callAction(key, who, args(w)),
    expect,
  };
}

function route(
  key: string,
  params: (w: World) => Record<string, string | string[]>,
  expect: Partial<Record<MatrixCaller, Cell>>,
  note = "",
  init?: (w: World) => { body?: BodyInit; search?: string; headers?: Record<string, string> },
): MatrixRow {
  return {
    name: `${key}${note ? ` (${note})` : ""}`,
    surfaces: [key],
    call: (w, who) => callRoute(key, who, params(w), init?.(w)),
    expect,
  };
}

function socket(
  event: string,
  payload: (w: World) => unknown,
  expect: Partial<Record<MatrixCaller, Cell>>,
  note = "",
): MatrixRow {
  return {
    name: `socket ${event}${note ? ` (${note})` : ""}`,
    surfaces: [`socket ${event}`],
    call: (w, who) => callSocket(event, who, payload(w)),
    expect,
  };
}

/** A page's use case, called with the caller as the page's glue would pass them (pages send no one signed out to it). */
function page(
  name: string,
  run: (w: World, who: Actor) => Promise<unknown>,
  allowed: MatrixActor[],
): MatrixRow {
  const expect: Partial<Record<MatrixCaller, Cell>> = only(...allowed);
  delete expect.anonymous;
  return {
    name: `page: ${name}`,
    surfaces: [],
    call: async (w, who) => {
      try {
        await run(w, actor(w.n, who.login!));
        return classify("ok");
      } catch (e) {
        if (isDomainError(e)) return classify(e.code);
        throw e;
      }
    },
    expect,
  };
}

/**
 * A surface that refuses an id the caller may not see on the field that named it
 * (so that the answer does not tell whether it exists): that refusal is its deny.
 */
function refusingAs(codes: string[], row: MatrixRow): MatrixRow {
  const call = row.call!;
  return {
    ...row,
    call: async (w, who) => {
      const got = await call(w, who);
      return codes.includes(got.code) ? { cell: "deny", code: got.code } : got;
    },
  };
}

/**
 * A list or search that answers everyone signed in: its cell is whether the
 * answer shows the thing (allow) or leaves it out (deny, "NOT_SHOWN").
 */
function showing(shows: (w: World, data: unknown) => boolean, row: MatrixRow): MatrixRow {
  const call = row.call!;
  return {
    ...row,
    call: async (w, who) => {
      const got = await call(w, who);
      if (got.code !== "ok") return got;
      return shows(w, got.data) ? { cell: "allow", code: "SHOWN" } : { cell: "deny", code: "NOT_SHOWN" };
    },
  };
}

function form(fields: Record<string, string | string[] | Uint8Array>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Uint8Array) f.set(k, new File([v as BlobPart], `${k}.pdf`, { type: "application/pdf" }));
    else if (Array.isArray(v)) for (const one of v) f.append(k, one);
    else f.set(k, v);
  }
  return f;
}

const REFERRAL = "(app)/referrals/[referralId]/actions.ts";
const REFERRAL_EDIT = "(app)/referrals/[referralId]/edit/actions.ts";
const REFERRALS = "(app)/referrals/actions.ts";
const SUMMARY = "(app)/summaries/[summaryId]/actions.ts";
const SUMMARY_EDIT = "(app)/summaries/[summaryId]/edit/actions.ts";
const INSTRUCTIONS = "(app)/nursing-instructions/actions.ts";
const READINGS = "(app)/readings/actions.ts";
const CARE_DOCUMENTS = "(app)/care-documents/actions.ts";
/** a report as a signed one must read (the findings and impression present), so a refusal comes only after access */
const READING_REPORT = { findings: "所見", impression: "診断", recommendations: "" };
const PATHWAYS = "(app)/pathways/actions.ts";
const MEETINGS = "(app)/pathway-meetings/actions.ts";
const AGENDA = "(app)/pathway-meetings/_agenda/actions.ts";
const PATIENT = "(app)/patients/[patientId]/actions.ts";
const CARE_TEAM_ACTIONS = "(app)/patients/[patientId]/care-team/actions.ts";

/** A care team post as the board's composer sends it; mentioning someone off the team is refused after the access check. */
const careTeamPost = (w: World) => {
  const f = new FormData();
  f.set(
    "post",
    JSON.stringify({
      clientKey: "matrix-post-refused",
      body: "訪問時のバイタル",
      vitals: { pulse: 72 },
      mentionPractitionerIds: [actor(w.n, "outsider.gp").practitionerId],
    }),
  );
  return { body: f };
};
const USERS = "(app)/admin/users/actions.ts";
const FACILITIES = "(app)/admin/facilities/actions.ts";

const meetingForm = (w: World) => ({
  title: "脳卒中地域連携パス会議",
  pathway: "stroke",
  description: "",
  location: "オンライン",
  start: "2027-03-11T18:30",
  durationMinutes: "90",
  rrule: null,
  invitees: [actor(w.n, "clinic.gp").practitionerId],
  facilityIds: [w.n.pathwayFacilities.rehab],
});

export const MATRIX_ROWS: MatrixRow[] = [
  // ---- route handlers ----------------------------------------------------------------------
  // the calendar feed first: a caller issuing their own feed later does not touch this one (rehab.doctor's)
  route("GET /calendar/[feed]", (w) => ({ feed: w.calendarFeed }), only(...MATRIX_CALLERS)),
  route(
    "GET /api/consent-documents/[attachmentId]",
    (w) => ({ attachmentId: w.consentDocumentId }),
    only("hosp.doctor", "hosp.admin", "hosp.clerk", "hosp.liaison", "clinic.gp", "office.admin"),
  ),
  route(
    "POST /api/conferences/[conferenceId]/warm-records",
    (w) => ({ conferenceId: w.conferenceId }),
    only(...CONFERENCE_INVITED),
  ),
  route(
    "GET /api/conferences/[conferenceId]/conference.ics",
    (w) => ({ conferenceId: w.conferenceId }),
    only(...CONFERENCE_INVITED),
    "those invited (the open conference has no time: refused after the access check)",
  ),
  route("GET /api/notifications/unread", () => ({}), only(...SIGNED_IN)),
  route(
    "GET /api/pathway-meetings/[meetingId]/meeting.ics",
    (w) => ({ meetingId: w.meetingId }),
    only("hosp.liaison", "clinic.gp", "rehab.therapist"),
  ),
  route(
    "GET /api/pathway-meetings/[meetingId]/occurrences/[occurrenceId]/minutes.pdf",
    (w) => ({ meetingId: w.meetingId, occurrenceId: w.occurrenceId }),
    only("hosp.liaison", "clinic.gp", "rehab.therapist"),
  ),
  route(
    "GET /api/pathways/[enrolmentId]/sheet.pdf",
    (w) => ({ enrolmentId: w.enrolmentId }),
    only("hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp", "rehab.therapist", "care.manager"),
  ),
  route("GET /api/pathways/statistics.csv", () => ({}), only("hosp.liaison", "hosp.admin", "office.admin")),
  route(
    "GET /api/records/[patientId]/facilities/[facilityId]/item",
    (w) => ({ patientId: w.patientId, facilityId: w.n.facilities.hospital }),
    only(...CLINICAL),
    "an item the timeline listed, signed",
    (w) => ({ search: `?${new URLSearchParams(w.recordItem).toString()}` }),
  ),
  route(
    "GET /api/records/[patientId]/facilities/[facilityId]/viewer",
    (w) => ({ patientId: w.patientId, facilityId: w.n.facilities.hospital }),
    only(...CLINICAL),
  ),
  ...IMAGING_ROUTES.map((key) =>
    route(
      key,
      (w) => imagingParams(w, w.patientId),
      only(...CLINICAL),
      "a study the list signed (the PACS is down: refused after access)",
      (w) => ({ search: `?sig=${w.imagingStudy.sig}` }),
    ),
  ),
  route(
    "GET /api/referrals/[referralId]/attachments/[attachmentId]",
    (w) => ({ referralId: w.referralId, attachmentId: w.referralAttachmentId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "POST /api/referrals/[referralId]/attachments",
    (w) => ({ referralId: w.referralId }),
    only(...REFERRAL_PARTIES),
    "the destination adds to its reply; the referrer is refused after access (its letter is sent)",
    () => ({ body: form({ file: tinyPdf("返書添付") }) }),
  ),
  route(
    "GET /api/referrals/[referralId]/letter.fhir.json",
    (w) => ({ referralId: w.referralId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "GET /api/referrals/[referralId]/letter.pdf",
    (w) => ({ referralId: w.referralId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "GET /api/referrals/[referralId]/referrer-record",
    (w) => ({ referralId: w.referralId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "GET /api/referrals/[referralId]/replies/[replyId]/reply.fhir.json",
    (w) => ({ referralId: w.referralId, replyId: w.replyId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "GET /api/referrals/[referralId]/replies/[replyId]/reply.pdf",
    (w) => ({ referralId: w.referralId, replyId: w.replyId }),
    only(...REFERRAL_PARTIES),
  ),
  route(
    "GET /api/summaries/[summaryId]/summary.fhir.json",
    (w) => ({ summaryId: w.sentSummaryId }),
    only(...SUMMARY_READERS),
  ),
  route(
    "GET /api/summaries/[summaryId]/summary.pdf",
    (w) => ({ summaryId: w.sentSummaryId }),
    only(...SUMMARY_READERS),
  ),
  route(
    "GET /api/readings/[readingId]/report.pdf",
    (w) => ({ readingId: w.readingId }),
    only(...READING_PARTIES),
  ),
  route(
    "GET /api/readings/[readingId]/report.fhir.json",
    (w) => ({ readingId: w.readingId }),
    only(...READING_PARTIES),
  ),
  // a signed version's key image: both parties see it (the PACS behind it fails, after the access check)
  route(
    "GET /api/readings/[readingId]/key-images/[keyImageId]",
    (w) => ({ readingId: w.readingId, keyImageId: w.readingKeyImageId }),
    only(...READING_PARTIES),
  ),
  // a draft is its author facility's alone: the destination and the recipients learn nothing of it
  route(
    "GET /api/referrals/[referralId]/letter.pdf",
    (w) => ({ referralId: w.draftReferralId }),
    only("clinic.gp"),
    "a draft letter",
  ),
  route(
    "GET /api/referrals/[referralId]/attachments/[attachmentId]",
    (w) => ({ referralId: w.draftReferralId, attachmentId: w.draftAttachmentId }),
    only("clinic.gp"),
    "a draft letter's attachment",
  ),
  route(
    "GET /api/summaries/[summaryId]/summary.pdf",
    (w) => ({ summaryId: w.summaryId }),
    only("hosp.doctor", "hosp.admin", "hosp.liaison"),
    "a summary never sent, its draft",
    () => ({ search: "?version=draft" }),
  ),
  // a visiting-nurse instruction's draft is its writing clinic's alone
  route(
    "GET /api/nursing-instructions/[instructionId]/instruction.pdf",
    (w) => ({ instructionId: w.draftInstructionId }),
    only("clinic.gp"),
    "a draft instruction",
  ),
  route(
    "GET /api/nursing-instructions/[instructionId]/instruction.fhir.json",
    (w) => ({ instructionId: w.draftInstructionId }),
    only("clinic.gp"),
    "a draft instruction",
  ),
  // a care document's draft is its writing facility's alone (the pharmacy's tracing report)
  route(
    "GET /api/care-documents/[documentId]/document.pdf",
    (w) => ({ documentId: w.draftCareDocumentId }),
    only("pharm.pharmacist"),
    "a draft tracing report",
  ),
  route(
    "GET /api/care-documents/[documentId]/document.fhir.json",
    (w) => ({ documentId: w.draftCareDocumentId }),
    only("pharm.pharmacist"),
    "a draft tracing report",
  ),
  {
    name: "next-auth's own routes (sign-in, session, CSRF)",
    surfaces: ["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"],
    expect: {},
    notWalked: "takes no id: next-auth's sign-in plumbing (tests/integration/sign-in.test.ts)",
  },

  // ---- referrals ---------------------------------------------------------------------------
  action(
    REFERRALS,
    "searchPatientsAction",
    () => ["ヤマダ"],
    only(...SIGNED_IN),
    "results are consent-scoped",
  ),
  action(REFERRALS, "destinationDoctorsAction", (w) => [w.n.facilities.hospital], only(...SIGNED_IN)),
  action(
    REFERRALS,
    "createReferralAction",
    (w) => [
      {
        patientId: w.patientId,
        destinationFacilityId: w.n.facilities.hospital,
        destinationDepartmentId: NO_SUCH,
        destinationPractitionerId: null,
      },
    ],
    only("hosp.doctor", "hosp.admin", "clinic.gp"),
    "a department that does not exist: refused on its field once access passed",
  ),
  action(
    REFERRALS,
    "askAdviceAction",
    (w) => [
      {
        patientId: w.patientId,
        destinationFacilityId: w.n.facilities.hospital,
        destinationDepartmentId: NO_SUCH,
        question: "ご相談",
      },
    ],
    only("hosp.doctor", "hosp.admin", "clinic.gp"),
  ),
  action(
    REFERRALS,
    "answerAdviceAction",
    (w) => [{ adviceRequestId: w.adviceRequestId, answer: "外来でご相談ください" }],
    only(...DESTINATION_PHYSICIANS),
  ),
  action(
    REFERRALS,
    "convertAdviceAction",
    (w) => [{ adviceRequestId: w.adviceRequestId, answer: "紹介状でお願いします" }],
    only(...DESTINATION_PHYSICIANS),
  ),
  action(
    REFERRALS,
    "routeAdviceAction",
    (w) => [{ adviceRequestId: w.adviceRequestId, practitionerId: NO_SUCH }],
    only(...DESTINATION),
    "the asked facility's triage (liaison, doctors) routes it to one of its doctors",
  ),
  action(
    REFERRALS,
    "referFromAdviceAction",
    (w) => [{ adviceRequestId: w.adviceRequestId }],
    only("clinic.gp"),
    "the asking facility's doctors write the letter from an answer",
  ),
  action(
    REFERRAL,
    "copyReferralAction",
    (w) => [{ referralId: w.referralId }],
    only("clinic.gp"),
    "the referring facility's doctors copy their own letter (this one is not declined: refused after the check)",
  ),
  action(
    REFERRAL,
    "acceptReferralAction",
    (w) => [{ referralId: w.referralId, version: STALE, appointmentAt: "2026-12-10T10:00", note: "" }],
    only(...DESTINATION),
  ),
  action(
    REFERRAL,
    "rescheduleReferralAction",
    (w) => [{ referralId: w.referralId, version: STALE, appointmentAt: "2026-12-11T10:00", note: "" }],
    only(...DESTINATION),
  ),
  action(
    REFERRAL,
    "declineReferralAction",
    (w) => [{ referralId: w.referralId, version: STALE, reason: "other", note: "他院へ" }],
    only(...DESTINATION),
  ),
  action(
    REFERRAL,
    "forwardReferralAction",
    (w) => [
      {
        referralId: w.referralId,
        version: STALE,
        destinationFacilityId: w.n.facilities.hospital,
        destinationDepartmentId: w.departmentId,
        destinationPractitionerId: null,
        note: "",
      },
    ],
    only(...DESTINATION),
  ),
  action(
    REFERRAL,
    "replyToReferralAction",
    (w) => [{ referralId: w.referralId, version: STALE, kind: "interim", content: { findings: "経過" } }],
    only(...DESTINATION_PHYSICIANS),
  ),
  action(
    REFERRAL,
    "cancelReferralAction",
    (w) => [{ referralId: w.referralId, version: STALE, note: "" }],
    only("clinic.gp"),
  ),
  action(
    REFERRAL,
    "acknowledgeReplyAction",
    (w) => [{ referralId: w.referralId, replyId: w.replyId }],
    only("clinic.gp"),
  ),
  action(
    REFERRAL_EDIT,
    "saveReferralDraftAction",
    (w) => [
      {
        referralId: w.draftReferralId,
        version: STALE,
        destinationFacilityId: w.n.facilities.hospital,
        destinationDepartmentId: w.departmentId,
        priority: "routine",
        content: { purpose: "精査加療のお願い" },
      },
    ],
    only("clinic.gp"),
  ),
  action(
    REFERRAL_EDIT,
    "sendReferralAction",
    (w) => [{ referralId: w.draftReferralId, version: STALE }],
    only("clinic.gp"),
  ),
  action(
    REFERRAL_EDIT,
    "cancelDraftAction",
    (w) => [{ referralId: w.draftReferralId, version: STALE }],
    only("clinic.gp"),
  ),
  action(
    REFERRAL_EDIT,
    "removeReferralAttachmentAction",
    (w) => [w.draftReferralId, w.draftAttachmentId],
    only("clinic.gp"),
  ),

  // ---- discharge summaries -----------------------------------------------------------------
  action(
    "(app)/summaries/actions.ts",
    "createSummaryAction",
    (w) => [{ patientId: w.patientId, referralId: w.referralId, authorDepartment: "脳神経内科" }],
    only("hosp.doctor", "hosp.admin"),
  ),
  action(
    SUMMARY_EDIT,
    "saveSummaryDraftAction",
    (w) => [{ summaryId: w.summaryId, revision: STALE, recipients: [], content: {} }],
    only("hosp.doctor", "hosp.admin"),
  ),
  action(
    SUMMARY_EDIT,
    "sendSummaryAction",
    (w) => [{ summaryId: w.summaryId, revision: STALE }],
    only("hosp.doctor", "hosp.admin"),
  ),
  action(
    SUMMARY,
    "acknowledgeSummaryAction",
    (w) => [{ summaryId: w.sentSummaryId, version: 1 }],
    only("clinic.gp"),
  ),
  action(
    SUMMARY,
    "amendSummaryAction",
    (w) => [{ summaryId: w.sentSummaryId, revision: STALE }],
    only("hosp.doctor", "hosp.admin"),
  ),
  action(
    SUMMARY,
    "discardSummaryAmendmentAction",
    (w) => [{ summaryId: w.sentSummaryId, revision: STALE }],
    only("hosp.doctor", "hosp.admin"),
  ),

  // ---- visiting-nurse instructions (physicians of clinics and hospitals write; this region has no station) --
  action(
    INSTRUCTIONS,
    "createInstructionAction",
    // a pharmacy is no station: refused on its field after the access check, nothing written
    (w) => [{ patientId: w.patientId, kind: "regular", stationFacilityId: w.n.facilities.pharmacy }],
    only("hosp.doctor", "hosp.admin", "clinic.gp"),
  ),
  action(
    INSTRUCTIONS,
    "saveInstructionAction",
    (w) => [{ instructionId: w.draftInstructionId, revision: STALE, stationFacilityId: null, content: {} }],
    only("clinic.gp"),
  ),
  action(
    INSTRUCTIONS,
    "sendInstructionAction",
    (w) => [{ instructionId: w.draftInstructionId, revision: STALE }],
    only("clinic.gp"),
  ),
  action(
    INSTRUCTIONS,
    "acknowledgeInstructionAction",
    (w) => [{ instructionId: w.draftInstructionId }],
    only(),
    "a draft: no station sees it, its writer may not confirm it",
  ),
  action(
    INSTRUCTIONS,
    "discardInstructionAction",
    // a stale revision: the writer reaches the guard (CONFLICT) and nothing is discarded
    (w) => [{ instructionId: w.draftInstructionId, revision: STALE }],
    only("clinic.gp"),
  ),
  action(
    INSTRUCTIONS,
    "cancelInstructionAction",
    (w) => [{ instructionId: w.draftInstructionId, revision: STALE, reason: "入院のため" }],
    only("clinic.gp"),
    "a draft is discarded, not cancelled: the writer reaches the guard, nobody else learns it exists",
  ),
  // ---- care documents (the pharmacy writes tracing reports to the clinic; its draft only) ----------
  action(
    CARE_DOCUMENTS,
    "createCareDocumentAction",
    // a pharmacy is no prescriber: refused on its field after the access check, nothing written
    (w) => [{ kind: "tracing_report", patientId: w.patientId, recipientFacilityId: w.n.facilities.pharmacy }],
    only("pharm.pharmacist"),
  ),
  action(
    CARE_DOCUMENTS,
    "saveCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId, revision: STALE, content: {} }],
    only("pharm.pharmacist"),
  ),
  action(
    CARE_DOCUMENTS,
    "sendCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId, revision: STALE }],
    only("pharm.pharmacist"),
  ),
  action(
    CARE_DOCUMENTS,
    "discardCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId, revision: STALE }],
    only("pharm.pharmacist"),
  ),
  action(
    CARE_DOCUMENTS,
    "cancelCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId, revision: STALE, reason: "誤送付" }],
    only("pharm.pharmacist"),
  ),
  action(
    CARE_DOCUMENTS,
    "acknowledgeCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId }],
    only(),
    "a draft: the clinic does not see it, its writer may not acknowledge it",
  ),
  action(
    CARE_DOCUMENTS,
    "answerCareDocumentAction",
    (w) => [{ documentId: w.draftCareDocumentId, answer: "承知しました" }],
    only(),
    "a draft: the clinic does not see it, its writer may not answer it",
  ),
  // ---- reading requests (the clinic's GP asked the hospital; its physician reported) ----------
  action(
    READINGS,
    "requestReadingAction",
    (w) => [
      {
        patientId: w.patientId,
        readingFacilityId: w.n.facilities.hospital,
        clinicalQuestion: "読影をお願いします",
        urgency: "routine",
        study: {
          facilityId: w.n.facilities.hospital,
          studyUid: w.imagingStudy.studyUid,
          sig: "A".repeat(43),
        },
      },
    ],
    only("hosp.doctor", "hosp.admin", "clinic.gp"),
    "a study the list did not sign: refused after the access check",
  ),
  // ---- a reading request from a CD/DVD: the doctors who may ask start one; an upload is its uploader's alone
  action(
    READINGS,
    "startReadingUploadAction",
    (w) => [{ patientId: w.patientId, totalBytes: 64 * 1024 * 1024 * 1024, fileCount: 1 }],
    only("hosp.doctor", "hosp.admin", "clinic.gp"),
    "a disc past the size limit: refused after the access check, before any staging",
  ),
  action(
    READINGS,
    "checkReadingUploadAction",
    () => [{ uploadId: NO_SUCH }],
    only(),
    "no one finds an upload that is not their own",
  ),
  action(
    READINGS,
    "requestReadingFromUploadAction",
    (w) => [
      {
        uploadId: NO_SUCH,
        studyUid: w.imagingStudy.studyUid,
        confirmed: true,
        readingFacilityId: w.n.facilities.hospital,
        clinicalQuestion: "読影をお願いします",
        urgency: "routine",
      },
    ],
    only(),
    "no one finds an upload that is not their own",
  ),
  route(
    "PUT /api/readings/uploads/[uploadId]/files/[index]",
    () => ({ uploadId: NO_SUCH, index: "0" }),
    only(),
    "no one adds to an upload that is not their own",
    () => ({ body: "not a disc", headers: { "x-file-name": "IM000001", "content-length": "10" } }),
  ),
  action(
    READINGS,
    "acceptReadingAction",
    (w) => [{ readingId: w.readingId, revision: STALE }],
    only(...READING_PHYSICIANS),
  ),
  action(
    READINGS,
    "declineReadingAction",
    (w) => [{ readingId: w.readingId, revision: STALE, note: "対応できません" }],
    only(...READING_PHYSICIANS),
  ),
  action(
    READINGS,
    "saveReadingDraftAction",
    (w) => [{ readingId: w.readingId, revision: STALE, content: READING_REPORT }],
    only(...READING_PHYSICIANS),
  ),
  action(
    READINGS,
    "signReadingReportAction",
    (w) => [{ readingId: w.readingId, revision: STALE, content: READING_REPORT, amendmentNote: "訂正" }],
    only(...READING_PHYSICIANS),
  ),
  action(
    READINGS,
    "markKeyImageAction",
    (w) => [
      {
        readingId: w.readingId,
        seriesUid: `${w.imagingStudy.studyUid}.1`,
        instanceUid: `${w.imagingStudy.studyUid}.1.1`,
        frame: 1,
        windowCenter: 40,
        windowWidth: 400,
        note: "",
      },
    ],
    only(...READING_PHYSICIANS),
    "the PACS that would render the frame fails, after the access check: nothing is marked",
  ),
  action(
    READINGS,
    "removeKeyImageAction",
    (w) => [{ readingId: w.readingId, keyImageId: w.readingKeyImageId }],
    only(...READING_PHYSICIANS),
    "a signed version's key image: refused on its field to its readers, unseen by everyone else",
  ),
  action(
    READINGS,
    "cancelReadingAction",
    (w) => [{ readingId: w.readingId, revision: STALE, note: "不要になりました" }],
    only("clinic.gp"),
  ),
  action(
    READINGS,
    "acknowledgeReadingAction",
    (w) => [{ readingId: w.readingId, version: STALE }],
    only("clinic.gp"),
  ),

  // ---- pathways (the acute hospital holds the current stage, the rehab hospital is asked to take over) --
  action(
    PATHWAYS,
    "enrolPatientAction",
    (w) => [{ patientId: w.patientId, pathway: "stroke", admittedOn: "2026-06-01", onsetOn: "" }],
    only("hosp.doctor", "hosp.admin", "hosp.liaison", "clinic.gp", "rehab.therapist", "care.manager"),
    "already enrolled: refused after the access check",
  ),
  ...(
    [
      ["recordStageMeasuresAction", { measures: {} }],
      [
        "recordVarianceAction",
        { category: "patient", occurredOn: "2026-06-02", description: "発熱", reason: "", delayDays: 1 },
      ],
      ["requestHandoverAction", { toFacilityId: "rehab", toStageKey: "", plannedOn: "2026-06-20", note: "" }],
      ["cancelHandoverAction", {}],
      ["completeEnrolmentAction", { endedOn: "2026-06-30", note: "" }],
      ["withdrawEnrolmentAction", { endedOn: "2026-06-30", reason: "other", note: "" }],
    ] as const
  ).map(([name, extra]) =>
    action(
      PATHWAYS,
      name,
      (w) => [
        {
          enrolmentId: w.enrolmentId,
          version: STALE,
          ...extra,
          ...("toFacilityId" in extra ? { toFacilityId: w.n.pathwayFacilities.rehab } : {}),
        },
      ],
      only("hosp.doctor", "hosp.admin", "hosp.liaison"),
      "the current stage's facility writes",
    ),
  ),
  action(
    PATHWAYS,
    "acceptHandoverAction",
    (w) => [{ enrolmentId: w.enrolmentId, version: STALE, admittedOn: "2026-06-20" }],
    only("rehab.therapist"),
    "the asked facility answers",
  ),
  action(
    PATHWAYS,
    "declineHandoverAction",
    (w) => [{ enrolmentId: w.enrolmentId, version: STALE, reason: "no_capacity", note: "" }],
    only("rehab.therapist"),
    "the asked facility answers",
  ),

  // ---- pathway meetings (organised by the hospital's liaison office) -------------------------
  action(
    MEETINGS,
    "scheduleMeetingAction",
    (w) => [meetingForm(w)],
    only(...MEETING_MANAGERS, "office.admin"),
  ),
  action(
    MEETINGS,
    "updateMeetingAction",
    (w) => [{ ...meetingForm(w), meetingId: w.meetingId, sequence: STALE }],
    only(...MEETING_MANAGERS),
  ),
  action(
    MEETINGS,
    "cancelMeetingAction",
    (w) => [{ meetingId: w.meetingId, sequence: STALE, note: "" }],
    only(...MEETING_MANAGERS),
  ),
  action(
    MEETINGS,
    "cancelOccurrenceAction",
    (w) => [{ meetingId: w.meetingId, sequence: STALE, occurrenceId: w.occurrenceId, note: "" }],
    only(...MEETING_MANAGERS),
  ),
  action(
    MEETINGS,
    "previewScheduleAction",
    () => [{ start: "2027-03-11T18:30", durationMinutes: "90", rrule: null }],
    only(...SIGNED_IN),
  ),
  action(MEETINGS, "issueCalendarFeedAction", () => [], only(...SIGNED_IN), "one's own feed"),
  action(MEETINGS, "revokeCalendarFeedAction", () => [], only(...SIGNED_IN), "one's own feed"),
  action(
    AGENDA,
    "changeAgendaAction",
    (w) => [{ occurrenceId: w.occurrenceId, enrolmentId: w.enrolmentId, change: "add" }],
    only(...MEETING_MANAGERS),
  ),
  action(
    AGENDA,
    "recordDecisionAction",
    (w) => [
      {
        occurrenceId: w.occurrenceId,
        enrolmentId: w.enrolmentId,
        decision: "回復期へ転院",
        responsibleFacilityId: w.n.pathwayFacilities.rehab,
        dueOn: "",
      },
    ],
    only(...MEETING_MANAGERS),
  ),
  action(
    "(app)/pathway-meetings/[meetingId]/occurrences/[occurrenceId]/actions.ts",
    "joinMeetingAction",
    (w) => [{ occurrenceId: w.occurrenceId }],
    only("hosp.liaison", "clinic.gp", "rehab.therapist"),
    "before its join window: refused after the access check",
  ),

  // ---- consent, break-glass, patients ------------------------------------------------------
  action(
    PATIENT,
    "grantConsentAction",
    (w) => [
      null,
      form({ patientId: w.patientId, date: "2026-06-01", facilityIds: [NO_SUCH], document: tinyPdf() }),
    ],
    only("hosp.doctor", "hosp.admin", "hosp.clerk", "hosp.liaison", "clinic.gp", "office.admin"),
    "an unknown facility: refused on its field once access passed",
  ),
  action(
    PATIENT,
    "consentFacilityOptionsAction",
    () => [],
    only(...SIGNED_IN),
    "the consent forms' checklist: the network's facility directory, which everyone signed in reads",
  ),
  action(
    PATIENT,
    "addConsentFacilityAction",
    (w) => [
      null,
      form({
        patientId: w.patientId,
        consentId: w.consentId,
        date: "2020-01-01",
        facilityIds: [w.n.facilities.outsider],
        document: tinyPdf(),
      }),
    ],
    only("hosp.doctor", "hosp.admin", "hosp.clerk", "hosp.liaison", "office.admin"),
    "dated before the consent: refused on its field once access passed",
  ),
  action(
    PATIENT,
    "withdrawConsentAction",
    (w) => [
      null,
      form({ patientId: w.patientId, consentId: w.consentId, date: "2020-01-01", document: tinyPdf() }),
    ],
    only("hosp.doctor", "hosp.admin", "hosp.clerk", "hosp.liaison", "office.admin"),
    "dated before the consent: refused on its field once access passed",
  ),
  // before the break-glass row opens grants for the physicians who may: only the world's grant so far
  page(
    "a patient with no consent (her hospital holds a local id): emergency access, or consent administration at her hospital",
    (w, who) => getPatient(w.db, who, { patientId: w.notSharedPatientId }),
    // the grant's physician and the office; her hospital's clerk, liaison and administrator
    // manage her consent there (identity and consent history only, issue 20)
    ["outsider.gp", "office.admin", "hosp.admin", "hosp.clerk", "hosp.liaison"],
  ),
  action(
    PATIENT,
    "breakGlassAction",
    (w) => [
      null,
      form({
        patientId: w.notSharedPatientId,
        reason: "救急搬送、意識障害のため既往歴と服薬を確認する必要がある",
      }),
    ],
    only("hosp.doctor", "hosp.admin", "clinic.gp", "outsider.gp"),
    "emergency access: physicians anywhere, audited and reviewed",
  ),
  action(
    "(app)/patients/new/actions.ts",
    "registerPatientAction",
    (w) => [
      null,
      form({
        familyName: "山田",
        givenName: "花子",
        familyNameKana: "ヤマダ",
        givenNameKana: "ハナコ",
        birthDate: "1948-04-01",
        sex: "female",
        localId: "H10001",
        obtainedOn: "2026-06-01",
        facilityIds: [w.n.facilities.clinic],
        document: tinyPdf(),
      }),
    ],
    only(
      "hosp.doctor",
      "hosp.admin",
      "hosp.clerk",
      "hosp.liaison",
      "clinic.gp",
      "outsider.gp",
      "outsider.clerk",
      "office.admin",
    ),
    "at one's own facility; the hospital's local id is in use",
  ),
  action(
    "(app)/audit/actions.ts",
    "reviewBreakGlassAction",
    (w) => [{ breakGlassId: w.breakGlassId }],
    only("office.admin"),
  ),
  action("(app)/audit/actions.ts", "verifyAuditChainAction", () => [], only("office.admin")),

  // ---- administration (the target is rehab.doctor: no caller's own account changes) ----------
  action(
    FACILITIES,
    "createFacilityAction",
    () => [
      form({
        code: "0610009999",
        name: "マトリクス診療所",
        nameKana: "マトリクス",
        kind: "medical_clinic",
        role: "viewing",
      }),
    ],
    only("office.admin"),
  ),
  action(
    FACILITIES,
    "updateFacilityAction",
    (w) => [
      form({
        facilityId: w.n.pathwayFacilities.rehab,
        name: "テスト回復期リハビリテーション病院",
        nameKana: "テスト",
        kind: "hospital",
      }),
    ],
    only("office.admin"),
  ),
  action(
    FACILITIES,
    "addDepartmentAction",
    (w) => [form({ facilityId: w.n.pathwayFacilities.rehab, name: "リハビリテーション科" })],
    only("office.admin"),
  ),
  action(
    USERS,
    "createPractitionerAction",
    (w) => [
      form({
        loginId: "matrix.new",
        familyName: "試験",
        givenName: "新人",
        familyNameKana: "シケン",
        givenNameKana: "シンジン",
        profession: "physician",
        facilityId: w.n.pathwayFacilities.rehab,
        roles: ["staff"],
      }),
    ],
    only("office.admin"),
  ),
  action(
    USERS,
    "updatePractitionerRolesAction",
    (w) => [form({ practitionerId: actor(w.n, "rehab.doctor").practitionerId, roles: ["staff"] })],
    only("office.admin"),
  ),
  action(
    USERS,
    "setPractitionerDisabledAction",
    (w) => [{ practitionerId: actor(w.n, "rehab.doctor").practitionerId, disabled: false }],
    only("office.admin"),
  ),
  action(
    USERS,
    "resetPractitionerMfaAction",
    (w) => [{ practitionerId: actor(w.n, "rehab.doctor").practitionerId }],
    only("office.admin"),
  ),
  action(
    USERS,
    "unlockPractitionerAction",
    (w) => [{ practitionerId: actor(w.n, "rehab.doctor").practitionerId }],
    only("office.admin"),
  ),

  // ---- the signed-in person's own things ---------------------------------------------------
  action("(app)/notifications/actions.ts", "markNotificationsReadAction", () => [[]], only(...SIGNED_IN)),
  action("ui/directory-search-action.ts", "searchDirectoryAction", () => ["試験"], only(...SIGNED_IN)),
  {
    name: "sign-in steps and sign-out",
    surfaces: [
      app("signin/actions.ts", "passwordStepAction"),
      app("signin/actions.ts", "secondFactorAction"),
      app("ui/sign-out.ts", "signOutAction"),
      app("ui/sign-out.ts", "signOutEverywhereAction"),
      app("ui/language-switch.tsx", "setLocale"),
      app("(app)/account/actions.ts", "changePasswordAction"),
    ],
    expect: {},
    notWalked:
      "take no id: signing in (tests/integration/sign-in.test.ts, sign-in-abuse.test.ts), ending one's own session, changing one's own password (a scrypt per call), one's language cookie (an inline server function, not exported)",
  },

  // ---- conferences ------------------------------------------------------------------------
  refusingAs(
    ["VALIDATION"],
    action(
      "(app)/conferences/new/actions.ts",
      "createConferenceAction",
      (w) => [
        {
          title: "症例検討",
          kind: "case_conference",
          start: "",
          end: "",
          inviteeIds: [actor(w.n, "clinic.gp").practitionerId],
          agenda: w.sharedRegionalId,
        },
      ],
      only(...CLINICAL),
      "a patient on the agenda by regional ID: clinical professions inside the consent; anyone else is told no such patient, on the field",
    ),
  ),

  action(
    "(app)/conferences/[conferenceId]/actions.ts",
    "rescheduleConferenceAction",
    (w) => [
      {
        conferenceId: w.conferenceId,
        version: 999,
        title: "症例検討（変更）",
        start: "2026-12-20T18:00",
        end: "2026-12-20T19:00",
      },
    ],
    only("hosp.doctor"),
    "the host (an open conference keeps its time: refused after the access check)",
  ),
  action(
    "(app)/conferences/[conferenceId]/actions.ts",
    "cancelConferenceAction",
    (w) => [{ conferenceId: w.conferenceId, version: 999 }],
    only("hosp.doctor"),
    "the host (an open conference cannot be cancelled: refused after the access check)",
  ),

  // ---- the home care team board: its members, by person, inside consent ----------------------
  route(
    "POST /api/patients/[patientId]/care-team/posts",
    (w) => ({ patientId: w.patientId }),
    only(...CARE_TEAM),
    "members post (mentioning someone off the team: refused after the access check)",
    careTeamPost,
  ),
  route(
    "GET /api/patients/[patientId]/care-team/photos/[attachmentId]",
    (w) => ({ patientId: w.patientId, attachmentId: w.careTeamPhotoId }),
    only(...CARE_TEAM),
  ),
  action(
    CARE_TEAM_ACTIONS,
    "addCareTeamMemberAction",
    (w) => [{ patientId: w.patientId, practitionerId: actor(w.n, "outsider.gp").practitionerId }],
    only(...CARE_TEAM),
    "members add (a person outside consent: refused after the access check)",
  ),
  action(
    CARE_TEAM_ACTIONS,
    "removeCareTeamMemberAction",
    (w) => [{ patientId: w.patientId, practitionerId: actor(w.n, "hosp.doctor").practitionerId }],
    only(...CARE_TEAM),
    "members remove (someone not on the team: refused after the access check)",
  ),
  action(
    CARE_TEAM_ACTIONS,
    "scheduleHomeVisitAction",
    (w) => [
      {
        patientId: w.patientId,
        visitorId: actor(w.n, "hosp.doctor").practitionerId,
        startsAt: "2027-01-10T10:00:00+09:00",
        durationMinutes: 30,
        purpose: "",
      },
    ],
    only(...CARE_TEAM),
    "members plan visits (a visitor off the team: refused after the access check)",
  ),
  action(
    CARE_TEAM_ACTIONS,
    "cancelHomeVisitAction",
    (w) => [{ patientId: w.patientId, visitId: NO_SUCH }],
    only(...CARE_TEAM),
    "members cancel (a visit that does not exist: refused after the access check)",
  ),

  // ---- pages: the use case a page with an id in its URL renders --------------------------------
  page("reading request and report", (w, who) => getReading(w.db, who, w.readingId), READING_PARTIES),
  page(
    "home care team board",
    (w, who) => loadCareTeamBoard(w.db, who, { patientId: w.patientId }),
    CARE_TEAM,
  ),
  page("patient (identity, consent history)", (w, who) => getPatient(w.db, who, { patientId: w.patientId }), [
    ...INSIDE,
    "office.admin",
  ]),
  page("patient access history", (w, who) => patientAccessHistory(w.db, who, { patientId: w.patientId }), [
    "hosp.admin",
    "office.admin",
  ]),
  page(
    "discharge summary draft (the writing hospital's clinical staff)",
    (w, who) => getSummary(w.db, who, w.summaryId, { version: "draft" }),
    ["hosp.doctor", "hosp.admin", "hosp.liaison"],
  ),
  page(
    "conference",
    (w, who) => getConference(w.db, who, { conferenceId: w.conferenceId }),
    CONFERENCE_INVITED,
  ),

  // ---- ids that do not belong together: a party of one thing naming a part of another ---------
  // (each refused for everyone; the walker checks nothing was written)
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/referrals/[referralId]/attachments/[attachmentId]",
      (w) => ({ referralId: w.draftReferralId, attachmentId: w.referralAttachmentId }),
      only(),
      "another referral's attachment, through a referral the caller is a party to",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/referrals/[referralId]/attachments/[attachmentId]",
      (w) => ({ referralId: w.referralId, attachmentId: w.consentDocumentId }),
      only(),
      "a consent form, as if it were the referral's attachment",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/consent-documents/[attachmentId]",
      (w) => ({ attachmentId: w.referralAttachmentId }),
      only(),
      "a referral's attachment, as if it were a consent form",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/referrals/[referralId]/replies/[replyId]/reply.pdf",
      (w) => ({ referralId: w.draftReferralId, replyId: w.replyId }),
      only(),
      "another referral's reply",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/referrals/[referralId]/replies/[replyId]/reply.fhir.json",
      (w) => ({ referralId: w.draftReferralId, replyId: w.replyId }),
      only(),
      "another referral's reply",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    action(
      REFERRAL_EDIT,
      "removeReferralAttachmentAction",
      (w) => [w.draftReferralId, w.referralAttachmentId],
      only(),
      "another referral's attachment, through the caller's own draft",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/records/[patientId]/facilities/[facilityId]/viewer",
      (w) => ({ patientId: w.patientId, facilityId: w.n.facilities.outsider }),
      only(),
      "a facility outside the patient's consent",
    ),
  ),
  ...IMAGING_ROUTES.map((key) =>
    route(
      key,
      (w) => imagingParams(w, w.notSharedPatientId),
      only(),
      "a study signed for another patient",
      (w) => ({ search: `?sig=${w.imagingStudy.sig}` }),
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/records/[patientId]/facilities/[facilityId]/item",
      (w) => ({ patientId: w.notSharedPatientId, facilityId: w.n.facilities.hospital }),
      only(),
      "an item signed for another patient",
      (w) => ({ search: `?${new URLSearchParams(w.recordItem).toString()}` }),
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    route(
      "GET /api/pathway-meetings/[meetingId]/occurrences/[occurrenceId]/minutes.pdf",
      (w) => ({ meetingId: w.meetingId, occurrenceId: w.otherOccurrenceId }),
      only(),
      "another meeting's occurrence, through a meeting the caller is invited to",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    action(
      MEETINGS,
      "cancelOccurrenceAction",
      (w) => [
        { meetingId: w.meetingId, sequence: w.meetingSequence, occurrenceId: w.otherOccurrenceId, note: "" },
      ],
      only(),
      "another meeting's occurrence, through the caller's own meeting at its current sequence",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    action(
      AGENDA,
      "changeAgendaAction",
      (w) => [{ occurrenceId: w.otherOccurrenceId, enrolmentId: w.enrolmentId, change: "add" }],
      only(),
      "the office's own meeting: not the hospital's organiser; the office itself may not see the patient's clinical data",
    ),
  ),
  refusingAs(
    ["VALIDATION"],
    socket(
      "moderation:mute",
      (w) => ({ conferenceId: w.conferenceId, practitionerId: actor(w.n, "outsider.gp").practitionerId }),
      only(),
      "someone who is not in the conference",
    ),
  ),
  refusingAs(
    ["VALIDATION", "INVALID_TRANSITION"],
    socket(
      "lobby:decide",
      (w) => ({
        conferenceId: w.conferenceId,
        practitionerId: actor(w.n, "outsider.gp").practitionerId,
        decision: "admit",
      }),
      only(),
      "someone who was never invited",
    ),
  ),

  // ---- what lists and searches show (they answer everyone signed in) -------------------------
  showing(
    (w, data) =>
      (data as { id?: string; patientId?: string }[]).some((p) => (p.patientId ?? p.id) === w.patientId),
    action(
      REFERRALS,
      "searchPatientsAction",
      () => ["ヤマダ"],
      only(...INSIDE),
      "山田花子 is found only inside her consent (the network office is in no consent)",
    ),
  ),
  showing(
    (_w, data) => (data as { loginId?: string | null }[]).some((p) => p.loginId === "hosp.doctor"),
    action(
      "ui/directory-search-action.ts",
      "searchDirectoryAction",
      () => ["試験"],
      only("hosp.admin", "office.admin"),
      "a login id is shown only to its facility's administrators and the network office",
    ),
  ),

  // ---- socket events (an open conference: its host and the admitted invitee are in the room) ---
  socket("session:whoami", () => ({}), only(...SIGNED_IN), "one's own session"),
  socket("conference:join", (w) => ({ conferenceId: w.conferenceId }), only(...CONFERENCE_INVITED)),
  socket(
    "chat:send",
    (w) => ({ conferenceId: w.conferenceId, body: "よろしくお願いします" }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "hand:raise",
    (w) => ({ conferenceId: w.conferenceId, raised: true }),
    only("clinic.gp"),
    "participants: the host moderates, it has no hand to raise",
  ),
  socket(
    "lobby:decide",
    (w) => ({
      conferenceId: w.conferenceId,
      practitionerId: actor(w.n, "clinic.gp").practitionerId,
      decision: "admit",
    }),
    only("hosp.doctor"),
    "moderators",
  ),
  socket(
    "moderation:mute",
    (w) => ({ conferenceId: w.conferenceId, practitionerId: actor(w.n, "clinic.gp").practitionerId }),
    only("hosp.doctor"),
    "moderators",
  ),
  socket("media:join", (w) => ({ conferenceId: w.conferenceId }), only(...CONFERENCE_MEMBERS)),
  socket("media:transport:create", (w) => ({ conferenceId: w.conferenceId }), only(...CONFERENCE_MEMBERS)),
  socket(
    "media:transport:connect",
    (w) => ({
      conferenceId: w.conferenceId,
      transportId: NO_SUCH,
      dtlsParameters: { role: "client", fingerprints: [{ algorithm: "sha-256", value: "00" }] },
    }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:transport:restartIce",
    (w) => ({ conferenceId: w.conferenceId, transportId: NO_SUCH }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:produce",
    (w) => ({
      conferenceId: w.conferenceId,
      transportId: NO_SUCH,
      kind: "audio",
      source: "microphone",
      rtpParameters: { codecs: [{ mimeType: "audio/opus", payloadType: 100 }] },
    }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:producer:close",
    (w) => ({ conferenceId: w.conferenceId, producerId: NO_SUCH }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:consume",
    (w) => ({ conferenceId: w.conferenceId, transportId: NO_SUCH, producerId: NO_SUCH, rtpCapabilities: {} }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:consumer:resume",
    (w) => ({ conferenceId: w.conferenceId, consumerId: NO_SUCH }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:consume:batch",
    (w) => ({
      conferenceId: w.conferenceId,
      transportId: NO_SUCH,
      producerIds: [NO_SUCH],
      rtpCapabilities: {},
    }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:consumers:resume",
    (w) => ({ conferenceId: w.conferenceId, consumerIds: [NO_SUCH] }),
    only(...CONFERENCE_MEMBERS),
  ),
  socket(
    "media:consumer:layers",
    (w) => ({ conferenceId: w.conferenceId, consumerId: NO_SUCH, spatialLayer: 0 }),
    only(...CONFERENCE_MEMBERS),
  ),
  // last: leaving and ending change the room the rows above need
  socket(
    "conference:leave",
    (w) => ({ conferenceId: w.conferenceId }),
    only(...CONFERENCE_INVITED),
    "a member in the lobby may leave it",
  ),
  socket("conference:end", (w) => ({ conferenceId: w.conferenceId }), only("hosp.doctor"), "the host"),

  // last of all (it may end the target's sessions): a facility administrator manages their own staff
  action(
    USERS,
    "updatePractitionerRolesAction",
    (w) => [form({ practitionerId: actor(w.n, "hosp.liaison").practitionerId, roles: ["staff"] })],
    only("hosp.admin", "office.admin"),
    "a hospital liaison officer's roles, unchanged",
  ),
];
