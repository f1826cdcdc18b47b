import { notFound, redirect } from "next/navigation";
import { env } from "@/server/env";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getPatient, type PatientView } from "@/server/domain/patients/get-patient";
import { getReferral } from "@/server/domain/referrals/get-referral";
import { ReferralLetterContent } from "@/server/model/referral-letter";
import { listReferralDestinations } from "@/server/domain/referrals/referral-destination";
import { getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { AttachmentsPanel } from "../../attachments-panel";
import { attachmentLines, attachmentLabels } from "../../attachment-lines";
import { ConsentRequiredPanel } from "@/app/(app)/patients/[patientId]/consent-required-panel";
import { ReferralEditor } from "./referral-editor";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.referralLetter");

export default async function EditReferralPage({
  params,
  searchParams,
}: {
  params: Promise<{ referralId: string }>;
  searchParams: Promise<{ consent?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const r = t.referrals;
  const { referralId } = await params;
  let view: Awaited<ReturnType<typeof getReferral>>;
  try {
    view = await call(getReferral, me, referralId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return <RefusedCard>{tr(e)}</RefusedCard>;
  }
  if (view.side !== "referrer" || view.referral.status !== "draft") redirect(`/referrals/${referralId}`);

  const { referral, patient } = view;
  const destinations = await call(listReferralDestinations, me);
  // the consent forms only after a send was refused for consent: they read the patient's consents (audited)
  let consentView: PatientView | null = null;
  if ((await searchParams).consent === "required") {
    try {
      consentView = await call(getPatient, me, { patientId: patient.id });
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }

  return (
    <div className="space-y-4">
      <header className="card" data-testid="referral-patient-header">
        <p className="text-sm text-slate-500">
          {r.editor.title} ・ {r.statuses.draft}
        </p>
        <PatientHeading patient={patient} t={t} locale={locale} />
      </header>
      <ReferralEditor
        referralId={referral.id}
        initialVersion={referral.version}
        serverUpdatedAt={referral.updatedAt.toISOString()}
        initialDraft={{
          destinationFacilityId: referral.destinationFacilityId,
          destinationDepartmentId: referral.destinationDepartmentId,
          destinationPractitionerId: referral.destinationPractitionerId,
          priority: referral.priority,
          requestedBy: referral.requestedBy ?? "",
          referrerDepartment: referral.referrerDepartment,
          // older rows may miss sections added since: the schema fills them in
          content: ReferralLetterContent.parse(referral.content),
        }}
        destinations={destinations}
        kindLabels={t.common.facilityKinds}
        locale={locale}
        labels={{
          letter: r.letter,
          editor: r.editor,
          destination: r.destination,
          priority: r.create.priority,
          priorities: r.priorities,
          requestedBy: r.create.requestedBy,
          referrerDepartment: r.create.referrerDepartment,
        }}
        consentPanel={
          consentView && (
            <ConsentRequiredPanel
              me={me}
              view={consentView}
              facilityId={referral.destinationFacilityId}
              texts={r.consent}
              t={t}
            />
          )
        }
      >
        <AttachmentsPanel
          referralId={referral.id}
          attachments={attachmentLines(view.attachments, locale)}
          maxBytes={env().REFERRAL_ATTACHMENT_MAX_BYTES}
          canUpload
          canRemove
          labels={attachmentLabels(t)}
        />
      </ReferralEditor>
    </div>
  );
}
