import type { Db } from "../../db/client";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { loadSummary, SUMMARY_AUTHOR_PROFESSIONS } from "./load-summary";
import { loadSummaryParts } from "./summary-parts";
import { summarySectionsFor } from "./summary-sections";
import { auditSummaries } from "./summaries-audit";

const personName = (p: { familyName: string; givenName: string } | null) =>
  p ? `${p.familyName} ${p.givenName}` : null;

/**
 * One discharge summary as its reader sees it: a version (the latest sent one
 * unless another is asked for; the author also sees the working copy), every
 * version's date and reason, where it went and who confirmed receipt, the
 * reader's sections first, and which commands are open to the reader.
 */
export async function getSummary(
  db: Db,
  actor: Actor,
  summaryId: string,
  options: { version?: number | "draft" } = {},
) {
  const access = await loadSummary(db, actor, summaryId, "summary.view");
  const s = access.summary;
  const parts = await loadSummaryParts(db, s);
  const author = access.side === "author";

  const wanted = options.version ?? (author && s.draftContent ? "draft" : s.sentVersion);
  let shown: {
    version: number | "draft";
    content: NonNullable<typeof s.draftContent>;
    issuedAt: Date | null;
    amendmentNote: string;
    authorName: string | null;
  };
  if (wanted === "draft") {
    if (!author || !s.draftContent) throw noSuchVersion();
    shown = {
      version: "draft",
      content: s.draftContent,
      issuedAt: null,
      amendmentNote: s.draftAmendmentNote,
      authorName: personName(parts.practitioner(s.authorId)),
    };
  } else {
    const v = parts.versions.find((x) => x.version === wanted);
    // a recipient added by an amendment still reads the earlier versions: they are the same patient's record
    if (!v) throw noSuchVersion();
    shown = {
      version: v.version,
      content: v.content,
      issuedAt: v.issuedAt,
      amendmentNote: v.amendmentNote,
      authorName: personName(parts.practitioner(v.authorId)),
    };
  }
  await auditSummaries(db, actor, "summary.view", {
    patientId: s.patientId,
    details: { summaryId, version: shown.version },
  });

  const authorFacility = parts.facility(s.authorFacilityId);
  const mayWrite = author && SUMMARY_AUTHOR_PROFESSIONS.includes(actor.profession);
  const myAck =
    typeof shown.version === "number"
      ? (parts.acknowledgements.find(
          (a) => a.version === shown.version && a.facilityId === actor.facilityId,
        ) ?? null)
      : null;
  const referral =
    parts.referral &&
    (parts.referral.referrerFacilityId === actor.facilityId ||
      parts.referral.destinationFacilityId === actor.facilityId)
      ? { id: parts.referral.id, documentNumber: parts.referral.documentNumber }
      : null;

  return {
    id: s.id,
    status: s.status,
    revision: s.revision,
    /** when the working copy was last saved (the editor compares it with a local copy) */
    updatedAt: s.updatedAt,
    documentNumber: s.documentNumber,
    sentVersion: s.sentVersion,
    side: access.side,
    patient: {
      id: parts.patient.id,
      regionalId: parts.patient.regionalId,
      familyName: parts.patient.familyName,
      givenName: parts.patient.givenName,
      familyNameKana: parts.patient.familyNameKana,
      givenNameKana: parts.patient.givenNameKana,
      birthDate: parts.patient.birthDate,
      sex: parts.patient.sex,
    },
    author: {
      facilityName: authorFacility.name,
      department: s.authorDepartment,
      name: personName(parts.practitioner(s.authorId)),
    },
    referral,
    shown,
    draftAmendmentNote: s.draftAmendmentNote,
    versions: parts.versions.map((v) => ({
      version: v.version,
      issuedAt: v.issuedAt,
      amendmentNote: v.amendmentNote,
      authorName: personName(parts.practitioner(v.authorId)),
    })),
    recipients: parts.recipients
      // a recipient only sees the other recipients of what was sent, never the author's draft choices
      .filter((r) => author || r.sinceVersion !== null)
      .map((r) => ({
        facilityId: r.facilityId,
        facilityName: parts.facility(r.facilityId).name,
        facilityKind: parts.facility(r.facilityId).kind,
        kind: r.kind,
        practitionerId: r.practitionerId,
        practitionerName: personName(parts.practitioner(r.practitionerId)),
        sinceVersion: r.sinceVersion,
        acknowledgements: parts.acknowledgements
          .filter((a) => a.facilityId === r.facilityId)
          .map((a) => ({
            version: a.version,
            at: a.at,
            byName: personName(parts.practitioner(a.practitionerId)),
          })),
      })),
    myAcknowledgement: myAck
      ? { at: myAck.at, byName: personName(parts.practitioner(myAck.practitionerId)) }
      : null,
    sections: summarySectionsFor(actor.profession),
    can: {
      edit: mayWrite && (s.status === "draft" || s.status === "amending"),
      amend: mayWrite && s.status === "sent",
      acknowledge:
        access.side === "recipient" &&
        typeof shown.version === "number" &&
        shown.version >= (access.recipient?.sinceVersion ?? Infinity) &&
        !myAck,
    },
  };
}
export type SummaryView = Awaited<ReturnType<typeof getSummary>>;

const noSuchVersion = () => new DomainError("NOT_FOUND", msg("summaries.noSuchVersion"));
