import type { Metadata } from "next";
import Link from "next/link";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isNetworkAdmin } from "@/server/model/permissions";
import { listBreakGlassGrants } from "@/server/domain/consent/break-glass";
import { formatDateTime, getI18n } from "@/app/i18n";
import { ReviewButton } from "./review-button";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.audit.breakGlassTitle };
}

/** The network office reviews every emergency (break-glass) access, unreviewed first. */
export default async function BreakGlassReviewPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  if (!isNetworkAdmin(me)) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">{t.audit.breakGlassTitle}</h1>
        <p role="alert" className="card border-red-200 bg-red-50 text-red-800" data-testid="forbidden">
          {t.common.errors.forbidden}
        </p>
      </div>
    );
  }

  const grants = await call(listBreakGlassGrants, me);
  const b = t.audit.breakGlass;
  const cell = "flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3 md:align-top";
  const label = (text: string) => <span className="shrink-0 text-slate-500 md:hidden">{text}</span>;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t.audit.breakGlassTitle}</h1>
        <p className="mt-1 text-sm text-slate-600">{b.help}</p>
      </div>
      {grants.length === 0 ? (
        <p className="card text-sm text-slate-600">{b.noGrants}</p>
      ) : (
        <table className="block w-full text-sm md:table md:rounded-lg md:border md:border-slate-200 md:bg-white md:shadow-sm">
          <thead className="hidden bg-slate-50 text-left text-xs text-slate-600 md:table-header-group">
            <tr>
              <th className="px-4 py-2 font-medium">{b.openedAt}</th>
              <th className="px-4 py-2 font-medium">{b.practitioner}</th>
              <th className="px-4 py-2 font-medium">{b.patient}</th>
              <th className="px-4 py-2 font-medium">{b.reason}</th>
              <th className="px-4 py-2 font-medium">{b.expiresAt}</th>
              <th className="px-4 py-2 font-medium">{b.reviewed}</th>
            </tr>
          </thead>
          <tbody className="block space-y-3 md:table-row-group md:space-y-0">
            {grants.map((g) => (
              <tr
                key={g.id}
                data-testid="break-glass-row"
                data-reviewed={g.reviewedAt ? "true" : "false"}
                className={`block rounded-lg border p-4 shadow-sm md:table-row md:rounded-none md:border-0 md:border-t md:p-0 md:shadow-none ${
                  g.reviewedAt ? "border-slate-200 bg-white" : "border-amber-300 bg-amber-50"
                }`}
              >
                <td className={cell}>
                  {label(b.openedAt)}
                  <time dateTime={g.createdAt.toISOString()} className="whitespace-nowrap">
                    {formatDateTime(g.createdAt, locale)}
                  </time>
                </td>
                <td className={cell}>
                  {label(b.practitioner)}
                  <span className="text-right md:text-left">
                    <Link
                      href={`/audit?actorId=${g.practitionerId}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {g.practitionerName}
                    </Link>
                    <span className="block font-mono text-xs text-slate-600">{g.practitionerLoginId}</span>
                    <span className="block text-xs text-slate-500">{g.facilityName}</span>
                  </span>
                </td>
                <td className={cell}>
                  {label(b.patient)}
                  <Link
                    href={`/audit?historyFor=${g.patientId}`}
                    className="font-mono text-brand-700 hover:underline"
                    title={b.historyLink}
                    data-testid="break-glass-patient"
                  >
                    {g.patientRegionalId}
                  </Link>
                  {/* what was viewed under this access: the reader's events on this patient in its window */}
                  <Link
                    href={`/audit?${new URLSearchParams({
                      actorId: g.practitionerId,
                      patientId: g.patientRegionalId,
                      from: tokyoDateKey(g.createdAt),
                      to: tokyoDateKey(g.expiresAt),
                    }).toString()}`}
                    className="block text-xs text-brand-700 hover:underline"
                    data-testid="break-glass-viewed"
                  >
                    {b.viewedLink}
                  </Link>
                </td>
                <td className="block py-1 md:table-cell md:max-w-sm md:px-4 md:py-3 md:align-top">
                  <span className="block text-slate-500 md:hidden">{b.reason}</span>
                  <p className="whitespace-pre-line">{g.reason}</p>
                </td>
                <td className={cell}>
                  {label(b.expiresAt)}
                  <time dateTime={g.expiresAt.toISOString()} className="whitespace-nowrap">
                    {formatDateTime(g.expiresAt, locale)}
                  </time>
                </td>
                <td className="block pt-2 md:table-cell md:px-4 md:py-3 md:align-top">
                  {g.reviewedAt ? (
                    <span className="badge bg-green-100 text-green-800" data-testid="reviewed-at">
                      {b.reviewedAt} {formatDateTime(g.reviewedAt, locale)}
                    </span>
                  ) : (
                    <div className="space-y-2">
                      <span className="badge bg-amber-200 text-amber-900">{b.unreviewed}</span>
                      <ReviewButton
                        breakGlassId={g.id}
                        label={b.markReviewed}
                        pendingLabel={b.marking}
                        forbidden={t.common.errors.forbidden}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
