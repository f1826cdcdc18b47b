"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { PatientsMessages } from "@/app/i18n/messages/patients";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { FacilityChecklist, type FacilityOption } from "@/app/ui/facility-checklist";
import { FormAlert } from "@/app/ui/form-alert";
import { useFormAction } from "@/app/ui/use-form-action";
import {
  addConsentFacilityAction,
  breakGlassAction,
  consentFacilityOptionsAction,
  grantConsentAction,
  withdrawConsentAction,
} from "./actions";

type Labels = Pick<
  PatientsMessages,
  | "recordConsent"
  | "addFacility"
  | "withdraw"
  | "facilitiesToShare"
  | "facilitiesLoading"
  | "facilitiesFailed"
  | "signedDocument"
  | "effectiveOn"
  | "note"
  | "signedAt"
  | "signedAtChoose"
  | "facilitiesToWithdraw"
  | "withdrawHelp"
  | "leaveNetwork"
  | "leaveNetworkHelp"
  | "recorded"
  | "breakGlassReason"
  | "breakGlassOpen"
> & { submit: string };

type Action = (prev: unknown, form: FormData) => Promise<ActionResult<unknown>>;
type Mode = "grant" | "add" | "withdraw" | "leave";
const ACTIONS: Record<Mode, Action> = {
  grant: grantConsentAction,
  add: addConsentFacilityAction,
  withdraw: withdrawConsentAction,
  leave: withdrawConsentAction,
};

const today = () => tokyoDateKey();

interface ConsentEventFormProps {
  mode: Mode;
  patientId: string;
  consentId?: string;
  /**
   * the facilities to tick; none given: the network's facilities, asked for when the form is
   * opened (a new consent, 連携先追加), so the patient page does not carry the whole directory
   */
  facilities?: FacilityOption[];
  labels: Labels;
  /** used from a referral that needs its destination added: tick it and show the form open */
  checkedFacilityIds?: string[];
  open?: boolean;
  /** re-render the page that embeds the form once the consent is recorded */
  refreshOnSuccess?: boolean;
  /** the network office files forms signed elsewhere: it says where, among the facilities (a facility's own staff need not) */
  asksSignedAt?: boolean;
}

/**
 * One form for the consent events: a new consent, a facility added, a withdrawal (of the whole
 * consent, or of the facilities ticked), leaving the network. Each needs the signed paper.
 */
export function ConsentEventForm({ open, ...form }: ConsentEventFormProps) {
  const { mode, labels } = form;
  const title =
    mode === "grant"
      ? labels.recordConsent
      : mode === "add"
        ? labels.addFacility
        : mode === "leave"
          ? labels.leaveNetwork
          : labels.withdraw;
  // The form (with its checklist of every facility of the network) is made when the
  // section is first opened, not with the page: a patient page carries up to three
  // of these collapsed, and rendering them all cost the server more than the rest of
  // the page (issue 16). Once made it stays, so closing keeps what was entered.
  const [made, setMade] = useState(open ?? false);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // opened before the page was interactive: the toggle came before React listened
    if (details.current?.open) setMade(true);
  }, []);
  return (
    <details
      ref={details}
      className="rounded-md border border-slate-200 bg-slate-50 p-3"
      data-testid={`consent-form-${mode}`}
      open={open}
      onToggle={(e) => {
        if (e.currentTarget.open) setMade(true);
      }}
    >
      <summary className="cursor-pointer py-1 font-medium text-brand-700">{title}</summary>
      {made && <ConsentEventFields {...form} />}
    </details>
  );
}

