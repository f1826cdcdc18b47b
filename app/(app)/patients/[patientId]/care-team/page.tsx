import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { type PROFESSIONS } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import {
  loadCareTeamBoard,
  type CareTeamBoard,
  type CareTeamPost,
} from "@/server/domain/care-team/care-team-board";
import { VITAL_FIELDS, VITAL_RANGES } from "@/server/domain/care-team/care-team.schema";
import { formatDateTime, getI18n, type Locale, type Messages, titled } from "@/app/i18n";
import { RefusedCard } from "@/app/ui/refused-card";
import { PostComposer, type ComposerLabels } from "./post-composer";
import {
  AddMemberForm,
  CancelVisitButton,
  CareTeamLive,
  RemoveMemberButton,
  ScheduleVisitForm,
} from "./team-panels";
import { call } from "@/app/lib/call";
import { BoardInstructions } from "@/app/(app)/nursing-instructions/board-instructions";

export const generateMetadata = titled("titles.homeCareTeam");

export default async function CareTeamPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const c = t.careTeam;
  const { patientId } = await params;
  const { before } = await searchParams;
  let board: CareTeamBoard;
  try {
    board = await call(loadCareTeamBoard, me, { patientId, before: before || null });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "VALIDATION" || e.code === "NOT_FOUND") notFound();
    return (
      <div className="space-y-4" data-testid="care-team-refused">
        <h1 className="text-xl font-bold">{c.title}</h1>
        <RefusedCard>
          {e.code === "FORBIDDEN" ? `${c.notMember} ${c.notMemberHelp}` : t.patients.deniedConsent}
        </RefusedCard>
        <Link href={`/patients/${patientId}`} className="text-brand-700 underline">
          {c.backToPatient}
        </Link>
      </div>
    );
  }
  const { patient } = board;
  const profession = (p: (typeof PROFESSIONS)[number]) => t.common.professions[p];
  const person = (m: { familyName: string; givenName: string; profession: (typeof PROFESSIONS)[number] }) =>
    `${m.familyName} ${m.givenName}（${profession(m.profession)}）`;
  const composerLabels: ComposerLabels = {
    body: c.body,
    bodyPlaceholder: c.bodyPlaceholder,
    vitals: c.vitals,
    vitalFields: c.vitalFields,
    dailyLiving: c.dailyLiving,
    meals: c.meals,
    excretion: c.excretion,
    sleep: c.sleep,
    photos: c.photos,
    photosHelp: c.photosHelp,
    takePhoto: c.takePhoto,
    mention: c.mention,
    mentionProfession: c.mentionProfession,
    needsReplyLabel: c.needsReplyLabel,
    replyDue: c.replyDue,
    send: c.send,
    sending: c.sending,
    sent: c.sent,
    queued: c.queued,
    pendingDrafts: c.pendingDrafts,
    sendNow: c.sendNow,
    reply: c.reply,
    replyPlaceholder: c.replyPlaceholder,
  };
  const others = board.members
    .filter((m) => m.practitionerId !== me.practitionerId)
    .map((m) => ({
      practitionerId: m.practitionerId,
      name: `${m.familyName} ${m.givenName}`,
      professionLabel: profession(m.profession),
    }));
  const teamProfessions = [...new Set(board.members.map((m) => m.profession))].map((p) => ({
    value: p,
    label: profession(p),
  }));

  return (
    <div className="space-y-4" data-testid="care-team-board">
      <CareTeamLive patientId={patient.id} />
      <header className="card">
        <p className="text-sm text-slate-500">
          <Link href={`/patients/${patient.id}`} className="underline">
            {patient.familyName} {patient.givenName}
          </Link>{" "}
          ・ <span className="font-mono">{patient.regionalId}</span>
        </p>
        <h1 className="text-xl font-bold">{c.title}</h1>
        <p className="text-xs text-slate-500">{c.live}</p>
        {board.isMember && (
          <p className="mt-1 text-sm" data-testid="care-team-unread">
            {c.unread}: {board.unread}
          </p>
        )}
      </header>

      {board.instructions.length > 0 && (
        <BoardInstructions instructions={board.instructions} t={t} locale={locale} />
      )}

      {board.mayFound ? (
        <section className="card space-y-2">
          <p>{c.founder}</p>
          <AddMemberForm
            patientId={patient.id}
            candidates={[]}
            founding
            selfId={me.practitionerId}
            labels={{ add: c.add, choosePerson: c.choosePerson, startTeam: c.startTeam }}
          />
        </section>
      ) : (
        <section className="card" aria-label={c.composer}>
          <h2 className="mb-2 font-semibold">{c.composer}</h2>
          <PostComposer
            patientId={patient.id}
            members={others}
            professions={teamProfessions}
            labels={composerLabels}
          />
        </section>
      )}

      <section className="space-y-3" aria-label={c.title} data-testid="care-posts">
        {board.posts.length === 0 && <p className="card text-slate-600">{c.noPosts}</p>}
        {board.posts.map((post) => (
          <article key={post.id} id={`post-${post.id}`} className="card space-y-3" data-testid="care-post">
            <PostBody post={post} t={t} locale={locale} patientId={patient.id} meId={me.practitionerId} />
            {post.replies.length > 0 && (
              <ol className="space-y-2 border-l-2 border-slate-200 pl-3" data-testid="care-replies">
                {post.replies.map((r) => (
                  <li key={r.id} id={`post-${r.id}`} data-testid="care-reply">
                    <PostBody
                      post={r}
                      t={t}
                      locale={locale}
                      patientId={patient.id}
                      meId={me.practitionerId}
                    />
                  </li>
                ))}
              </ol>
            )}
            {board.isMember && (
              <PostComposer patientId={patient.id} parentId={post.id} labels={composerLabels} />
            )}
          </article>
        ))}
        {board.hasMore && board.posts.length > 0 && (
          <Link
            href={`/patients/${patient.id}/care-team?before=${encodeURIComponent(
              board.posts[board.posts.length - 1]!.createdAt.toISOString(),
            )}`}
            className="btn-secondary inline-flex min-h-11 items-center"
          >
            {c.olderPosts}
          </Link>
        )}
      </section>

      <section className="card space-y-2" data-testid="care-visits">
        <h2 className="font-semibold">{c.visits}</h2>
        {board.visits.length === 0 ? (
          <p className="text-sm text-slate-600">{c.visitsNone}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {board.visits.map((v) => (
              <li
                key={v.id}
                className="flex flex-wrap items-center gap-2 py-2 text-sm"
                data-testid="care-visit"
              >
                <span className="font-medium">{formatDateTime(v.startsAt, locale)}</span>
                <span>
                  {v.durationMinutes}分 ・ {person(v)} ・ {v.facilityName}
                </span>
                {v.purpose && <span className="text-slate-600">{v.purpose}</span>}
                {board.isMember && (
                  <span className="ml-auto">
                    <CancelVisitButton patientId={patient.id} visitId={v.id} label={c.cancelVisit} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {board.isMember && (
          <details>
            <summary className="cursor-pointer text-sm font-medium">{c.scheduleVisit}</summary>
            <div className="mt-2">
              <ScheduleVisitForm
                patientId={patient.id}
                selfId={me.practitionerId}
                members={board.members.map((m) => ({ practitionerId: m.practitionerId, label: person(m) }))}
                labels={{
                  visitor: c.visitor,
                  visitAt: c.visitAt,
                  duration: c.duration,
                  purpose: c.purpose,
                  schedule: c.schedule,
                }}
              />
            </div>
          </details>
        )}
      </section>

      <section className="card space-y-2" data-testid="care-members">
        <h2 className="font-semibold">{c.members}</h2>
        <ul className="divide-y divide-slate-100">
          {board.members.map((m) => (
            <li
              key={m.practitionerId}
              className="flex flex-wrap items-center gap-2 py-2 text-sm"
              data-testid="care-member"
            >
              <span className="badge bg-brand-50 text-brand-800">{profession(m.profession)}</span>
              <span className="font-medium">
                {m.familyName} {m.givenName}
              </span>
              <span className="text-slate-600">
                {m.facilityName}（{t.common.facilityKinds[m.facilityKind]}）
              </span>
              {board.isMember && (
                <span className="ml-auto">
                  <RemoveMemberButton
                    patientId={patient.id}
                    practitionerId={m.practitionerId}
                    labels={{ remove: c.remove, removeConfirm: c.removeConfirm }}
                  />
                </span>
              )}
            </li>
          ))}
        </ul>
        {board.isMember && (
          <div className="space-y-1">
            <h3 className="text-sm font-medium">{c.addMember}</h3>
            <p className="text-xs text-slate-500">{c.addMemberHelp}</p>
            <AddMemberForm
              patientId={patient.id}
              founding={false}
              selfId={me.practitionerId}
              candidates={board.candidates.map((p) => ({
                practitionerId: p.practitionerId,
                label: `${p.familyName} ${p.givenName}（${profession(p.profession)}）${p.facilityName}`,
              }))}
              labels={{ add: c.add, choosePerson: c.choosePerson, startTeam: c.startTeam }}
            />
          </div>
        )}
      </section>
    </div>
  );
}

type PostView = Omit<CareTeamPost, "replies">;

function PostBody({
  post,
  t,
  locale,
  patientId,
  meId,
}: {
  post: PostView;
  t: Messages;
  locale: Locale;
  patientId: string;
  meId: string;
}) {
  const c = t.careTeam;
  const readers = post.readBy.filter((r) => r.practitionerId !== post.authorId);
  const vitals = post.vitals
    ? VITAL_FIELDS.filter((f) => post.vitals?.[f] !== undefined && f !== "diastolic")
    : [];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="badge bg-slate-100 text-slate-700">
          {t.common.professions[post.authorProfession]}
        </span>
        <span className="font-medium" data-testid="post-author">
          {post.authorFamilyName} {post.authorGivenName}
        </span>
        <span className="text-slate-500">{post.authorFacilityName}</span>
        <time className="text-xs text-slate-500">{formatDateTime(post.createdAt, locale)}</time>
        {!post.parentId && post.kind !== "note" && (
          <span className="badge bg-brand-50 text-brand-800">{c.kinds[post.kind]}</span>
        )}
      </div>
      {post.body && (
        <p className="whitespace-pre-wrap" data-testid="post-text">
          {post.body}
        </p>
      )}
      {vitals.length > 0 && (
        <dl
          className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md bg-slate-50 p-2 text-sm sm:grid-cols-3"
          data-testid="post-vitals"
        >
          {vitals.map((f) => (
            <div key={f}>
              <dt className="text-slate-500">
                {f === "systolic" ? (locale === "ja" ? "血圧" : "BP") : c.vitalFields[f]}
              </dt>
              <dd className="font-medium">
                {f === "systolic"
                  ? `${post.vitals!.systolic}/${post.vitals!.diastolic} mmHg`
                  : `${post.vitals![f]} ${VITAL_RANGES[f].unit}`}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {post.dailyLiving && (
        <dl className="text-sm">
          {(["meals", "excretion", "sleep"] as const)
            .filter((k) => post.dailyLiving?.[k])
            .map((k) => (
              <div key={k} className="flex gap-2">
                <dt className="text-slate-500">{c[k]}</dt>
                <dd>{post.dailyLiving![k]}</dd>
              </div>
            ))}
        </dl>
      )}
      {post.photos.length > 0 && (
        <div className="flex flex-wrap gap-2" data-testid="post-photos-shown">
          {post.photos.map((ph) => (
            <a
              key={ph.attachmentId}
              href={`/api/patients/${patientId}/care-team/photos/${ph.attachmentId}`}
              target="_blank"
              rel="noreferrer"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- an access-checked, audited route, not a static asset */}
              <img
                src={`/api/patients/${patientId}/care-team/photos/${ph.thumbnailId}?size=thumbnail`}
                alt={c.photos}
                className="h-24 w-24 rounded-md object-cover"
                data-testid="post-thumbnail"
              />
            </a>
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {post.needsReply && (
          <span
            className={`badge ${post.answeredAt ? "bg-green-100 text-green-800" : post.overdue ? "bg-red-600 text-white" : "bg-amber-100 text-amber-900"}`}
            data-testid="post-needs-reply"
          >
            {post.answeredAt ? c.answered : post.overdue ? c.overdue : c.waitingReply}
            {post.replyDueAt && !post.answeredAt
              ? ` ・ ${c.dueAt(formatDateTime(post.replyDueAt, locale))}`
              : ""}
          </span>
        )}
        {(post.mentionedPractitionerIds.length > 0 || post.mentionedProfessions.length > 0) && (
          <span className="text-slate-600" data-testid="post-mentions">
            {c.mentioned}:{" "}
            {[
              ...post.mentionedProfessions.map((p) => t.common.professions[p]),
              ...(post.mentionedPractitionerIds.includes(meId) ? [locale === "ja" ? "あなた" : "you"] : []),
              ...(post.mentionedPractitionerIds.filter((id) => id !== meId).length
                ? [
                    `${post.mentionedPractitionerIds.filter((id) => id !== meId).length}${locale === "ja" ? "名" : " member(s)"}`,
                  ]
                : []),
            ].join("、")}
          </span>
        )}
        <details className="text-slate-600" data-testid="post-read-receipts">
          <summary className="cursor-pointer" data-testid="post-read-count">
            {readers.length > 0 ? c.readBy(readers.length) : c.readByNone}
          </summary>
          <ul className="mt-1">
            {readers.map((r) => (
              <li key={r.practitionerId} data-testid="post-reader">
                {r.familyName} {r.givenName}（{t.common.professions[r.profession]}）
                {formatDateTime(r.readAt, locale)}
              </li>
            ))}
          </ul>
        </details>
      </div>
    </div>
  );
}
