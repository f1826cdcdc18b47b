import type { SessionPractitioner } from "@/server/domain/auth/sessions";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import type { PatientView } from "@/server/domain/patients/get-patient";
import type { Messages } from "@/app/i18n";
import type { FacilityOption } from "@/app/ui/facility-checklist";
import { ConsentEventForm } from "@/app/(app)/patients/[patientId]/consent-forms";
import { consentFormLabels } from "@/app/(app)/patients/[patientId]/consent-form-labels";

/**
 * After a handover was refused because the next facility is outside the
 * patient's consent: the patient page's consent forms with that facility
 * ticked (連携先追加), for each consent this practitioner may record on, or a
 * new consent signed here; for the others, who records it.
 */
export function HandoverConsentPanel({
  me,
  view,
  facility,
  facilities,
  t,
}: {
  me: SessionPractitioner;
  view: PatientView;
  facility: { id: string; name: string };
  /** the active facilities, for the checklist */
  facilities: FacilityOption[];
  t: Messages;
}) {
  const k = t.pathways.consent;
  if (view.currentScope.some((s) => s.facilityId === facility.id)) {
    return (
      <p
        id="consent"
        role="status"
        className="card border-green-300 bg-green-50 text-green-900"
        data-testid="consent-now-ok"
      >
        {k.nowInScope(facility.name)}
      </p>
    );
  }
  const active = view.consents.filter((c) => !c.withdrawnOn);
  const recordable = active.filter((c) => mayRecordConsentAt(me, c.facilityId));
  const mayGrantHere =
    mayRecordConsentAt(me, me.facilityId) && !active.some((c) => c.facilityId === me.facilityId);
  // the facility first, ticked
  const options = [...facilities].sort((a, b) => Number(b.id === facility.id) - Number(a.id === facility.id));
  const labels = consentFormLabels(t);
  return (
    <section id="consent" className="card space-y-3 border-amber-300" data-testid="consent-required">
      <h2 className="font-semibold text-amber-950">{k.title}</h2>
      <p className="text-sm text-slate-700">{k.help}</p>
      {active.map((c) =>
        recordable.includes(c) ? (
          <div key={c.id} className="space-y-1">
            <p className="text-sm font-medium">
              {c.facilityName}（{t.patients.obtainedOn}: {c.obtainedOn}）
            </p>
            <ConsentEventForm
              mode="add"
              patientId={view.patient.id}
              consentId={c.id}
              facilities={options}
              labels={labels}
              checkedFacilityIds={[facility.id]}
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
            checkedFacilityIds={[facility.id]}
            refreshOnSuccess
          />
        </div>
      )}
    </section>
  );
}
