import type { SessionPractitioner } from "@/server/domain/auth/sessions";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import type { PatientView } from "@/server/domain/patients/get-patient";
import type { Messages } from "@/app/i18n";
import type { FacilityOption } from "@/app/ui/facility-checklist";
import { ConsentEventForm } from "./consent-forms";
import { consentFormLabels } from "./consent-form-labels";
import { call } from "@/app/lib/call";

/** What the panel says, in the words of the refused command (a referral's send, a pathway's handover). */
export interface ConsentRequiredTexts {
  title: string;
  help: string;
  /** once the facility is inside the consent: do it again */
  nowInScope: string;
  heldAt: (facility: string) => string;
  grantHere: string;
}

/**
 * After a command was refused because a facility (a referral's destination, a
 * pathway's next facility) is outside the patient's consent: the patient page's
 * consent forms, with that facility ticked, for each consent this practitioner
 * may record on (連携先追加), or a new consent signed here; for the others, who
 * records it. `id="consent"` is the anchor a refused command scrolls to.
 */
export async function ConsentRequiredPanel({
  me,
  view,
  facilityId,
  texts,
  t,
}: {
  me: SessionPractitioner;
  view: PatientView;
  facilityId: string;
  texts: ConsentRequiredTexts;
  t: Messages;
}) {
  if (view.currentScope.some((s) => s.facilityId === facilityId)) {
    return (
      <p
        id="consent"
        role="status"
        className="card border-green-300 bg-green-50 text-green-900"
        data-testid="consent-now-ok"
      >
        {texts.nowInScope}
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
          // the facility first, ticked
          .sort((a, b) => Number(b.id === facilityId) - Number(a.id === facilityId))
      : [];
  const labels = consentFormLabels(t);
  return (
    <section id="consent" className="card space-y-3 border-amber-300" data-testid="consent-required">
      <h2 className="font-semibold text-amber-950">{texts.title}</h2>
      <p className="text-sm text-slate-700">{texts.help}</p>
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
              checkedFacilityIds={[facilityId]}
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
            {texts.heldAt(c.facilityName)}
          </p>
        ),
      )}
      {mayGrantHere && (
        <div className="space-y-1">
          <p className="text-sm text-slate-700">{texts.grantHere}</p>
          <ConsentEventForm
            mode="grant"
            patientId={view.patient.id}
            facilities={options}
            labels={labels}
            checkedFacilityIds={[facilityId]}
            refreshOnSuccess
          />
        </div>
      )}
    </section>
  );
}
