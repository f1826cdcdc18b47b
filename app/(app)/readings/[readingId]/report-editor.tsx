"use client";

import { useState, useTransition, type ReactNode } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import type { ReadingReportContent } from "@/server/model/reading-report";
import { saveReadingDraftAction, signReadingReportAction } from "../actions";

export interface ReportEditorLabels {
  title: string;
  findings: string;
  impression: string;
  recommendations: string;
  amendmentNote: string;
  saveDraft: string;
  saved: string;
  sign: string;
  signConfirm: string;
  conflict: string;
  showLatest: string;
}

/**
 * The reading physician's report form (所見・診断・推奨): saved as a draft at
 * will, signed when findings and impression are written. An amendment asks
 * why; signing it makes the next version and keeps the earlier ones.
 */
export function ReportEditor({
  readingId,
  revision: initialRevision,
  initial,
  amending,
  initialAmendmentNote,
  labels,
  children,
}: {
  /** the key images of the version being written, under the text */
  children?: ReactNode;
  readingId: string;
  revision: number;
  initial: ReadingReportContent;
  amending: boolean;
  initialAmendmentNote: string;
  labels: ReportEditorLabels;
}) {
  const [pending, startTransition] = useTransition();
  const [content, setContent] = useState(initial);
  const [amendmentNote, setAmendmentNote] = useState(initialAmendmentNote);
  const [revision, setRevision] = useState(initialRevision);
  const [result, setResult] = useState<ActionResult<{ revision: number }> | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(result);
  const input = () => ({ readingId, revision, content, amendmentNote });

  const save = () =>
    startTransition(async () => {
      const r = await saveReadingDraftAction(input());
      setResult(r);
      if (r.ok) {
        setRevision(r.data.revision);
        setSaved(true);
      }
    });
  const sign = () => {
    if (!window.confirm(labels.signConfirm)) return;
    startTransition(async () => {
      setResult(await signReadingReportAction(input()));
    });
  };
  const area = (name: keyof ReadingReportContent, label: string, rows: number, max: number) => (
    <label className="block space-y-1">
      <span className="text-sm font-medium">{label}</span>
      <textarea
        name={name}
        className="input w-full"
        rows={rows}
        maxLength={max}
        value={content[name]}
        onChange={(e) => {
          setSaved(false);
          setContent({ ...content, [name]: e.target.value });
        }}
        data-testid={`report-${name}`}
      />
      {errors[`content.${name}`] && (
        <p className="text-sm text-red-700" role="alert">
          {errors[`content.${name}`]}
        </p>
      )}
    </label>
  );
  return (
    <section className="card space-y-3" data-testid="report-editor">
      <h2 className="font-semibold">{labels.title}</h2>
      {area("findings", labels.findings, 8, 8000)}
      {area("impression", labels.impression, 3, 4000)}
      {area("recommendations", labels.recommendations, 3, 4000)}
      {children}
      {amending && (
        <label className="block space-y-1">
          <span className="text-sm font-medium">{labels.amendmentNote}</span>
          <input
            className="input w-full"
            value={amendmentNote}
            maxLength={1000}
            onChange={(e) => setAmendmentNote(e.target.value)}
            data-testid="report-amendment-note"
          />
          {errors.amendmentNote && (
            <p className="text-sm text-red-700" role="alert">
              {errors.amendmentNote}
            </p>
          )}
        </label>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="btn-secondary"
          disabled={pending}
          onClick={save}
          data-testid="save-report"
        >
          {labels.saveDraft}
        </button>
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={sign}
          data-testid="sign-report"
        >
          {labels.sign}
        </button>
        {saved && <span className="text-sm text-green-700">{labels.saved}</span>}
      </div>
      <CommandOutcome result={result} labels={labels} staleField="revision" />
    </section>
  );
}
