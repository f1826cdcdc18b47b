import { env } from "@/server/env";
import { formatDateTime, type Locale, type Messages } from "@/app/i18n";
import type { AttachmentLabels, AttachmentLine } from "./attachments-panel";

/** A referral's attachments as plain lines for the client panel. */
export function attachmentLines(
  files: {
    id: string;
    fileName: string;
    mediaType: string;
    byteSize: number;
    createdAt: Date;
    part: "letter" | "reply";
  }[],
  locale: Locale,
): AttachmentLine[] {
  return files.map((f) => ({
    id: f.id,
    fileName: f.fileName,
    mediaType: f.mediaType,
    size:
      f.byteSize < 1024 * 1024
        ? `${Math.max(1, Math.round(f.byteSize / 1024))} KB`
        : `${(f.byteSize / 1024 / 1024).toFixed(1)} MB`,
    part: f.part,
    addedAt: formatDateTime(f.createdAt, locale),
  }));
}

export function attachmentLabels(t: Messages): AttachmentLabels {
  const a = t.referrals.attachments;
  return { ...a, help: a.help(Math.floor(env().REFERRAL_ATTACHMENT_MAX_BYTES / 1024 / 1024)) };
}
