"use client";

import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { Field } from "@/app/ui/field";
import { useCommand } from "@/app/ui/use-command";
import { recordVarianceAction } from "@/app/(app)/pathways/actions";
import {
  Command,
  Outcome,
  submitting,
  text,
  type Option,
  type SheetFormLabels,
  type Versioned,
} from "./parts";

/** バリアンス: what went off-plan in this stage, when and why, under a category. */
export function VarianceForm({
  title,
  testId,
  enrolmentId,
  version,
  stageId,
  categories,
  labels,
}: Versioned & {
  title: string;
  testId: string;
  stageId: string;
  categories: Option[];
  labels: SheetFormLabels;
}) {
  const { pending, result, errors, run } = useCommand();
  const id = (name: string) => `${testId}-${name}`;
  const onSubmit = submitting((form) => {
    const delay = text(form, "delayDays");
    run(() =>
      recordVarianceAction({
        enrolmentId,
        version,
        stageId,
        category: text(form, "category"),
        occurredOn: text(form, "occurredOn"),
        description: text(form, "description"),
        reason: text(form, "reason"),
        delayDays: delay === "" ? null : Number(delay),
      }),
    );
  });
  return (
    <Command title={title} testId={testId}>
      <form className="grid gap-3" noValidate onSubmit={onSubmit}>
        <Field id={id("category")} label={labels.category} error={errors.category}>
          <select className="input" id={id("category")} name="category" defaultValue="">
            <option value="">{labels.unset}</option>
            {categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id("occurredOn")} label={labels.occurredOn} error={errors.occurredOn}>
          <input
            className="input"
            type="date"
            id={id("occurredOn")}
            name="occurredOn"
            defaultValue={tokyoDateKey()}
          />
        </Field>
        <Field id={id("description")} label={labels.description} error={errors.description}>
          <textarea className="input" id={id("description")} name="description" rows={2} maxLength={1000} />
        </Field>
        <Field id={id("reason")} label={labels.reason} error={errors.reason}>
          <textarea className="input" id={id("reason")} name="reason" rows={2} maxLength={2000} />
        </Field>
        <Field id={id("delayDays")} label={labels.delayDays} error={errors.delayDays}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={0}
            max={3650}
            step={1}
            id={id("delayDays")}
            name="delayDays"
          />
        </Field>
        <Outcome result={result} labels={labels} success={labels.recorded} />
        <button className="btn-primary" disabled={pending}>
          {labels.submit}
        </button>
      </form>
    </Command>
  );
}
