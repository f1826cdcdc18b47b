"use client";

import { useState, useTransition } from "react";
import type { PatientSearchHit } from "@/server/domain/patients/search-patients";
import { searchPatientsAction } from "./actions";

export interface PickedPatient {
  id: string;
  label: string;
}

export interface PatientPickerLabels {
  label: string;
  search: string;
  choose: string;
  change: string;
  none: string;
  searchButton: string;
}

const describe = (p: PatientSearchHit) =>
  `${p.familyName} ${p.givenName}（${p.familyNameKana} ${p.givenNameKana}）${p.birthDate} ・ ${p.regionalId}`;

/** Choose a patient among those the reader may see: the patient search, inside consent. */
export function PatientPicker({
  idPrefix,
  value,
  onChange,
  labels,
  error,
}: {
  idPrefix: string;
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  labels: PatientPickerLabels;
  error?: string;
}) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<PatientSearchHit[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const search = () =>
    startTransition(async () => {
      const r = await searchPatientsAction(query);
      if (r.ok) {
        setHits(r.data);
        setSearchError(null);
      } else setSearchError(r.error.fields[0]?.message ?? r.error.message);
    });

  if (value) {
    return (
      <div>
        <p className="label">{labels.label}</p>
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 p-3">
          <span className="font-medium" data-testid={`${idPrefix}-patient`}>
            {value.label}
          </span>
          <button
            type="button"
            className="btn-secondary ml-auto min-h-9 px-3 py-1"
            onClick={() => onChange(null)}
          >
            {labels.change}
          </button>
        </div>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  return (
    <div>
      <label className="label" htmlFor={`${idPrefix}-patient-search`}>
        {labels.label}
      </label>
      <div className="flex gap-2">
        <input
          className="input"
          id={`${idPrefix}-patient-search`}
          placeholder={labels.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              search();
            }
          }}
        />
        <button
          type="button"
          className="btn-secondary shrink-0"
          onClick={search}
          disabled={pending || !query.trim()}
        >
          {labels.searchButton}
        </button>
      </div>
      {searchError && <p className="field-error">{searchError}</p>}
      {error && <p className="field-error">{error}</p>}
      {hits && (
        <ul className="mt-2 divide-y divide-slate-100" data-testid={`${idPrefix}-patient-results`}>
          {hits.length === 0 && <li className="py-2 text-sm text-slate-600">{labels.none}</li>}
          {hits.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>{describe(p)}</span>
              <button
                type="button"
                className="btn-secondary min-h-9 shrink-0 px-3 py-1"
                onClick={() => onChange({ id: p.id, label: describe(p) })}
              >
                {labels.choose}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
