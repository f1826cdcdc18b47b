import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { queryRows, setDatabase, type Db } from "../../server/db/client";
import { encode } from "next-auth/jwt";
import { getAuthSecret } from "../../server/auth/secret";
import { sessionCookieName, signInPolicy } from "../../server/auth/policy";
import { consents, departments, facilities, patientLocalIds, signInChallenges } from "../../server/db/schema";
import { openSession } from "../../server/domain/auth/sessions";
import { newBearerToken, sha256 } from "../../server/auth/tokens";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { signRecordItem } from "../../server/domain/records/record-item-signature";
import { isDomainError } from "../../server/errors";
import { openBreakGlass } from "../../server/domain/consent/break-glass";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { createConference } from "../../server/domain/conferences/create-conference";
import { issueCalendarFeed } from "../../server/domain/pathway-meetings/meeting-calendar";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { askAdvice } from "../../server/domain/referrals/advice-requests";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { addReferralAttachment } from "../../server/domain/referrals/referral-attachments";
import { getReferral } from "../../server/domain/referrals/get-referral";
import { replyToReferral } from "../../server/domain/referrals/reply-to-referral";
import { acceptReferral } from "../../server/domain/referrals/respond-to-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { createSummary } from "../../server/domain/summaries/create-summary";
import { createInstruction } from "../../server/domain/nursing-instructions/create-instruction";
import { createCareDocument } from "../../server/domain/care-documents/create-care-document";
import { saveSummaryDraft } from "../../server/domain/summaries/save-summary-draft";
import { sendSummary } from "../../server/domain/summaries/send-summary";
import { formatRegionalId } from "../../server/domain/patients/regional-id";
import { acceptReading } from "../../server/domain/readings/accept-reading";
import { requestReading } from "../../server/domain/readings/request-reading";
import { signReadingReport } from "../../server/domain/readings/sign-reading-report";
import { addCareTeamMember } from "../../server/domain/care-team/manage-care-team";
import { postToCareTeam } from "../../server/domain/care-team/post-to-care-team";
import { scheduleHomeVisit } from "../../server/domain/care-team/home-visits";
import { careTeamPostPhotos, readingKeyImages } from "../../server/db/schema";
import sharp from "sharp";
import type { TestDatabase } from "./db";
import { actor, tinyPdf } from "./fixtures";
import { inRequest } from "./in-request";
import { createPathwayNetwork, type PathwayNetwork } from "./pathway-network";
import { FUZZING_LIMITS, startSignalling, TEST_TOTP_SECRET } from "./signalling";
import { completeSummary } from "./summary-content";

/**
 * The world the authorization matrix walks: the pathway test region
 * (pathway-network.ts) with one of everything that has an id, each at a
 * state where its owners may act on it: a sent referral with an attachment
 * and an interim reply, a draft referral, an advice request, a summary draft
 * and a sent summary, a pathway enrolment with a pending handover to the
 * rehabilitation hospital, a pathway meeting with its occurrences and a
 * calendar feed, an open conference whose host and one invitee are in the room while another waits in the lobby,
 * a break-glass grant, a withdrawn consent. And a way in for each caller:
 * a session cookie (the same one a browser holds after both factors) for the
 * server actions and route handlers called in-process, and a socket on the
 * real signalling server.
 */
