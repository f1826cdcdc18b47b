import Link from "next/link";
import { getI18n } from "../i18n";

/**
 * What every notFound() and unknown address shows, in the reader's language.
 * It says the same for "does not exist" and "not yours to see", so the page
 * never tells whether a patient or document exists.
 */
export async function NotFoundPanel() {
  const { t } = await getI18n();
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 py-10">
      <h1 className="text-xl font-semibold">{t.common.frame.notFoundTitle}</h1>
      <p className="text-slate-700">{t.common.frame.notFoundBody}</p>
      <p>
        <Link href="/" className="btn-primary inline-flex">
          {t.common.frame.home}
        </Link>
      </p>
    </div>
  );
}
