"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";
import { linkedSlice, sameVoi, scrollLink, type ScrollLink, type VoiRange } from "@/app/lib/imaging-stack";
import {
  StudyViewer,
  type StudyViewerHandle,
  type ViewerLabels,
  type ViewerSeries,
  type ViewerStack,
} from "./study-viewer";

/**
 * 比較表示 / Two studies of the patient side by side (stacked on a phone), each
 * viewer with its own series, window and scroll. Linked scroll follows the
 * viewer the reader is working in: the other moves by the same distance from
 * where both stood when the link was made (by slice position when both are
 * axial stacks with positions, else by slice count). Linked window copies the
 * working viewer's window to the other. The link is kept in the URL with the studies.
 */

export interface ComparedViewer {
  apiBase: string;
  sig: string;
  series: ViewerSeries[];
  heading: ReactNode;
}

export interface ComparisonLabels {
  linkScroll: string;
  linkVoi: string;
  linkedBy: { position: string; index: string };
}

type Side = 0 | 1;
const SIDES: readonly Side[] = [0, 1];

export function StudyComparison({
  viewers,
  viewerLabels,
  labels,
  initialLink,
}: {
  viewers: [ComparedViewer, ComparedViewer];
  viewerLabels: ViewerLabels;
  labels: ComparisonLabels;
  initialLink: { scroll: boolean; voi: boolean };
}) {
  const handles = useRef<[StudyViewerHandle | null, StudyViewerHandle | null]>([null, null]);
  const stacks = useRef<[ViewerStack | null, ViewerStack | null]>([null, null]);
  /** the viewer the reader last touched, scrolled or typed in: the one that leads a link */
  const active = useRef<Side>(0);
  const [scroll, setScroll] = useState<ScrollLink | null>(null);
  const [wantScroll, setWantScroll] = useState(initialLink.scroll);
  const [voiLinked, setVoiLinked] = useState(initialLink.voi);
  const lastVoi = useRef<[VoiRange | null, VoiRange | null]>([null, null]);

  const anchorNow = useCallback((): ScrollLink | null => {
    const [a, b] = stacks.current;
    const [ha, hb] = handles.current;
    if (!a || !b || !ha || !hb) return null;
    return scrollLink([a.positions, b.positions], [ha.index(), hb.index()]);
  }, []);

  const keepInUrl = (link: { scroll: boolean; voi: boolean }) => {
    const url = new URL(window.location.href);
    const on = [link.scroll && "scroll", link.voi && "voi"].filter(Boolean).join(",");
    if (on) url.searchParams.set("link", on);
    else url.searchParams.delete("link");
    window.history.replaceState(window.history.state, "", url);
  };

  const toggleScroll = () => {
    const next = !wantScroll;
    setWantScroll(next);
    setScroll(next ? anchorNow() : null);
    keepInUrl({ scroll: next, voi: voiLinked });
  };

  const toggleVoi = () => {
    const next = !voiLinked;
    setVoiLinked(next);
    keepInUrl({ scroll: wantScroll, voi: next });
    const lead = active.current;
    const range = lastVoi.current[lead];
    if (next && range) handles.current[lead === 0 ? 1 : 0]?.setVoi(range);
  };

  const onStack = (side: Side, stack: ViewerStack) => {
    stacks.current[side] = stack;
    // a new series in either viewer: the link is anchored again where both now stand
    if (wantScroll) setScroll(anchorNow());
  };

  const onSlice = (side: Side, index: number) => {
    if (!scroll || side !== active.current) return;
    const [a, b] = stacks.current;
    if (!a || !b) return;
    const to: Side = side === 0 ? 1 : 0;
    const target = linkedSlice(scroll, [a.positions, b.positions], [a.count, b.count], side, index);
    const other = handles.current[to];
    if (other && other.index() !== target) other.jump(target);
  };

  const onVoi = (side: Side, range: VoiRange) => {
    lastVoi.current[side] = range;
    if (!voiLinked || side !== active.current) return;
    const to: Side = side === 0 ? 1 : 0;
    if (!sameVoi(lastVoi.current[to] ?? undefined, range)) handles.current[to]?.setVoi(range);
  };

  const lead = (side: Side) => () => {
    active.current = side;
  };

  return (
    <div className="space-y-3" data-testid="study-comparison">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm">
          <input type="checkbox" checked={wantScroll} onChange={toggleScroll} data-testid="link-scroll" />
          {labels.linkScroll}
        </label>
        <label className="flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm">
          <input type="checkbox" checked={voiLinked} onChange={toggleVoi} data-testid="link-voi" />
          {labels.linkVoi}
        </label>
        {scroll && (
          <span className="text-xs text-slate-600" data-testid="linked-by" data-by={scroll.by}>
            {labels.linkedBy[scroll.by]}
          </span>
        )}
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {SIDES.map((side) => (
          <section
            key={side}
            className="min-w-0 space-y-2"
            onPointerDownCapture={lead(side)}
            onWheelCapture={lead(side)}
            onKeyDownCapture={lead(side)}
            onFocusCapture={lead(side)}
            data-testid="compared-study"
          >
            {viewers[side].heading}
            <StudyViewer
              viewerId={side === 0 ? "left" : "right"}
              apiBase={viewers[side].apiBase}
              sig={viewers[side].sig}
              series={viewers[side].series}
              labels={viewerLabels}
              paired
              ref={(h) => {
                handles.current[side] = h;
              }}
              onSlice={(i) => onSlice(side, i)}
              onVoi={(r) => onVoi(side, r)}
              onStack={(s) => onStack(side, s)}
            />
          </section>
        ))}
      </div>
    </div>
  );
}