/** The form inside a ConsentEventForm, made once the section is opened. */
function ConsentEventFields({
  mode,
  patientId,
  consentId,
  facilities,
  labels,
  checkedFacilityIds,
  refreshOnSuccess,
  asksSignedAt,
}: Omit<ConsentEventFormProps, "open">) {
  const { state, onSubmit, pending } = useFormAction(ACTIONS[mode]);
  const router = useRouter();
  useEffect(() => {
    if (refreshOnSuccess && state?.ok) router.refresh();
  }, [refreshOnSuccess, state, router]);
  const directory = useFacilityDirectory(facilities === undefined, labels.facilitiesFailed);
  const options = facilities ?? (directory?.ok ? directory.data : null);
  const errors = fieldErrors(state);
  return (
    <form onSubmit={onSubmit} className="mt-3 space-y-3">
      <input type="hidden" name="patientId" value={patientId} />
      {consentId && <input type="hidden" name="consentId" value={consentId} />}
      {mode === "leave" && (
        <>
          <input type="hidden" name="leaveNetwork" value="true" />
          <p className="text-sm text-slate-700">{labels.leaveNetworkHelp}</p>
        </>
      )}
      <div>
        <label className="label" htmlFor={`${mode}-${consentId ?? "new"}-date`}>
          {labels.effectiveOn}
        </label>
        <input
          className="input"
          type="date"
          id={`${mode}-${consentId ?? "new"}-date`}
          name="date"
          defaultValue={today()}
          required
        />
        {(errors.obtainedOn ?? errors.effectiveOn ?? errors.withdrawnOn) && (
          <p className="field-error">{errors.obtainedOn ?? errors.effectiveOn ?? errors.withdrawnOn}</p>
        )}
      </div>
      {directory && !directory.ok && <FormAlert state={directory} />}
      {!options && !directory && (
        <p className="text-sm text-slate-600" role="status">
          {labels.facilitiesLoading}
        </p>
      )}
      {mode === "grant" && asksSignedAt && options && (
        <div>
          <label className="label" htmlFor={`grant-${consentId ?? "new"}-signed-at`}>
            {labels.signedAt}
          </label>
          <select
            className="input"
            id={`grant-${consentId ?? "new"}-signed-at`}
            name="signedAtFacilityId"
            required
            defaultValue=""
          >
            <option value="" disabled>
              {labels.signedAtChoose}
            </option>
            {options.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}（{f.kindLabel}）
              </option>
            ))}
          </select>
          {errors.signedAtFacilityId && <p className="field-error">{errors.signedAtFacilityId}</p>}
        </div>
      )}
      {(mode === "grant" || mode === "add") && options && (
        <FacilityChecklist
          legend={labels.facilitiesToShare}
          facilities={options}
          error={errors.facilityIds}
          checkedIds={checkedFacilityIds}
        />
      )}
      {mode === "withdraw" && options && options.length > 1 && (
        <FacilityChecklist
          legend={labels.facilitiesToWithdraw}
          facilities={options}
          error={errors.facilityIds}
          help={labels.withdrawHelp}
        />
      )}
      <div>
        <label className="label" htmlFor={`${mode}-${consentId ?? "new"}-doc`}>
          {labels.signedDocument}
        </label>
        <input
          className="input"
          type="file"
          id={`${mode}-${consentId ?? "new"}-doc`}
          name="document"
          accept="application/pdf,image/jpeg,image/png"
          required
        />
        {errors.document && <p className="field-error">{errors.document}</p>}
      </div>
      <div>
        <label className="label" htmlFor={`${mode}-${consentId ?? "new"}-note`}>
          {labels.note}
        </label>
        <input className="input" id={`${mode}-${consentId ?? "new"}-note`} name="note" maxLength={1000} />
      </div>
      <FormAlert state={state} success={labels.recorded} />
      <button
        className={mode === "withdraw" || mode === "leave" ? "btn-danger" : "btn-primary"}
        disabled={pending || !options}
      >
        {labels.submit}
      </button>
    </form>
  );
}

/** The network's facilities, asked for once the form that needs them is made (null while asking). */
function useFacilityDirectory(wanted: boolean, failed: string) {
  const [directory, setDirectory] = useState<ActionResult<FacilityOption[]> | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    consentFacilityOptionsAction().then(
      (result) => current && setDirectory(result),
      // the request itself failed (offline, the server restarting): said as the action's own refusal would be
      () => current && setDirectory({ ok: false, error: { code: "INTERNAL", message: failed, fields: [] } }),
    );
    return () => {
      current = false;
    };
  }, [wanted, failed]);
  return directory;
}

export function BreakGlassForm({ patientId, labels }: { patientId: string; labels: Labels }) {
  const { state, onSubmit, pending } = useFormAction(breakGlassAction);
  const errors = fieldErrors(state);
  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="break-glass-form">
      <input type="hidden" name="patientId" value={patientId} />
      <div>
        <label className="label" htmlFor="reason">
          {labels.breakGlassReason}
        </label>
        <textarea
          className="input min-h-24"
          id="reason"
          name="reason"
          minLength={20}
          maxLength={1000}
          required
        />
        {errors.reason && <p className="field-error">{errors.reason}</p>}
      </div>
      <FormAlert state={state} />
      <button className="btn-danger" disabled={pending}>
        {labels.breakGlassOpen}
      </button>
    </form>
  );
}
