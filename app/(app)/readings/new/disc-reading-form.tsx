"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import type { UploadInspection } from "@/server/domain/readings/check-reading-upload";
import {
  checkReadingUploadAction,
  requestReadingFromUploadAction,
  startReadingUploadAction,
} from "../actions";
import { fieldErrorOf, ReadingRequestFields, type Labels } from "./reading-request-form";
import type { readings } from "@/app/i18n/messages/readings";

type DiscLabels = (typeof readings)["ja"]["disc"];

/** How many files travel at once: enough to hide a request's latency, few enough for a clinic's line. */
const PARALLEL = 3;

/** A label's {placeholders} filled in (labels cross to the browser as plain strings). */
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (all, key: string) => String(params[key] ?? all));

/** A file's path on the disc as the folder input gives it (the folder's name first), else its name. */
const pathOf = (f: File) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

/**
 * CD/DVD から取り込む: the disc's folder (or files) chosen, declared, sent file by
 * file to the upload route, then checked on the server: the disc's patient
 * beside this patient, field by field; a refused disc says why, the files not
 * imported are named. The uploader confirms the patient and asks as with a study
 * in a PACS; the server stores the study in the reading hospital's PACS first.
 */
export function DiscReadingRequestForm({
  patientId,
  facilities,
  labels,
  disc,
  sexes,
}: {
  patientId: string;
  facilities: { id: string; name: string }[];
  labels: Labels;
  disc: DiscLabels;
  sexes: Record<string, string>;
}) {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [inspection, setInspection] = useState<UploadInspection | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult<{ readingId: string }> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = fieldErrors(result);
  const fieldError = fieldErrorOf(errors);

  const choose = (list: FileList | null) => {
    setFiles(list ? [...list] : []);
    setInspection(null);
    setUploadError(null);
    setResult(null);
  };

  const upload = () =>
    startTransition(async () => {
      setUploadError(null);
      const total = files.reduce((n, f) => n + f.size, 0);
      const started = await startReadingUploadAction({
        patientId,
        totalBytes: total,
        fileCount: files.length,
      });
      if (!started.ok) {
        setUploadError(started.error.message);
        return;
      }
      const { uploadId } = started.data;
      let next = 0;
      let done = 0;
      let failed: string | null = null;
      setProgress(fill(disc.uploading, { done: 0, total: files.length }));
      const worker = async () => {
        while (next < files.length && !failed) {
          const index = next++;
          const file = files[index]!;
          const res = await fetch(`/api/readings/uploads/${uploadId}/files/${index}`, {
            method: "PUT",
            headers: { "X-File-Name": encodeURIComponent(pathOf(file)) },
            body: file,
          });
          if (!res.ok) {
            const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
            failed = body?.error?.message ?? String(res.status);
            return;
          }
          setProgress(fill(disc.uploading, { done: ++done, total: files.length }));
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
      if (failed) {
        setProgress(null);
        setUploadError(failed);
        return;
      }
      setProgress(disc.checking);
      const checked = await checkReadingUploadAction({ uploadId });
      setProgress(null);
      if (!checked.ok) setUploadError(checked.error.message);
      else setInspection(checked.data);
    });

  const submit = (form: FormData) =>
    startTransition(async () => {
      if (!inspection) return;
      const r = await requestReadingFromUploadAction({
        uploadId: inspection.uploadId,
        studyUid: form.get("studyUid"),
        confirmed: form.get("confirmed") === "on",
        readingFacilityId: form.get("readingFacilityId"),
        clinicalQuestion: form.get("clinicalQuestion"),
        relevantHistory: form.get("relevantHistory"),
        urgency: form.get("urgency"),
      });
      setResult(r);
      if (r.ok) router.push(`/readings/${r.data.readingId}`);
    });

  const totalMb = (files.reduce((n, f) => n + f.size, 0) / 1024 / 1024).toFixed(1);
  const c = inspection?.comparison;
  const mark = (field: "patientId" | "name" | "birthDate") =>
    c ? (
      c.differs.includes(field) ? (
        <span className="font-semibold text-red-700" data-testid={`disc-differs-${field}`}>
          {disc.differs}
        </span>
      ) : (
        <span className="text-emerald-700">{disc.same}</span>
      )
    ) : null;

  return (
    <div className="space-y-4" data-testid="disc-reading-form">
      <section className="card space-y-3">
        <p className="text-sm text-slate-600">{disc.help}</p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <label className="btn-secondary w-full cursor-pointer sm:w-auto">
            {disc.chooseFolder}
            <input
              type="file"
              className="sr-only"
              multiple
              data-testid="disc-folder"
              onChange={(e) => choose(e.target.files)}
              {...{ webkitdirectory: "" }}
            />
          </label>
          <label className="btn-secondary w-full cursor-pointer sm:w-auto">
            {disc.chooseFiles}
            <input
              type="file"
              className="sr-only"
              multiple
              data-testid="disc-files"
              onChange={(e) => choose(e.target.files)}
            />
          </label>
        </div>
        {files.length > 0 && (
          <p className="text-sm">{fill(disc.chosen, { files: files.length, mb: totalMb })}</p>
        )}
        {files.length > 0 && !inspection && (
          <button
            type="button"
            className="btn-primary w-full sm:w-auto"
            disabled={pending}
            onClick={upload}
            data-testid="disc-upload"
          >
            {progress ?? disc.upload}
          </button>
        )}
        {uploadError && (
          <p className="text-sm text-red-700" role="alert" data-testid="disc-error">
            {uploadError}
          </p>
        )}
      </section>

      {inspection && (
        <section className="card space-y-3" data-testid="disc-check">
          <h2 className="font-semibold">{disc.check}</h2>
          {inspection.refusal && (
            <p className="font-medium text-red-700" role="alert" data-testid="disc-refusal">
              {disc.refusals[inspection.refusal]}
            </p>
          )}
          {inspection.dicomPatient && (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead>
                  <tr className="text-left text-slate-600">
                    <th className="py-1 pr-2" />
                    <th className="py-1 pr-2">{disc.onDisc}</th>
                    <th className="py-1 pr-2">{disc.patient}</th>
                    <th className="py-1" />
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th className="py-1 pr-2 text-left font-medium">{disc.patientId}</th>
                    <td className="py-1 pr-2 font-mono" data-testid="disc-patient-id">
                      {inspection.dicomPatient.patientId}
                    </td>
                    <td className="py-1 pr-2 font-mono">
                      {inspection.patient.localId ?? "—"}{" "}
                      {inspection.patient.localIdFacilityName && (
                        <span className="font-sans text-xs text-slate-500">
                          {fill(disc.localIdAt, { facility: inspection.patient.localIdFacilityName })}
                        </span>
                      )}
                    </td>
                    <td className="py-1">{mark("patientId")}</td>
                  </tr>
                  <tr>
                    <th className="py-1 pr-2 text-left font-medium">{disc.name}</th>
                    <td className="py-1 pr-2">
                      {inspection.dicomPatient.displayName}
                      {inspection.dicomPatient.kana && (
                        <span className="block text-xs text-slate-500">{inspection.dicomPatient.kana}</span>
                      )}
                    </td>
                    <td className="py-1 pr-2">
                      {inspection.patient.name}
                      <span className="block text-xs text-slate-500">{inspection.patient.kana}</span>
                    </td>
                    <td className="py-1">{mark("name")}</td>
                  </tr>
                  <tr>
                    <th className="py-1 pr-2 text-left font-medium">{disc.birthDate}</th>
                    <td className="py-1 pr-2 font-mono">{inspection.dicomPatient.birthDate ?? "—"}</td>
                    <td className="py-1 pr-2 font-mono">{inspection.patient.birthDate}</td>
                    <td className="py-1">{mark("birthDate")}</td>
                  </tr>
                  <tr>
                    <th className="py-1 pr-2 text-left font-medium">{disc.sex}</th>
                    <td className="py-1 pr-2">{inspection.dicomPatient.sex || "—"}</td>
                    <td className="py-1 pr-2">{sexes[inspection.patient.sex] ?? inspection.patient.sex}</td>
                    <td />
                  </tr>
                </tbody>
              </table>
              {c?.nameOnlyLatin && <p className="text-sm text-red-700">{disc.nameOnlyLatin}</p>}
            </div>
          )}
          {inspection.refusedFiles.length > 0 && (
            <div data-testid="disc-refused-files">
              <h3 className="text-sm font-semibold">{disc.refusedFiles}</h3>
              <ul className="list-disc pl-5 text-sm">
                {inspection.refusedFiles.map((f) => (
                  <li key={f.name} className="break-all">
                    {f.name}：{disc.reasons[f.reason]}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {inspection.skipped > 0 && (
            <p className="text-xs text-slate-500">{fill(disc.skipped, { n: inspection.skipped })}</p>
          )}
          {inspection.refusal && (
            <button type="button" className="btn-secondary" onClick={() => choose(null)}>
              {disc.again}
            </button>
          )}
        </section>
      )}

      {inspection && !inspection.refusal && (
        <form action={submit} className="card space-y-4" data-testid="disc-request-form">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{disc.studies}</legend>
            {inspection.studies.map((s, i) => (
              <label
                key={s.studyUid}
                className="flex min-h-11 items-start gap-2"
                aria-label={s.description || s.modalities.join("・") || s.studyUid}
              >
                <input
                  type="radio"
                  name="studyUid"
                  value={s.studyUid}
                  defaultChecked={i === 0}
                  className="mt-1"
                />
                <span className="text-sm">
                  <span className="font-medium">{s.description || s.modalities.join("・")}</span>
                  <span className="block text-slate-600">
                    {[
                      s.date,
                      s.modalities.join("・"),
                      fill(disc.studyLine, { series: s.series, images: s.images }),
                    ]
                      .filter(Boolean)
                      .join(" ・ ")}
                  </span>
                </span>
              </label>
            ))}
            {fieldError("studyUid")}
          </fieldset>
          <label className="flex min-h-11 items-start gap-2 rounded border border-amber-300 bg-amber-50 p-2">
            <input type="checkbox" name="confirmed" className="mt-1" required data-testid="disc-confirm" />
            <span className="text-sm font-medium">{disc.confirm}</span>
          </label>
          {fieldError("confirmed")}
          <ReadingRequestFields facilities={facilities} labels={labels} fieldError={fieldError} />
          {result && !result.ok && (
            <p className="text-sm text-red-700" role="alert" data-testid="disc-request-error">
              {result.error.message}
            </p>
          )}
          <button
            type="submit"
            className="btn-primary w-full sm:w-auto"
            disabled={pending}
            data-testid="send-disc-reading"
          >
            {pending ? disc.storing : labels.send}
          </button>
        </form>
      )}
    </div>
  );
}
