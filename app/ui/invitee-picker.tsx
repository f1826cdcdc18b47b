"use client";

import { useState, useTransition } from "react";
import { searchDirectoryAction, type DirectoryEntry } from "./directory-search-action";

export interface Invitee {
  id: string;
  name: string;
  /** profession and facility, as the chip shows them */
  detail: string;
}

export interface InviteePickerLabels {
  invitees: string;
  directorySearch: string;
  search: string;
  add: string;
  remove: string;
  noneFound: string;
}

/**
 * People invited by name: chips that can be taken off, and a search of the
 * practitioner directory (Enter or the button) whose results can be added.
 * Used by the conference form and the pathway-meeting form.
 */
export function InviteePicker({
  invitees,
  onChange,
  professions,
  labels,
  error,
}: {
  invitees: Invitee[];
  onChange: (invitees: Invitee[]) => void;
  professions: Record<string, string>;
  labels: InviteePickerLabels;
  error?: string;
}) {
  const [pending, startTransition] = useTransition();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<DirectoryEntry[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);

  const search = () =>
    startTransition(async () => {
      const r = await searchDirectoryAction(query);
      if (r.ok) {
        setFound(r.data);
        setSearchError(null);
      } else setSearchError(r.error.fields[0]?.message ?? r.error.message); // the query's own message, not its field name
    });
  const describe = (x: DirectoryEntry): Invitee => ({
    id: x.id,
    name: `${x.familyName} ${x.givenName}`,
    detail: `${professions[x.profession] ?? x.profession}・${x.facilityName}`,
  });

  return (
    <fieldset>
      <legend className="label">{labels.invitees}</legend>
      <ul className="mb-2 flex flex-wrap gap-2" data-testid="invitees">
        {invitees.map((i) => (
          <li
            key={i.id}
            className="badge max-w-full flex-wrap gap-2 bg-brand-100 py-1 text-brand-800"
            data-testid="invitee"
          >
            <span className="break-all">
              {i.name}（{i.detail}）
            </span>
            <button
              type="button"
              className="min-h-9 underline"
              onClick={() => onChange(invitees.filter((x) => x.id !== i.id))}
            >
              {labels.remove}
            </button>
          </li>
        ))}
      </ul>
      <div className="flex gap-2">
        <input
          className="input min-w-0"
          aria-label={labels.directorySearch}
          placeholder={labels.directorySearch}
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
          {labels.search}
        </button>
      </div>
      {searchError && <p className="field-error">{searchError}</p>}
      {found && (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="directory-results">
          {found.length === 0 && <li className="py-2 text-sm text-slate-600">{labels.noneFound}</li>}
          {found
            .filter((x) => !invitees.some((i) => i.id === x.id))
            .map((x) => (
              <li key={x.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 break-words">
                  {x.familyName} {x.givenName}{" "}
                  <span className="text-slate-500">
                    {professions[x.profession] ?? x.profession}・{x.facilityName}
                    {x.loginId && `（${x.loginId}）`}
                  </span>
                </span>
                <button
                  type="button"
                  className="btn-secondary min-h-9 shrink-0 px-3 py-1"
                  onClick={() => onChange([...invitees, describe(x)])}
                >
                  {labels.add}
                </button>
              </li>
            ))}
        </ul>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