export interface World {
  db: Db;
  n: PathwayNetwork;
  patientId: string;
  sharedRegionalId: string;
  notSharedPatientId: string;
  consentId: string;
  withdrawnConsentId: string;
  consentDocumentId: string;
  departmentId: string;
  referralId: string;
  referralAttachmentId: string;
  replyId: string;
  draftReferralId: string;
  draftAttachmentId: string;
  adviceRequestId: string;
  summaryId: string;
  sentSummaryId: string;
  /** a visiting-nurse instruction the clinic's GP is writing (no station in this region: its draft only) */
  draftInstructionId: string;
  /** a tracing report (服薬情報提供書) the pharmacy is writing to the clinic: its draft only */
  draftCareDocumentId: string;
  enrolmentId: string;
  meetingId: string;
  occurrenceId: string;
  /** the meeting's sequence (no command of the walk changes it: they are all stale) */
  meetingSequence: number;
  /** an occurrence of another meeting (the network office's) */
  otherOccurrenceId: string;
  calendarFeed: string;
  /** an image the timeline would list at the hospital, with its signature */
  recordItem: { url: string; sig: string };
  /** a study of the patient's at the hospital's PACS, signed as the study list signs it */
  imagingStudy: { studyUid: string; seriesUid: string; instanceUid: string; sig: string };
  conferenceId: string;
  breakGlassId: string;
  /** 山田花子's home care team: the clinic's GP, the pharmacist and the care manager; a post with a photo, a visit */
  careTeamPhotoId: string;
  careTeamVisitId: string;
  /** the clinic's GP asked the hospital to read the study above; its physician accepted and signed a report */
  readingId: string;
  /** a key image of that signed report (its version is signed: no one may remove it) */
  readingKeyImageId: string;
}

/** a facility's record system: a loopback port nothing listens on */
const UPSTREAM = "http://127.0.0.1:9";

export const NO_SUCH = "00000000-0000-4000-8000-000000000000";
/** a version no command can be at: an allowed writer is refused CONFLICT, after the access check */
export const STALE = 999_999;

/** A caller of the matrix: a signed-in practitioner (login id), or no one. */
export interface Caller {
  login: string | null;
  cookie?: string;
  socket?: Socket;
  /** opens a socket with this caller's cookie (none: signed out), for callers without one open */
  connect: () => Promise<Socket>;
}

export interface Outcome {
  cell: "allow" | "deny" | "error";
  /** the refusal code (or HTTP status) seen, "ok" when it went through */
  code: string;
  /** what a server action answered, when it went through */
  data?: unknown;
}

/** Refusals of the access check itself. */
const DENIALS = new Set(["FORBIDDEN", "CONSENT_REQUIRED", "NOT_FOUND", "UNAUTHENTICATED", "MFA_REQUIRED"]);
/** Refusals that only come once the caller may act on the id: a stale version, a state, a field, the upstream. */
const PAST_ACCESS = new Set([
  "CONFLICT",
  "INVALID_TRANSITION",
  "VALIDATION",
  "UPSTREAM_FAILED",
  "UPSTREAM_TIMEOUT",
  "PAYLOAD_TOO_LARGE",
]);

export function classify(code: string): Outcome {
  if (code === "ok") return { cell: "allow", code };
  if (DENIALS.has(code)) return { cell: "deny", code };
  if (PAST_ACCESS.has(code)) return { cell: "allow", code };
  return { cell: "error", code };
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Calls a server action by its surface key ("app/…/actions.ts#name") as `who`, in a request of its own. */
export async function callAction(key: string, who: Caller, args: unknown[]): Promise<Outcome> {
  const [file, name] = key.split("#") as [string, string];
  const mod = (await import(path.join(ROOT, file))) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const fn = mod[name];
  if (typeof fn !== "function") throw new Error(`${key}: no such export`);
  try {
    const result = (await inRequest({ cookie: who.cookie }, () => fn(...args))) as
      { ok: boolean; error?: { code: string } } | undefined;
    if (!result || typeof result !== "object" || !("ok" in result)) return classify("ok");
    if (result.ok) return { ...classify("ok"), data: (result as { data?: unknown }).data };
    return classify(result.error!.code);
  } catch (e) {
    if (isDomainError(e)) return classify(e.code);
    // redirect() and notFound() are thrown: a redirect to sign-in is a refusal, others went through
    const digest = (e as { digest?: unknown })?.digest;
    if (typeof digest !== "string")
      return { cell: "error", code: `threw ${(e as Error)?.message ?? String(e)}` };
    if (digest.startsWith("NEXT_REDIRECT"))
      return classify(digest.includes("/signin") ? "UNAUTHENTICATED" : "ok");
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return classify("NOT_FOUND");
    return { cell: "error", code: `threw ${(e as Error)?.message ?? String(e)}` };
  }
}

/** Calls a route handler by its surface key ("GET /api/…/[id]") as `who`, with its params. */
export async function callRoute(
  key: string,
  who: Caller,
  params: Record<string, string | string[]>,
  init: { body?: BodyInit; search?: string; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  const [method, pattern] = key.split(" ") as [string, string];
  const mod = (await import(path.join(ROOT, "app", pattern, "route.ts"))) as Record<
    string,
    (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>
  >;
  const handler = mod[method];
  if (typeof handler !== "function") throw new Error(`${key}: no such handler`);
  let url = pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, p: string) => {
    const v = params[p];
    return Array.isArray(v) ? v.join("/") : (v ?? "");
  });
  url = `http://127.0.0.1${url}${init.search ?? ""}`;
  const headers = new Headers(init.headers);
  if (who.cookie) headers.set("cookie", who.cookie);
  headers.set("origin", "http://127.0.0.1");
  const { NextRequest } = await import("next/server");
  const req = new NextRequest(url, { method, headers, body: init.body });
  try {
    const res = await inRequest({ cookie: who.cookie, pathname: new URL(url).pathname }, () =>
      handler(req, { params: Promise.resolve(params) }),
    );
    if (res.status < 400) {
      await res.body?.cancel();
      return classify("ok");
    }
    const body = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return classify(code ?? STATUS_CODES[res.status] ?? `HTTP ${res.status}`);
  } catch (e) {
    if (isDomainError(e)) return classify(e.code);
    return { cell: "error", code: `threw ${(e as Error)?.message ?? String(e)}` };
  }
}
const STATUS_CODES: Record<number, string> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  400: "VALIDATION",
  502: "UPSTREAM_FAILED",
  504: "UPSTREAM_TIMEOUT",
};

