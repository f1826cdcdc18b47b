"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import type { Locale } from "@/app/i18n";
import type { PathwayMeetingsMessages } from "@/app/i18n/messages/pathway-meetings";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FacilityChecklist } from "@/app/ui/facility-checklist";
import { FormAlert } from "@/app/ui/form-alert";
import { InviteePicker, type Invitee } from "@/app/ui/invitee-picker";
import {
  WEEK_ORDINALS,
  WEEKDAY_CODES,
  buildRecurrenceRule,
  weekdayOfDate,
  type RecurrenceChoice,
  type WeekOrdinal,
  type WeekdayCode,
} from "@/server/domain/pathway-meetings/recurrence-choice";
import {
  previewScheduleAction,
  scheduleMeetingAction,
  updateMeetingAction,
  type SchedulePreview,
} from "./actions";
import { formatMeetingSpan } from "./meeting-format";

type PatternKind = "once" | "weekly" | "biweekly" | "monthly" | "months" | "custom";

export interface MeetingFormValues {
  title: string;
  pathway: string;
  description: string;
  location: string;
  /** Tokyo wall time: "2026-12-10T18:30" */
  firstStart: string;
  durationMinutes: number;
  choice: RecurrenceChoice;
  invitees: Invitee[];
  facilityIds: string[];
}

const patternKind = (choice: RecurrenceChoice): PatternKind =>
  choice.pattern.kind === "weekly" && choice.pattern.everyWeeks === 2 ? "biweekly" : choice.pattern.kind;

/**
 * The scheduling form, for a new meeting and for changing one (then with its
 * sequence, so a change made meanwhile by someone else is refused, not
 * overwritten). The recurrence is chosen in words and built into an RRULE
 * here; the dates it gives are previewed by the server's own planner as
 * they are chosen. Every refusal shows on its field.
 */
