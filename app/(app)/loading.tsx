import { getI18n } from "../i18n";

/** Shown at once while a signed-in page renders on the server, so a click visibly did something. */
export default async function Loading() {
  const { t } = await getI18n();
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-10 text-slate-600">
      <span
        aria-hidden="true"
        className="size-5 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
      />
      {t.common.frame.loading}
    </div>
  );
}
