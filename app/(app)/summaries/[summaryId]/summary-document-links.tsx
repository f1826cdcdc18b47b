/**
 * PDF / FHIR downloads of one sent version: the routes
 * /api/summaries/[id]/summary.pdf and /api/summaries/[id]/summary.fhir.json,
 * both taking ?version=N. The one place that links to them.
 */
export function SummaryDocumentLinks({
  summaryId,
  version,
  labels,
}: {
  summaryId: string;
  version: number;
  labels: { documents: string; pdf: string; fhir: string };
}) {
  const query = `?version=${version}`;
  return (
    <span className="flex flex-wrap items-center gap-3 text-sm" data-testid="summary-documents">
      <span className="text-slate-500">{labels.documents}:</span>
      <a className="text-brand-700 underline" href={`/api/summaries/${summaryId}/summary.pdf${query}`}>
        {labels.pdf}
      </a>
      <a className="text-brand-700 underline" href={`/api/summaries/${summaryId}/summary.fhir.json${query}`}>
        {labels.fhir}
      </a>
    </span>
  );
}