/** Emits a socket event as `who` and reads its acknowledgement; no socket (not signed in) is refused at the door. */
export async function callSocket(event: string, who: Caller, payload: unknown): Promise<Outcome> {
  let socket = who.socket;
  if (!socket) {
    // signed out: the server refuses the connection itself (connect_error UNAUTHENTICATED)
    try {
      socket = await who.connect();
    } catch (e) {
      return classify((e as Error).message);
    }
  }
  try {
    const reply = (await socket.timeout(15_000).emitWithAck(event, payload)) as {
      ok: boolean;
      error?: { code: string };
    };
    return classify(reply.ok ? "ok" : (reply.error?.code ?? "no code"));
  } finally {
    if (socket !== who.socket) socket.close();
  }
}

/** Row counts of every table a use case writes (the audit trail, notifications and sign-in bookkeeping aside). */
export async function rowCounter(db: Db) {
  const UNCOUNTED = new Set([
    "audit_events",
    "audit_checkpoints",
    "notifications",
    "sessions",
    "sign_in_attempts",
    "sign_in_challenges",
    "__drizzle_migrations",
  ]);
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )
  )
    .map((r) => r.name)
    .filter((name) => !UNCOUNTED.has(name));
  const query = sql.raw(
    `select json_build_object(${tables.map((t) => `'${t}', (select count(*) from "${t}")`).join(", ")}) as counts`,
  );
  return {
    tables,
    count: async (): Promise<Record<string, number>> =>
      (await queryRows<{ counts: Record<string, number> }>(db, query))[0]!.counts,
  };
}

/**
 * A signed-in session for one practitioner, opened by the real openSession from
 * a challenge whose two factors count as proven: the matrix needs a dozen
 * sessions, not a dozen scrypt hashes (signing in is tested in sign-in*.test.ts).
 * The cookie is the one the app signs, and every call resolves it as a request would.
 */
export async function sessionCookie(db: Db, practitionerId: string): Promise<string> {
  const challenge = newBearerToken();
  const now = Date.now();
  await db.insert(signInChallenges).values({
    practitionerId,
    tokenHash: sha256(challenge),
    purpose: "verify",
    verifiedAt: new Date(now),
    expiresAt: new Date(now + 60_000),
    ip: "127.0.0.1",
  });
  const req = { ip: "127.0.0.1", userAgent: "matrix" };
  const session = await openSession(db, { challenge }, signInPolicy(), req);
  const token = await encode({ token: { sid: session.sessionId }, secret: getAuthSecret() });
  return `${sessionCookieName()}=${token}`;
}