export function MeetingForm({
  edit,
  initial,
  facilities,
  pathways,
  professions,
  m,
  locale,
}: {
  edit?: { meetingId: string; sequence: number };
  initial: MeetingFormValues;
  facilities: { id: string; name: string; kindLabel: string }[];
  pathways: { value: string; label: string }[];
  professions: Record<string, string>;
  m: PathwayMeetingsMessages;
  locale: Locale;
}) {
  const f = m.form;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);

  const [date, setDate] = useState(initial.firstStart.slice(0, 10));
  const [time, setTime] = useState(initial.firstStart.slice(11, 16));
  const [duration, setDuration] = useState(String(initial.durationMinutes));
  const [kind, setKind] = useState<PatternKind>(patternKind(initial.choice));
  const p = initial.choice.pattern;
  const fromDate = date ? weekdayOfDate(date) : null;
  const [weekday, setWeekday] = useState<WeekdayCode>(
    "weekday" in p ? p.weekday : (fromDate?.weekday ?? "TH"),
  );
  const [ordinal, setOrdinal] = useState<WeekOrdinal>("ordinal" in p ? p.ordinal : (fromDate?.ordinal ?? 2));
  const [months, setMonths] = useState<number[]>(
    p.kind === "months" ? p.months : date ? [Number(date.slice(5, 7))] : [],
  );
  const [customRule, setCustomRule] = useState(p.kind === "custom" ? p.rrule : "");
  const [endBy, setEndBy] = useState<"count" | "until">(initial.choice.end.by);
  const [count, setCount] = useState(
    String(initial.choice.end.by === "count" ? initial.choice.end.count : 12),
  );
  const [until, setUntil] = useState(initial.choice.end.by === "until" ? initial.choice.end.until : "");

  const [invitees, setInvitees] = useState<Invitee[]>(initial.invitees);
  const [facilityIds, setFacilityIds] = useState<string[]>(initial.facilityIds);
  const [facilityFilter, setFacilityFilter] = useState("");

  const choice: RecurrenceChoice = {
    pattern:
      kind === "once"
        ? { kind: "once" }
        : kind === "weekly" || kind === "biweekly"
          ? { kind: "weekly", everyWeeks: kind === "biweekly" ? 2 : 1, weekday }
          : kind === "monthly"
            ? { kind: "monthly", ordinal, weekday }
            : kind === "months"
              ? { kind: "months", months, ordinal, weekday }
              : { kind: "custom", rrule: customRule },
    end: endBy === "count" ? { by: "count", count: Number(count) || 0 } : { by: "until", until },
  };
  const rrule = buildRecurrenceRule(choice);
  const start = date && time ? `${date}T${time}` : "";
  const scheduleKey = `${start}|${duration}|${rrule ?? ""}`;
  const [submittedSchedule, setSubmittedSchedule] = useState<string | null>(null);

  // the preview follows the schedule fields; a late answer to an older question is dropped,
  // and without a start there is nothing to preview
  const [answer, setPreview] = useState<ActionResult<SchedulePreview> | null>(null);
  const preview = start ? answer : null;
  const asked = useRef(0);
  useEffect(() => {
    if (!start) return;
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      void previewScheduleAction({ start, durationMinutes: duration, rrule }).then((r) => {
        if (ask === asked.current) setPreview(r);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [start, duration, rrule]);
  const previewErrors = fieldErrors(preview);

  /** A new first date re-derives the weekday and its place in the month, as the rule must include the date. */
  const changeDate = (value: string) => {
    setDate(value);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    const derived = weekdayOfDate(value);
    setWeekday(derived.weekday);
    setOrdinal(derived.ordinal);
    const month = Number(value.slice(5, 7));
    if (!months.includes(month)) setMonths([...months, month].sort((a, b) => a - b));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const input = {
      title: text("title"),
      pathway: text("pathway"),
      description: text("description"),
      location: text("location"),
      start,
      durationMinutes: duration,
      rrule,
      invitees: invitees.map((i) => i.id),
      facilityIds,
    };
    setSubmittedSchedule(scheduleKey);
    startTransition(async () => {
      const r = edit ? await updateMeetingAction({ ...input, ...edit }) : await scheduleMeetingAction(input);
      setResult(r);
      if (r.ok) {
        router.push(`/pathway-meetings/${r.data.meetingId}`);
        router.refresh();
      }
    });
  };

  // a refusal of the schedule on saving holds until the schedule changes; the preview speaks for it after that
  const saved = submittedSchedule === scheduleKey ? errors : {};
  const scheduleError = saved.rrule ?? previewErrors.rrule;
  const startError = saved.startsAt ?? saved.timeZone ?? previewErrors.startsAt ?? previewErrors.timeZone;
  const durationError = saved.durationMinutes ?? previewErrors.durationMinutes;
  const shownFacilities = facilities.filter(
    (x) => facilityIds.includes(x.id) || !facilityFilter.trim() || x.name.includes(facilityFilter.trim()),
  );

  return (
    <form onSubmit={submit} noValidate className="card grid gap-4" data-testid="meeting-form">
      <div>
        <label className="label" htmlFor="meeting-title">
          {f.meetingTitle}
        </label>
        <input
          className="input"
          id="meeting-title"
          name="title"
          maxLength={200}
          defaultValue={initial.title}
        />
        {errors.title && <p className="field-error">{errors.title}</p>}
      </div>
      <div>
        <label className="label" htmlFor="meeting-pathway">
          {f.pathway}
        </label>
        <select className="input" id="meeting-pathway" name="pathway" defaultValue={initial.pathway}>
          <option value="">{m.bothPathways}</option>
          {pathways.map((x) => (
            <option key={x.value} value={x.value}>
              {x.label}
            </option>
          ))}
        </select>
        {errors.pathway && <p className="field-error">{errors.pathway}</p>}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <label className="label" htmlFor="meeting-date">
            {f.date}
          </label>
          <input
            className="input"
            type="date"
            id="meeting-date"
            value={date}
            onChange={(e) => changeDate(e.target.value)}
          />
        </div>
        <div>
          <label className="label" htmlFor="meeting-time">
            {f.startTime}
          </label>
          <input
            className="input"
            type="time"
            id="meeting-time"
            step={60}
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
        </div>
        <div>
          <label className="label" htmlFor="meeting-duration">
            {f.duration}
          </label>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            id="meeting-duration"
            min={15}
            max={480}
            step={5}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
          />
          {durationError && <p className="field-error">{durationError}</p>}
        </div>
        {startError && (
          <p className="field-error sm:col-span-3" data-testid="error-startsAt">
            {startError}
          </p>
        )}
      </div>

      <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3" data-testid="recurrence">
        <legend className="label px-1">{f.recurrence}</legend>
        <div>
          <label className="label" htmlFor="meeting-pattern">
            {f.pattern}
          </label>
          <select
            className="input"
            id="meeting-pattern"
            value={kind}
            onChange={(e) => {
              const next = e.target.value as PatternKind;
              // the advanced field starts from the rule chosen so far, to be adjusted rather than typed anew
              if (next === "custom" && !customRule && rrule) setCustomRule(rrule);
              setKind(next);
            }}
          >
            {(Object.keys(f.patterns) as PatternKind[]).map((k) => (
              <option key={k} value={k}>
                {f.patterns[k]}
              </option>
            ))}
          </select>
        </div>
        {(kind === "monthly" || kind === "months") && (
          <div>
            <label className="label" htmlFor="meeting-ordinal">
              {f.ordinal}
            </label>
            <select
              className="input"
              id="meeting-ordinal"
              value={String(ordinal)}
              onChange={(e) => setOrdinal(Number(e.target.value) as WeekOrdinal)}
            >
              {WEEK_ORDINALS.map((o) => (
                <option key={o} value={String(o)}>
                  {f.ordinals[String(o)]}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind !== "once" && kind !== "custom" && (
          <div>
            <label className="label" htmlFor="meeting-weekday">
              {f.weekday}
            </label>
            <select
              className="input"
              id="meeting-weekday"
              value={weekday}
              onChange={(e) => setWeekday(e.target.value as WeekdayCode)}
            >
              {WEEKDAY_CODES.map((d) => (
                <option key={d} value={d}>
                  {m.weekdays[d]}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === "months" && (
          <fieldset>
            <legend className="label">{f.months}</legend>
            <div className="grid grid-cols-4 gap-1 sm:grid-cols-6">
              {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
                <label key={n} className="flex min-h-10 items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    className="size-5"
                    checked={months.includes(n)}
                    onChange={(e) =>
                      setMonths(
                        e.target.checked
                          ? [...months, n].sort((a, b) => a - b)
                          : months.filter((x) => x !== n),
                      )
                    }
                  />
                  {m.words.monthNames[n - 1]}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {kind === "custom" && (
          <div>
            <label className="label" htmlFor="meeting-rrule">
              {f.rrule}
            </label>
            <input
              className="input font-mono"
              id="meeting-rrule"
              value={customRule}
              onChange={(e) => setCustomRule(e.target.value)}
              autoCapitalize="characters"
              spellCheck={false}
            />
            <p className="mt-1 text-sm text-slate-600">{f.rruleHelp}</p>
          </div>
        )}
        {kind !== "once" && kind !== "custom" && (
          <fieldset className="grid gap-2">
            <legend className="label">{f.end}</legend>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <label className="flex min-h-10 items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="endBy"
                  className="size-5"
                  checked={endBy === "count"}
                  onChange={() => setEndBy("count")}
                />
                {f.endCount}
              </label>
              <label className="flex min-h-10 items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="endBy"
                  className="size-5"
                  checked={endBy === "until"}
                  onChange={() => setEndBy("until")}
                />
                {f.endUntil}
              </label>
            </div>
            {endBy === "count" ? (
              <div>
                <label className="label" htmlFor="meeting-count">
                  {f.count}
                </label>
                <input
                  className="input"
                  type="number"
                  inputMode="numeric"
                  id="meeting-count"
                  min={1}
                  max={60}
                  value={count}
                  onChange={(e) => setCount(e.target.value)}
                />
              </div>
            ) : (
              <div>
                <label className="label" htmlFor="meeting-until">
                  {f.until}
                </label>
                <input
                  className="input"
                  type="date"
                  id="meeting-until"
                  value={until}
                  onChange={(e) => setUntil(e.target.value)}
                />
              </div>
            )}
          </fieldset>
        )}
        {rrule && kind !== "custom" && (
          <p className="text-xs break-all text-slate-500">
            {f.builtRule}: <code data-testid="built-rrule">{rrule}</code>
          </p>
        )}
        {scheduleError && (
          <p className="field-error" data-testid="error-rrule">
            {scheduleError}
          </p>
        )}
        <SchedulePreviewList preview={preview} m={m} locale={locale} />
      </fieldset>

      <div>
        <label className="label" htmlFor="meeting-location">
          {f.location}
        </label>
        <input
          className="input"
          id="meeting-location"
          name="location"
          maxLength={200}
          placeholder={f.locationHelp}
          defaultValue={initial.location}
        />
        {errors.location && <p className="field-error">{errors.location}</p>}
      </div>
      <div>
        <label className="label" htmlFor="meeting-description">
          {f.description}
        </label>
        <textarea
          className="input min-h-20"
          id="meeting-description"
          name="description"
          maxLength={2000}
          defaultValue={initial.description}
        />
        {errors.description && <p className="field-error">{errors.description}</p>}
      </div>

      <InviteePicker
        invitees={invitees}
        onChange={setInvitees}
        professions={professions}
        labels={f}
        error={errors.invitees}
      />

      <div className="grid gap-2">
        <input
          className="input"
          aria-label={f.facilityFilter}
          placeholder={f.facilityFilter}
          value={facilityFilter}
          onChange={(e) => setFacilityFilter(e.target.value)}
        />
        <FacilityChecklist
          legend={f.facilities}
          facilities={shownFacilities}
          selectedIds={facilityIds}
          onToggle={(id, checked) =>
            setFacilityIds(checked ? [...facilityIds, id] : facilityIds.filter((x) => x !== id))
          }
          error={errors.facilityIds}
        />
      </div>

      {errors.sequence && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-2 text-sm text-red-800"
          data-testid="error-conflict"
        >
          {f.conflict}
        </p>
      )}
      <FormAlert state={result} />
      <button className="btn-primary" disabled={pending} data-testid="meeting-submit">
        {edit ? f.submitEdit : f.submitNew}
      </button>
    </form>
  );
}

function SchedulePreviewList({
  preview,
  m,
  locale,
}: {
  preview: ActionResult<SchedulePreview> | null;
  m: PathwayMeetingsMessages;
  locale: Locale;
}) {
  if (!preview?.ok) return null;
  const { occurrences, total } = preview.data;
  const more = total - occurrences.length;
  return (
    <div className="rounded-md bg-slate-50 p-2 text-sm" aria-live="polite" data-testid="schedule-preview">
      <p className="font-semibold">{m.form.preview}</p>
      <ol className="mt-1 space-y-1">
        {occurrences.map((o) => (
          <li key={o.startsAt} data-testid="preview-date">
            {formatMeetingSpan(o.startsAt, o.endsAt, locale)}
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="mt-1 text-slate-600">
          {m.form.previewMore.replace("{n}", String(more)).replace("{total}", String(total))}
        </p>
      )}
    </div>
  );
}
