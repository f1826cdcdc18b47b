import type { Db } from "../../db/client";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import type { DischargeSummaryDocument } from "../../model/documents";
import { documentFacility, documentPatient, documentPractitioner } from "../documents/document-parties";
import { loadSummary } from "./load-summary";
import { loadSummaryParts } from "./summary-parts";
import { auditSummaries } from "./summaries-audit";

/**
 * The document model of one version of a discharge summary (the latest sent
 * one unless another is asked for; the author may also render the working
 * copy, marked 下書き), for the PDF and FHIR renderers, loaded inside the
 * reader's access and audited as an export.
 */
export async function dischargeSummaryDocument(
  db: Db,
  actor: Actor,
  summaryId: string,
  format: "pdf" | "fhir",
  requested?: number | "draft",
): Promise<DischargeSummaryDocument> {
  const { summary: s, side } = await loadSummary(db, actor, summaryId, "summary.document_export");
  const parts = await loadSummaryParts(db, s);
  const wanted = requested ?? (s.sentVersion > 0 ? s.sentVersion : "draft");
  const draft = wanted === "draft";
  if (draft && (side !== "author" || !s.draftContent)) throw noSuchVersion();
  const sent = draft ? null : parts.versions.find((v) => v.version === wanted);
  if (!draft && !sent) throw noSuchVersion();
  const version = sent?.version ?? s.sentVersion + 1;
  const previous = parts.versions.find((v) => v.version === version - 1) ?? null;
  const note = sent ? sent.amendmentNote : s.draftAmendmentNote;

  await auditSummaries(db, actor, "summary.document_export", {
    patientId: s.patientId,
    details: { summaryId: s.id, version: wanted, format },
  });

  const person = (id: string | null) => {
    const p = parts.practitioner(id);
    return p ? documentPractitioner(p) : null;
  };
  return {
    summaryId: s.id,
    version,
    documentNumber: s.documentNumber ?? "draft",
    issuedAt: (sent?.issuedAt ?? new Date()).toISOString(),
    firstIssuedAt: (s.firstSentAt ?? sent?.issuedAt ?? new Date()).toISOString(),
    draft,
    amendment: previous
      ? { note, replacesVersion: previous.version, replacesIssuedAt: previous.issuedAt.toISOString() }
      : null,
    author: {
      facility: documentFacility(parts.facility(s.authorFacilityId)),
      department: s.authorDepartment,
      practitioner: person(sent?.authorId ?? s.authorId)!,
    },
    recipients: parts.recipients
      .filter((r) => (draft ? true : r.sinceVersion !== null && r.sinceVersion <= version))
      .map((r) => ({
        kind: r.kind,
        facility: documentFacility(parts.facility(r.facilityId)),
        practitioner: person(r.practitionerId),
      })),
    patient: documentPatient(parts.patient, parts.localId),
    referral:
      parts.referral && parts.referral.documentNumber && parts.referral.sentAt
        ? {
            documentNumber: parts.referral.documentNumber,
            issuedAt: parts.referral.sentAt.toISOString(),
            referrerFacility: documentFacility(parts.facility(parts.referral.referrerFacilityId)),
          }
        : null,
    content: sent?.content ?? s.draftContent!,
  };
}

const noSuchVersion = () => new DomainError("NOT_FOUND", msg("summaries.noSuchVersion"));
