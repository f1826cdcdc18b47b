import type { SessionPractitioner } from "@/server/domain/auth/sessions";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import type { PatientView } from "@/server/domain/patients/get-patient";
import { getI18n } from "@/app/i18n";
import type { FacilityOption } from "@/app/ui/facility-checklist";
import { ConsentEventForm } from "@/app/(app)/patients/[patientId]/consent-forms";
import { consentFormLabels } from "@/app/(app)/patients/[patientId]/consent-form-labels";
import { call } from "@/app/lib/call";

/**
 * After a send was refused because the destination is outside the patient's
 * consent: the patient page's consent forms, with the destination ticked, for
 * each consent this practitioner may record on (連携先追加), or a new consent
 * signed here; for the others, who records it.
 */
export async function ConsentPanel({
  me,
  view,
  destinationFacilityId,
}: {
  me: SessionPractitioner;
  view: PatientView;
  destinationFacilityId: string;
}) {
  const { t } = await getI18n();
  const k = t.referrals.consent;
  const p = t.patients;
  if (view.currentScope.some((s) => s.facilityId === destinationFacilityId)) {
    return (
      <p
        role="status"
        className="card border-green-300 bg-green-50 text-green-900"
        data-testid="consent-now-ok"
      >
        {k.nowInScope}
      </p>
    );
  }
  const active = view.consents.filter((c) => !c.withdrawnOn);
  const recordable = active.filter((c) => mayRecordConsentAt(me, c.facilityId));
  const mayGrantHere =
    mayRecordConsentAt(me, me.facilityId) && !active.some((c) => c.facilityId === me.facilityId);
  const options: FacilityOption[] =
    recordable.length > 0 || mayGrantHere
      ? (await call(listFacilities))
          .filter((f) => f.active)
          .map((f) => ({ id: f.id, name: f.name, kindLabel: t.common.facilityKinds[f.kind] }))
          // the destination first, ticked
          .sort((a, b) => Number(b.id === destinationFacilityId) - Number(a.id === destinationFacilityId))
      : [];
  const labels = consentFormLabels(t);
  return (
    <section className="card space-y-3 border-amber-300" data-testid="consent-required">
      <h2 className="font-semibold text-amber-950">{k.title}</h2>
      <p className="text-sm text-slate-700">{k.help}</p>
      {active.map((c) =>
        recordable.includes(c) ? (
          <div key={c.id} className="space-y-1">
            <p className="text-sm font-medium">
              {c.facilityName}（{p.obtainedOn}: {c.obtainedOn}）
            </p>
            <ConsentEventForm
              mode="add"
              patientId={view.patient.id}
              consentId={c.id}
              facilities={options}
              labels={labels}
              checkedFacilityIds={[destinationFacilityId]}
              open
              refreshOnSuccess
            />
          </div>
        ) : (
          <p
            key={c.id}
            className="rounded-md bg-slate-50 p-3 text-sm text-slate-700"
            data-testid="consent-held-elsewhere"
          >
            {k.heldAt(c.facilityName)}
          </p>
        ),
      )}
      {mayGrantHere && (
        <div className="space-y-1">
          <p className="text-sm text-slate-700">{k.grantHere}</p>
          <ConsentEventForm
            mode="grant"
            patientId={view.patient.id}
            facilities={options}
            labels={labels}
            checkedFacilityIds={[destinationFacilityId]}
            refreshOnSuccess
          />
        </div>
      )}
    </section>
  );
}
