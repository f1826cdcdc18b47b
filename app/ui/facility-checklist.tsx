export interface FacilityOption {
  id: string;
  name: string;
  kindLabel: string;
}

/** The facilities a patient agrees to share with: a scrollable checklist posted as `facilityIds`. */
export function FacilityChecklist({
  legend,
  facilities,
  error,
  className = "",
  checkedIds = [],
}: {
  legend: string;
  facilities: FacilityOption[];
  error?: string;
  className?: string;
  /** facilities ticked from the start (the referral's destination when a send needs 連携先追加) */
  checkedIds?: string[];
}) {
  return (
    <fieldset className={className}>
      <legend className="label">{legend}</legend>
      <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
        {facilities.map((f) => (
          <label key={f.id} className="flex min-h-10 items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="facilityIds"
              value={f.id}
              defaultChecked={checkedIds.includes(f.id)}
              className="size-5"
            />
            <span>{f.name}</span>
            <span className="text-xs text-slate-500">{f.kindLabel}</span>
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
