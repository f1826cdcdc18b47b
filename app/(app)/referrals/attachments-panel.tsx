"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { removeReferralAttachmentAction } from "./[referralId]/edit/actions";

export interface AttachmentLine {
  id: string;
  fileName: string;
  mediaType: string;
  size: string;
  part: "letter" | "reply";
  addedAt: string;
}

export interface AttachmentLabels {
  title: string;
  help: string;
  choose: string;
  upload: string;
  uploading: string;
  remove: string;
  none: string;
  tooLarge: string;
  download: string;
  failed: string;
}

/**
 * A referral's files: download links for every party, upload (multipart to the
 * route handler, which refuses too large a body before reading it) and removal
 * while the letter is a draft.
 */
export function AttachmentsPanel({
  referralId,
  attachments,
  maxBytes,
  canUpload,
  canRemove,
  labels,
}: {
  referralId: string;
  attachments: AttachmentLine[];
  maxBytes: number;
  canUpload: boolean;
  canRemove: boolean;
  labels: AttachmentLabels;
}) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [pending, startTransition] = useTransition();

  const upload = async () => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > maxBytes) {
      setError(`${labels.tooLarge}（${(maxBytes / 1024 / 1024).toFixed(0)} MB）`);
      return;
    }
    setUploading(true);
    try {
      const body = new FormData();
      body.set("file", file);
      const response = await fetch(`/api/referrals/${referralId}/attachments`, { method: "POST", body });
      if (!response.ok) {
        const json = (await response.json().catch(() => null)) as {
          error?: { message?: string; fields?: { message: string }[] };
        } | null;
        setError(json?.error?.fields?.[0]?.message ?? json?.error?.message ?? labels.failed);
        return;
      }
      if (input.current) input.current.value = "";
      router.refresh();
    } catch {
      setError(labels.failed);
    } finally {
      setUploading(false);
    }
  };

  const remove = (attachmentId: string) =>
    startTransition(async () => {
      const r = await removeReferralAttachmentAction(referralId, attachmentId);
      if (r.ok) router.refresh();
      else setError(r.error.message);
    });

  return (
    <section className="card space-y-3" data-testid="attachments">
      <h2 className="font-semibold">{labels.title}</h2>
      {attachments.length === 0 ? (
        <p className="text-sm text-slate-600">{labels.none}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {attachments.map((a) => (
            <li
              key={a.id}
              className="flex flex-wrap items-center gap-2 py-2 text-sm"
              data-testid="attachment"
            >
              <a
                className="font-medium text-brand-700 underline"
                href={`/api/referrals/${referralId}/attachments/${a.id}`}
                download={a.fileName}
              >
                {a.fileName}
              </a>
              <span className="text-xs text-slate-500">
                {a.mediaType} ・ {a.size} ・ {a.addedAt}
              </span>
              {canRemove && a.part === "letter" && (
                <button
                  type="button"
                  className="btn-secondary ml-auto min-h-9 px-3 py-1"
                  disabled={pending}
                  onClick={() => remove(a.id)}
                >
                  {labels.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <div className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
          <div>
            <label className="label" htmlFor={`attachment-file-${referralId}`}>
              {labels.choose}
            </label>
            <input
              ref={input}
              className="input"
              type="file"
              id={`attachment-file-${referralId}`}
              accept="application/pdf,image/jpeg,image/png,application/dicom,.dcm"
            />
            <p className="mt-1 text-xs text-slate-600">{labels.help}</p>
          </div>
          <button type="button" className="btn-secondary" onClick={() => void upload()} disabled={uploading}>
            {uploading ? labels.uploading : labels.upload}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
