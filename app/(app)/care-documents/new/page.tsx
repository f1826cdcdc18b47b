import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isCareDocumentKind } from "@/server/model/care-documents/registry";
import { getI18n, titled } from "@/app/i18n";
import { StartCareDocumentButton } from "../start-care-document";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.newCareDocument");

type Search = Record<string, string | string[] | undefined>;

/**
 * /care-documents/new?kind=…&patientId=…: the entry from the patient page.
 * Nothing is written on GET: the button starts the draft (the domain checks
 * the kind, the author's profession and facility, and the patient's consent).
 */
export default async function NewCareDocumentPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePractitioner();
  const { t } = await getI18n();
  const m = t.careDocuments;
  const search = await searchParams;
  const kind = one(search.kind);
  const patientId = one(search.patientId);
  if (!isCareDocumentKind(kind) || !patientId) {
    return (
      <p className="card text-slate-700">
        {m.newHelp}{" "}
        <Link className="text-brand-700 underline" href="/patients">
          {t.patients.tasks.search}
        </Link>
      </p>
    );
  }
  return (
    <section className="card space-y-3" data-testid="new-care-document">
      <h1 className="text-lg font-bold">{m.kinds[kind]}</h1>
      <p className="text-sm text-slate-600">{m.newHelp}</p>
      <StartCareDocumentButton kind={kind} patientId={patientId} label={m.start} starting={m.starting} />
    </section>
  );
}
