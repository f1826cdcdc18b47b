"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { MedicationsField } from "@/app/ui/clinical-list-fields";
import { Field } from "@/app/ui/field";
import { FormAlert } from "@/app/ui/form-alert";
import {
  CARE_LEVELS,
  DEMENTIA_LEVELS,
  MEDICAL_DEVICES,
  dayNumber,
  latestEnd,
  type NursingInstructionContent,
} from "@/server/model/nursing-instruction";
import type { Messages } from "@/app/i18n";
import { discardInstructionAction, saveInstructionAction, sendInstructionAction } from "../../actions";

type Content = NursingInstructionContent;
type TextKey =
  | "specialReason"
  | "otherDiagnoses"
  | "currentCondition"
  | "careInstructions"
  | "rehabilitation"
  | "woundCare"
  | "deviceManagement"
  | "otherInstructions"
  | "emergencyContact"
  | "whenAbsent"
  | "otherStations";

type M = Messages["nursingInstructions"];
export type InstructionEditorLabels = M["editor"] &
  Pick<
    M,
    | "kinds"
    | "kindHelp"
    | "careLevels"
    | "dementiaLevels"
    | "station"
    | "chooseStation"
    | "noStationInConsent"
  > & { deviceNames: M["devices"] };

/**
 * The instruction's form, phone first: one column, the period and the station
 * at the top. Save keeps the draft; send saves, then sends, and opens the sent
 * instruction. Every refusal shows under its field.
 */