export async function buildWorld(t: TestDatabase, logins: readonly string[]) {
  process.env.DATA_DIR ??= `/tmp/okinet-test-${process.pid}`;
  setDatabase(Promise.resolve(t));
  const db = t.db;
  const n = await createPathwayNetwork(db, { totpSecret: TEST_TOTP_SECRET });
  const as = (login: string) => actor(n, login);
  const gp = as("clinic.gp");
  const doctor = as("hosp.doctor");
  const patientId = n.patients.shared;

  const [dept] = await db
    .insert(departments)
    .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
    .returning({ id: departments.id });
  // the hospital and the clinic publish their records (on a loopback port nothing listens on: the
  // upstream fails, after the access check); the clinic knows the patient too
  await db
    .update(facilities)
    .set({
      recordSystemUrl: `${UPSTREAM}/viewer?id={localId}`,
      recordFhirBaseUrl: `${UPSTREAM}/fhir`,
      pacsDicomwebUrl: `${UPSTREAM}/dicom-web`,
    })
    .where(inArray(facilities.id, [n.facilities.hospital, n.facilities.clinic]));
  await db.insert(patientLocalIds).values({ patientId, facilityId: n.facilities.clinic, localId: "C10001" });
  const destination = {
    destinationFacilityId: n.facilities.hospital,
    destinationDepartmentId: dept!.id,
  };
  const letter = {
    ...destination,
    priority: "routine",
    content: {
      purpose: "精査加療のお願い",
      chiefComplaint: "右上下肢の脱力",
      diagnoses: [{ name: "脳梗塞疑い" }],
    },
  };

  // a referral sent to the hospital, with a letter attachment, accepted and answered with an interim reply
  const sent = await createReferral(db, gp, { patientId, ...destination });
  const sentSaved = await saveReferralDraft(db, gp, {
    referralId: sent.referralId,
    version: sent.version,
    ...letter,
  });
  const { attachmentId: referralAttachmentId } = await addReferralAttachment(db, gp, sent.referralId, {
    fileName: "letter.pdf",
    bytes: tinyPdf("紹介状添付"),
  });
  await sendReferral(db, gp, { referralId: sent.referralId, version: sentSaved.version });
  const received = await getReferral(db, doctor, sent.referralId);
  const accepted = await acceptReferral(db, doctor, {
    referralId: sent.referralId,
    version: received.referral.version,
    appointmentAt: "2026-12-10T10:00:00+09:00",
  });
  const replied = await replyToReferral(db, doctor, {
    referralId: sent.referralId,
    version: (accepted as { version: number }).version,
    kind: "interim",
    content: { findings: "入院加療中です" },
  });
  // a draft only its author's facility sees, with an attachment
  const draft = await createReferral(db, gp, { patientId, ...destination });
  const { attachmentId: draftAttachmentId } = await addReferralAttachment(db, gp, draft.referralId, {
    fileName: "draft.pdf",
    bytes: tinyPdf("下書き添付"),
  });
  const advice = await askAdvice(db, gp, { patientId, ...destination, question: "ご相談です" });

  // discharge summaries: a draft, and one sent to the clinic
  const { summaryId } = await createSummary(db, doctor, {
    patientId,
    referralId: null,
    authorDepartment: "脳神経内科",
  });
  const sentSummary = await createSummary(db, doctor, {
    patientId,
    referralId: null,
    authorDepartment: "脳神経内科",
  });
  const savedSummary = await saveSummaryDraft(db, doctor, {
    summaryId: sentSummary.summaryId,
    revision: sentSummary.revision,
    recipients: [{ facilityId: n.facilities.clinic }],
    content: completeSummary,
  });
  await sendSummary(db, doctor, { summaryId: sentSummary.summaryId, revision: savedSummary.revision });

  const instruction = await createInstruction(db, gp, { patientId });
  const careDocument = await createCareDocument(db, actor(n, "pharm.pharmacist"), {
    kind: "tracing_report",
    patientId,
    recipientFacilityId: n.facilities.clinic,
  });

  // a stroke pathway at the acute hospital, handed over to the rehabilitation hospital (pending)
  const enrolled = await enrolPatient(db, doctor, { patientId, pathway: "stroke", admittedOn: "2026-06-01" });
  await requestHandover(db, doctor, {
    enrolmentId: enrolled.enrolmentId,
    version: enrolled.version,
    toFacilityId: n.pathwayFacilities.rehab,
    plannedOn: "2026-06-20",
  });

  // a pathway meeting organised by the hospital's liaison office, the clinic's GP and the rehab hospital invited
  const meeting = await scheduleMeeting(db, as("hosp.liaison"), {
    title: "脳卒中地域連携パス会議",
    pathway: "stroke",
    location: "オンライン",
    startsAt: "2027-01-14T18:30:00+09:00",
    timeZone: "Asia/Tokyo",
    rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
    invitees: [gp.practitionerId],
    facilityIds: [n.pathwayFacilities.rehab],
  });
  // another meeting, the network office's own: its occurrence paired with the meeting above is a mismatch
  const otherMeeting = await scheduleMeeting(db, as("office.admin"), {
    title: "協議会 連携パス運営会議",
    pathway: "stroke",
    location: "事務局",
    startsAt: "2027-01-21T18:30:00+09:00",
    timeZone: "Asia/Tokyo",
    rrule: null,
    invitees: [],
    facilityIds: [n.pathwayFacilities.rehab],
  });
  // the feed of someone who is not a caller of the matrix: no caller replaces it by issuing their own
  const feed = await issueCalendarFeed(db, as("rehab.doctor"));

  // an emergency access by a physician outside every consent, to the patient no one shares
  const glass = await openBreakGlass(db, as("outsider.gp"), {
    patientId: n.patients.notShared,
    reason: "救急搬送、意識障害のため既往歴と服薬を確認する必要がある",
  });
  // the withdrawn patient's consent is withdrawn: commands on it are refused after the access check
  await withdrawConsent(db, as("hosp.clerk"), {
    consentId: n.consents.withdrawn,
    withdrawnOn: "2025-01-10",
    document: { fileName: "withdrawal.pdf", bytes: tinyPdf("撤回") },
  });
  const [consent] = await db.select().from(consents).where(eq(consents.id, n.consents.shared));

  // an open conference: the host opened it, the GP was admitted, the hospital's admin waits in the lobby
  const { conferenceId } = await createConference(db, doctor, {
    title: "症例検討",
    kind: "case_conference",
    invitees: [{ practitionerId: gp.practitionerId }, { practitionerId: as("hosp.admin").practitionerId }],
    agenda: [{ patientId }],
  });
  // a home care team around 山田花子: the GP started it with the pharmacist and the care manager
  for (const login of ["clinic.gp", "pharm.pharmacist", "care.manager"])
    await addCareTeamMember(db, gp, { patientId, practitionerId: as(login).practitionerId });
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c87" } })
    .jpeg()
    .toBuffer();
  const teamPost = await postToCareTeam(
    db,
    gp,
    { patientId, clientKey: "matrix-world-post", body: "褥瘡の写真", vitals: { temperature: 36.6 } },
    [{ fileName: "wound.jpg", bytes: new Uint8Array(photo) }],
  );
  const [teamPhoto] = await db
    .select({ id: careTeamPostPhotos.attachmentId })
    .from(careTeamPostPhotos)
    .where(eq(careTeamPostPhotos.postId, teamPost.postId));
  const visit = await scheduleHomeVisit(db, gp, {
    patientId,
    visitorId: as("care.manager").practitionerId,
    startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    durationMinutes: 30,
  });
  // a reading request: the clinic's GP asks the hospital to read the study; the hospital's physician reports
  const studyUid = "1.2.392.200036.9116.2.1";
  const reading = await requestReading(db, gp, {
    patientId,
    readingFacilityId: n.facilities.hospital,
    clinicalQuestion: "肺結節の評価をお願いします",
    urgency: "routine",
    study: {
      facilityId: n.facilities.hospital,
      studyUid,
      sig: signStudy(patientId, n.facilities.hospital, studyUid),
    },
  });
  const acceptedReading = await acceptReading(db, doctor, { readingId: reading.readingId, revision: 1 });
  await signReadingReport(db, doctor, {
    readingId: reading.readingId,
    revision: acceptedReading.revision,
    content: { findings: "右上葉に8mmの結節", impression: "経過観察" },
  });
  const [keyImage] = await db
    .insert(readingKeyImages)
    .values({
      requestId: reading.readingId,
      version: 1,
      seriesUid: `${studyUid}.1`,
      instanceUid: `${studyUid}.1.1`,
      frame: 1,
      windowCenter: 40,
      windowWidth: 400,
      position: 1,
      markedById: doctor.practitionerId,
    })
    .returning({ id: readingKeyImages.id });
  const signalling = await startSignalling(t, { limits: FUZZING_LIMITS });
  const callers = new Map<string, Caller>();
  for (const login of logins) {
    const cookie = await sessionCookie(db, actor(n, login).practitionerId);
    callers.set(login, {
      login,
      cookie,
      socket: await signalling.open(cookie),
      connect: () => signalling.open(cookie),
    });
  }
  callers.set("anonymous", { login: null, connect: () => signalling.open() });
  const ack = async (login: string, event: string, payload: unknown) => {
    const r: unknown = await callers.get(login)!.socket!.timeout(15_000).emitWithAck(event, payload);
    if (!(r as { ok: boolean }).ok) throw new Error(`${login} ${event}: ${JSON.stringify(r)}`);
    return r as { ok: true; data: unknown };
  };
  await ack("hosp.doctor", "conference:join", { conferenceId });
  await ack("clinic.gp", "conference:join", { conferenceId });
  await ack("hosp.admin", "conference:join", { conferenceId }); // and stays in the lobby
  await ack("hosp.doctor", "lobby:decide", {
    conferenceId,
    practitionerId: gp.practitionerId,
    decision: "admit",
  });
  await ack("clinic.gp", "conference:join", { conferenceId });

  const world: World = {
    db,
    n,
    patientId,
    sharedRegionalId: formatRegionalId(1),
    notSharedPatientId: n.patients.notShared,
    consentId: n.consents.shared,
    withdrawnConsentId: n.consents.withdrawn,
    consentDocumentId: consent!.documentId,
    departmentId: dept!.id,
    referralId: sent.referralId,
    referralAttachmentId,
    replyId: (replied as { replyId: string }).replyId,
    draftReferralId: draft.referralId,
    draftAttachmentId,
    adviceRequestId: advice.adviceRequestId,
    summaryId,
    sentSummaryId: sentSummary.summaryId,
    draftInstructionId: instruction.instructionId,
    draftCareDocumentId: careDocument.documentId,
    enrolmentId: enrolled.enrolmentId,
    meetingId: meeting.meetingId,
    occurrenceId: meeting.occurrences[0]!.id,
    meetingSequence: meeting.sequence,
    otherOccurrenceId: otherMeeting.occurrences[0]!.id,
    recordItem: {
      url: `${UPSTREAM}/fhir/Binary/1`,
      sig: signRecordItem(patientId, n.facilities.hospital, `${UPSTREAM}/fhir/Binary/1`),
    },
    imagingStudy: {
      studyUid: "1.2.392.200036.9116.2.1",
      seriesUid: "1.2.392.200036.9116.2.1.1",
      instanceUid: "1.2.392.200036.9116.2.1.1.1",
      sig: signStudy(patientId, n.facilities.hospital, "1.2.392.200036.9116.2.1"),
    },
    calendarFeed: feed.path.split("/").pop()!,
    conferenceId,
    breakGlassId: glass.breakGlassId,
    careTeamPhotoId: teamPhoto!.id,
    careTeamVisitId: visit.visitId,
    readingId: reading.readingId,
    readingKeyImageId: keyImage!.id,
  };
  return { world, callers, close: () => signalling.close() };
}
