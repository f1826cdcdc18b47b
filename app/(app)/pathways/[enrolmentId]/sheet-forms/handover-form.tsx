"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useCommand } from "@/app/ui/use-command";
import { requestHandoverAction } from "@/app/(app)/pathways/actions";
import { Field } from "@/app/ui/field";
import { Command, Outcome, submitting, text, type SheetFormLabels, type Versioned } from "./parts";

export interface HandoverTargetOption {
  stageKey: string;
  name: string;
  next: boolean;
  facilities: { id: string; name: string; inConsent: boolean }[];
}

/**
 * 転院・移行の依頼: the next stage (or a later one, skipping) and a facility
 * that may own it. A facility outside the patient's consent is marked; asking
 * it anyway is refused by name, and the page then offers the 連携先追加.
 */
export function HandoverForm({
  title,
  enrolmentId,
  version,
  targets,
  labels,
}: Versioned & { title: string; targets: HandoverTargetOption[]; labels: SheetFormLabels }) {
  const router = useRouter();
  const pathname = usePathname();
  const { pending, result, errors, run } = useCommand();
  const [stageKey, setStageKey] = useState(targets[0]?.stageKey ?? "");
  const [refused, setRefused] = useState<{ id: string; name: string } | null>(null);
  const target = targets.find((s) => s.stageKey === stageKey) ?? targets[0];
  const onSubmit = submitting((form) => {
    const toFacilityId = text(form, "toFacilityId");
    const facility = target?.facilities.find((f) => f.id === toFacilityId);
    run(
      () =>
        requestHandoverAction({
          enrolmentId,
          version,
          toFacilityId,
          toStageKey: stageKey,
          plannedOn: text(form, "plannedOn"),
          note: text(form, "note"),
        }),
      (r) => {
        if (!r.ok && r.error.code === "CONSENT_REQUIRED" && facility) {
          setRefused({ id: facility.id, name: facility.name });
          // the page below the form then shows the consent forms with this facility ticked
          router.replace(`${pathname}?consent=${facility.id}#consent`, { scroll: false });
        } else {
          setRefused(null);
        }
      },
    );
  });
  const facilityError =
    refused && errors.toFacilityId
      ? labels.consentRefused.replace("{facility}", refused.name)
      : errors.toFacilityId;
  return (
    <Command title={title} testId="command-handover">
      <form className="grid gap-3" noValidate onSubmit={onSubmit}>
        {targets.length > 1 && (
          <Field id="handover-stage" label={labels.toStage} error={errors.toStageKey}>
            <select
              className="input"
              id="handover-stage"
              name="toStageKey"
              value={stageKey}
              onChange={(e) => setStageKey(e.target.value)}
            >
              {targets.map((s) => (
                <option key={s.stageKey} value={s.stageKey}>
                  {s.name}
                  {!s.next && ` ${labels.skip}`}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="handover-facility" label={labels.toFacility} error={facilityError}>
          {target && target.facilities.length > 0 ? (
            <select
              className="input"
              id="handover-facility"
              name="toFacilityId"
              defaultValue=""
              key={target.stageKey}
              aria-invalid={facilityError ? true : undefined}
            >
              <option value="">{labels.chooseFacility}</option>
              {target.facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                  {!f.inConsent && `（${labels.outsideConsent}）`}
                </option>
              ))}
            </select>
          ) : (
            <p className="text-sm text-slate-600">{labels.noCandidates}</p>
          )}
        </Field>
        <Field id="handover-planned" label={labels.plannedOn} error={errors.plannedOn}>
          <input className="input" type="date" id="handover-planned" name="plannedOn" />
        </Field>
        <Field id="handover-note" label={labels.note} error={errors.note}>
          <textarea className="input" id="handover-note" name="note" rows={3} maxLength={1000} />
        </Field>
        <Outcome result={result} labels={labels} success={labels.requested} />
        <button className="btn-primary" disabled={pending}>
          {labels.request}
        </button>
      </form>
    </Command>
  );
}
