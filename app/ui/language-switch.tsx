import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { LOCALE_COOKIE, type Locale } from "../i18n";

async function setLocale(form: FormData) {
  "use server";
  // anything but the form's own "en" (another value, or no form at all) is the default
  const locale = form instanceof FormData && form.get("locale") === "en" ? "en" : "ja";
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
  revalidatePath("/", "layout");
}

/** 日本語 / English toggle; a plain form, so it works before any JavaScript loads. */
export function LanguageSwitch({ locale, label }: { locale: Locale; label: string }) {
  const other: Locale = locale === "ja" ? "en" : "ja";
  return (
    <form action={setLocale} aria-label={label}>
      <input type="hidden" name="locale" value={other} />
      <button type="submit" className="btn-secondary min-h-9 px-3 py-1 text-xs" lang={other}>
        {other === "en" ? "English" : "日本語"}
      </button>
    </form>
  );
}
