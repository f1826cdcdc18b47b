export interface FacilityOption {
  id: string;
  name: string;
  kindLabel: string;
  /** a short mark after the name (紹介元, 第1版から送付済み, 同意の範囲外) */
  notes?: string[];
  /** cannot be unticked (a discharge summary already sent there) */
  locked?: boolean;
}

/**
 * A scrollable checklist of facilities: the facilities a patient agrees to share
 * with (a form field posted as `facilityIds`), or, with `selectedIds` and
 * `onToggle`, a controlled list (where a discharge summary goes).
 */
export function FacilityChecklist({
  legend,
  facilities,
  error,
  className = "",
  checkedIds = [],
  selectedIds,
  onToggle,
  help,
}: {
  legend: string;
  facilities: FacilityOption[];
  error?: string;
  className?: string;
  /** facilities ticked from the start (the referral's destination when a send needs 連携先追加) */
  checkedIds?: string[];
  /** controlled: the ticked facilities (with `onToggle`) */
  selectedIds?: readonly string[];
  onToggle?: (facilityId: string, checked: boolean) => void;
  help?: string;
}) {
  return (
    <fieldset className={className} data-testid="facility-checklist">
      <legend className="label">{legend}</legend>
      {help && <p className="mb-2 text-sm text-slate-600">{help}</p>}
      <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
        {facilities.map((f) => (
          <label
            key={f.id}
            className="flex min-h-10 flex-wrap items-center gap-x-2 text-sm"
            data-testid="facility-option"
          >
            {onToggle ? (
              <input
                type="checkbox"
                name="facilityIds"
                value={f.id}
                checked={selectedIds?.includes(f.id) ?? false}
                disabled={f.locked}
                onChange={(e) => onToggle(f.id, e.target.checked)}
                className="size-5"
              />
            ) : (
              <input
                type="checkbox"
                name="facilityIds"
                value={f.id}
                defaultChecked={checkedIds.includes(f.id)}
                className="size-5"
              />
            )}
            <span>{f.name}</span>
            <span className="text-xs text-slate-500">{f.kindLabel}</span>
            {f.notes?.map((note) => (
              <span key={note} className="badge bg-brand-100 text-xs text-brand-800">
                {note}
              </span>
            ))}
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
