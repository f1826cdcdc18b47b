/**
 * A horizontal bar chart drawn with CSS, server-rendered: a table whose rows
 * are the bars, so a screen reader reads label and figure as a table and a
 * phone shows the bars without a chart library. A target draws as a mark on
 * the bar; a negative value (a loss of score) is a red bar.
 */
export interface Bar {
  label: string;
  value: number;
  /** the figure as said beside the bar */
  text: string;
  /** a second line under the label (n, part in the stage now ...) */
  note?: string;
  /** a reference on the same scale, drawn as a mark (the target length of stay) */
  marker?: { value: number; text: string };
}

export interface BarGroup {
  heading: string;
  bars: Bar[];
}

export function BarChart({
  title,
  groups,
  empty,
  testId,
}: {
  title: string;
  groups: BarGroup[];
  empty: string;
  testId: string;
}) {
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [Math.abs(b.value), b.marker?.value ?? 0]));
  const max = Math.max(1, ...values);
  const pct = (v: number) => `${Math.min(100, (Math.abs(v) / max) * 100).toFixed(1)}%`;
  const id = `${testId}-title`;
  return (
    <section className="card space-y-3" data-testid={testId} aria-labelledby={id}>
      <h2 id={id} className="font-semibold">
        {title}
      </h2>
      {groups.every((g) => g.bars.length === 0) ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <table className="w-full table-fixed border-collapse text-sm" aria-labelledby={id}>
          {groups
            .filter((g) => g.bars.length > 0)
            .map((g) => (
              <tbody key={g.heading}>
                <tr>
                  <th colSpan={2} scope="colgroup" className="pt-2 pb-1 text-left font-medium text-slate-700">
                    {g.heading}
                  </th>
                </tr>
                {g.bars.map((b, i) => (
                  <tr key={i} className="align-top" data-testid="chart-bar">
                    <th scope="row" className="w-2/5 py-1 pr-2 text-left font-normal break-words">
                      {b.label}
                      {b.note && <span className="block text-xs text-slate-500">{b.note}</span>}
                    </th>
                    <td className="py-1">
                      <div className="relative h-5 rounded bg-slate-100" aria-hidden="true">
                        <div
                          className={`h-5 rounded ${b.value < 0 ? "bg-red-500" : "bg-brand-600"}`}
                          style={{ width: pct(b.value) }}
                        />
                        {b.marker && (
                          <div
                            className="absolute top-[-3px] h-[26px] w-0.5 bg-amber-600"
                            style={{ left: `min(${pct(b.marker.value)}, calc(100% - 2px))` }}
                          />
                        )}
                      </div>
                      <span className="mt-0.5 block text-xs text-slate-700">
                        {b.text}
                        {b.marker && <span className="ml-2 text-amber-800">{b.marker.text}</span>}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
        </table>
      )}
    </section>
  );
}