export function InstructionEditor({
  instructionId,
  revision: initialRevision,
  stationFacilityId: initialStation,
  content: initial,
  stations,
  options,
  labels,
}: {
  instructionId: string;
  revision: number;
  stationFacilityId: string | null;
  content: Content;
  stations: { id: string; name: string }[];
  options: { bedridden: readonly string[]; depths: readonly string[] };
  labels: InstructionEditorLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [content, setContent] = useState<Content>(initial);
  const [station, setStation] = useState<string | null>(initialStation);
  const [revision, setRevision] = useState(initialRevision);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  const set = <K extends keyof Content>(key: K, value: Content[K]) =>
    setContent((c) => ({ ...c, [key]: value }));

  const save = async () => {
    const saved = await saveInstructionAction({
      instructionId,
      revision,
      stationFacilityId: station,
      content,
    });
    setResult(saved);
    if (saved.ok) setRevision(saved.data.revision);
    return saved;
  };
  const onSave = () => startTransition(async () => void (await save()));
  const onSend = () => {
    if (!window.confirm(labels.sendConfirm)) return;
    startTransition(async () => {
      const saved = await save();
      if (!saved.ok) return;
      const sent = await sendInstructionAction({ instructionId, revision: saved.data.revision });
      setResult(sent);
      if (sent.ok) router.push(`/nursing-instructions/${instructionId}`);
    });
  };

  const onDiscard = () => {
    if (!window.confirm(labels.discardConfirm)) return;
    startTransition(async () => {
      const discarded = await discardInstructionAction({ instructionId, revision });
      setResult(discarded);
      if (discarded.ok) router.push(`/patients/${discarded.data.patientId}`);
    });
  };

  const textArea = (key: TextKey, label: string, rows = 3, max = 2000) => (
    <Field id={`instruction-${key}`} label={label} error={errors[`content.${key}`]}>
      <textarea
        className="input"
        id={`instruction-${key}`}
        rows={rows}
        maxLength={max}
        value={content[key]}
        aria-invalid={errors[`content.${key}`] ? true : undefined}
        onChange={(ev) => set(key, ev.target.value)}
      />
    </Field>
  );
  const select = <K extends "bedriddenLevel" | "dementiaLevel" | "careLevel" | "pressureUlcerDepth">(
    key: K,
    label: string,
    values: readonly string[],
    display: (v: string) => string,
    empty = labels.notChosen,
  ) => (
    <Field id={`instruction-${key}`} label={label} error={errors[`content.${key}`]}>
      <select
        className="input"
        id={`instruction-${key}`}
        value={content[key] ?? ""}
        onChange={(ev) => set(key, (ev.target.value || null) as Content[K])}
      >
        <option value="">{empty}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {display(v)}
          </option>
        ))}
      </select>
    </Field>
  );
  const limit =
    content.periodStart && dayNumber(content.periodStart) !== null
      ? latestEnd(content.kind, content.periodStart)
      : null;
  const device = (d: (typeof MEDICAL_DEVICES)[number]) => content.devices.find((x) => x.device === d);
  const toggleDevice = (d: (typeof MEDICAL_DEVICES)[number], on: boolean) =>
    set(
      "devices",
      on
        ? [...content.devices, { device: d, note: "" }].sort(
            (a, b) => MEDICAL_DEVICES.indexOf(a.device) - MEDICAL_DEVICES.indexOf(b.device),
          )
        : content.devices.filter((x) => x.device !== d),
    );

  return (
    <form
      className="space-y-4"
      // the server checks and names each field in the reader's language; the browser's own bubbles would stop the save
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        onSave();
      }}
      data-testid="instruction-editor"
    >
      <section className="card grid gap-3">
        <Field id="instruction-kind" label={labels.kind} error={errors["content.kind"]}>
          <select
            className="input"
            id="instruction-kind"
            value={content.kind}
            onChange={(ev) => set("kind", ev.target.value as Content["kind"])}
          >
            {(["regular", "special"] as const).map((k) => (
              <option key={k} value={k}>
                {labels.kinds[k]}（{labels.kindHelp[k]}）
              </option>
            ))}
          </select>
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field
            id="instruction-periodStart"
            label={labels.periodStart}
            error={errors["content.periodStart"]}
          >
            <input
              type="date"
              className="input"
              id="instruction-periodStart"
              value={content.periodStart ?? ""}
              onChange={(ev) => set("periodStart", ev.target.value || undefined)}
            />
          </Field>
          <Field
            id="instruction-periodEnd"
            label={labels.periodEnd}
            error={errors["content.periodEnd"]}
            hint={limit ? labels.periodLimit.replace("{limit}", limit) : undefined}
          >
            <input
              type="date"
              className="input"
              id="instruction-periodEnd"
              value={content.periodEnd ?? ""}
              max={limit ?? undefined}
              onChange={(ev) => set("periodEnd", ev.target.value || undefined)}
            />
          </Field>
        </div>
        {content.kind === "special" && textArea("specialReason", labels.specialReason, 2, 1000)}
        <Field id="instruction-station" label={labels.station} error={errors.stationFacilityId}>
          <select
            className="input"
            id="instruction-station"
            value={station ?? ""}
            onChange={(ev) => setStation(ev.target.value || null)}
          >
            <option value="">{labels.chooseStation}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {stations.length === 0 && (
            <p className="mt-1 text-sm text-amber-800">{labels.noStationInConsent}</p>
          )}
        </Field>
      </section>

      <section className="card grid gap-3">
        <div className="grid gap-3 sm:grid-cols-3">
          <div className="sm:col-span-2">
            <Field
              id="instruction-mainDiagnosis"
              label={labels.mainDiagnosis}
              error={errors["content.mainDiagnosis.name"]}
            >
              <input
                className="input"
                id="instruction-mainDiagnosis"
                maxLength={200}
                value={content.mainDiagnosis.name}
                onChange={(ev) => set("mainDiagnosis", { ...content.mainDiagnosis, name: ev.target.value })}
              />
            </Field>
          </div>
          <Field id="instruction-icd10" label={labels.icd10} error={errors["content.mainDiagnosis.icd10"]}>
            <input
              className="input"
              id="instruction-icd10"
              maxLength={10}
              value={content.mainDiagnosis.icd10}
              onChange={(ev) => set("mainDiagnosis", { ...content.mainDiagnosis, icd10: ev.target.value })}
            />
          </Field>
        </div>
        {textArea("otherDiagnoses", labels.otherDiagnoses, 1, 500)}
        {textArea("currentCondition", labels.currentCondition, 4, 4000)}
        <div className="space-y-2">
          <MedicationsField
            idPrefix="instruction"
            path="content.medications"
            legend={labels.medications}
            rows={content.medications}
            onChange={(rows) => set("medications", rows)}
            labels={labels}
            errors={errors}
          />
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              checked={content.noMedication}
              onChange={(ev) => set("noMedication", ev.target.checked)}
              id="instruction-noMedication"
            />
            {labels.noMedication}
          </label>
          {errors["content.noMedication"] && <p className="field-error">{errors["content.noMedication"]}</p>}
        </div>
        <div className="grid grid-cols-2 gap-3">
          {select("bedriddenLevel", labels.bedriddenLevel, options.bedridden, (v) => v)}
          {select(
            "dementiaLevel",
            labels.dementiaLevel,
            DEMENTIA_LEVELS,
            (v) => labels.dementiaLevels[v as (typeof DEMENTIA_LEVELS)[number]],
          )}
          {select(
            "careLevel",
            labels.careLevel,
            CARE_LEVELS,
            (v) => labels.careLevels[v as (typeof CARE_LEVELS)[number]],
          )}
          {select("pressureUlcerDepth", labels.pressureUlcerDepth, options.depths, (v) => v, labels.noUlcer)}
        </div>
        <fieldset className="space-y-1">
          <legend className="label">{labels.devices}</legend>
          {MEDICAL_DEVICES.map((d) => {
            const chosen = device(d);
            return (
              <div key={d} className="flex flex-wrap items-center gap-2">
                <label className="flex min-h-11 items-center gap-2">
                  <input
                    type="checkbox"
                    checked={!!chosen}
                    onChange={(ev) => toggleDevice(d, ev.target.checked)}
                  />
                  {labels.deviceNames[d]}
                </label>
                {chosen && (
                  <input
                    className="input max-w-xs flex-1"
                    aria-label={`${labels.deviceNames[d]} ${labels.deviceNote}`}
                    placeholder={labels.deviceNote}
                    maxLength={200}
                    value={chosen.note}
                    onChange={(ev) =>
                      set(
                        "devices",
                        content.devices.map((x) => (x.device === d ? { ...x, note: ev.target.value } : x)),
                      )
                    }
                  />
                )}
              </div>
            );
          })}
        </fieldset>
      </section>

      <section className="card grid gap-3">
        <h2 className="font-semibold">{labels.instructionsTitle}</h2>
        {textArea("careInstructions", labels.careInstructions, 3, 4000)}
        {textArea("rehabilitation", labels.rehabilitation, 2)}
        {textArea("woundCare", labels.woundCare, 2)}
        {textArea("deviceManagement", labels.deviceManagement, 2)}
        {textArea("otherInstructions", labels.otherInstructions, 2)}
        {textArea("emergencyContact", labels.emergencyContact, 2, 500)}
        {textArea("whenAbsent", labels.whenAbsent, 2, 500)}
        {textArea("otherStations", labels.otherStations, 2, 1000)}
      </section>

      <div className="sticky bottom-0 flex flex-wrap gap-2 border-t border-slate-200 bg-white/95 py-3">
        <button type="submit" className="btn-secondary" disabled={pending} data-testid="save-instruction">
          {labels.save}
        </button>
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={onSend}
          data-testid="send-instruction"
        >
          {labels.send}
        </button>
        <button
          type="button"
          className="btn-secondary ml-auto text-red-800"
          disabled={pending}
          onClick={onDiscard}
          data-testid="discard-instruction"
        >
          {labels.discard}
        </button>
      </div>
      <FormAlert state={result} success={result?.ok ? labels.saved : undefined} />
    </form>
  );
}
