"use client";

import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from "react";
import { axialPositions, stackInstances, type VoiRange } from "@/app/lib/imaging-stack";
import { initCornerstone, TOOL, type Cornerstone, type StackViewport, type ToolName } from "./cornerstone";
import { CurrentImageContext, imageOfId } from "./current-image";

/**
 * The diagnostic viewer (Cornerstone3D): a stack viewport per series, loaded
 * through our own DICOMweb proxy (WADO-RS metadata, then frames as they are
 * needed: the slice on screen first, its neighbours in the scroll direction
 * next, re-planned as the reader scrolls, by Cornerstone's context prefetch
 * through its request pool), window/level with presets, zoom and pan, length
 * and angle measurements, stack scroll by wheel, keys, slider or two-finger
 * drag. Two of them side by side make the comparison view (study-comparison.tsx),
 * each with its own ids, series, window and scroll.
 */

export interface ViewerSeries {
  seriesUid: string;
  modality: string;
  description: string;
  number: number | null;
  instances: number | null;
}

export interface ViewerLabels {
  seriesList: string;
  slice: string;
  window: string;
  presets: string;
  presetNames: Record<PresetName, string>;
  tools: string;
  toolNames: Record<ToolName, string>;
  reset: string;
  measurements: string;
  noMeasurements: string;
  loadingSeries: string;
  loaded: string;
  failed: string;
  help: string;
}

type PresetName = "default" | "brain" | "lung" | "bone" | "abdomen";

/** window width / level in HU (CT); "default" is the series' own */
const PRESETS: Record<Exclude<PresetName, "default">, { width: number; center: number }> = {
  brain: { width: 80, center: 40 },
  lung: { width: 1500, center: -600 },
  bone: { width: 2000, center: 400 },
  abdomen: { width: 400, center: 50 },
};

interface Measurement {
  uid: string;
  kind: "length" | "angle";
  text: string;
}

/** What a comparison drives in a viewer: its slice and its window. */
export interface StudyViewerHandle {
  jump(index: number): void;
  setVoi(range: VoiRange): void;
  /** where the viewer stands now (the anchor of a scroll link) */
  index(): number;
}

/** The loaded stack, for linking: its slice count and, for an axial stack, each slice's position (mm). */
export interface ViewerStack {
  count: number;
  positions: number[] | null;
}

export function StudyViewer({
  viewerId = "main",
  apiBase,
  sig,
  series,
  labels,
  children,
  initialSlice = 0,
  paired = false,
  ref,
  onSlice,
  onVoi,
  onStack,
}: {
  /** unique on the page: names this viewer's rendering engine, viewport and tool group */
  viewerId?: string;
  /** /api/images/{patient}/{facility}/{study} */
  apiBase: string;
  sig: string;
  series: ViewerSeries[];
  labels: ViewerLabels;
  /** what works on the image on screen (CurrentImageContext), shown under the controls */
  children?: ReactNode;
  /** the slice (0-based) the first series opens at: the one loaded first */
  initialSlice?: number;
  /** one of two side by side: the series list goes above the image */
  paired?: boolean;
  ref?: Ref<StudyViewerHandle>;
  onSlice?: (index: number) => void;
  onVoi?: (range: VoiRange) => void;
  onStack?: (stack: ViewerStack) => void;
}) {
  const VIEWPORT_ID = `okinet-stack-${viewerId}`;
  const ENGINE_ID = `okinet-engine-${viewerId}`;
  const TOOL_GROUP_ID = `okinet-tools-${viewerId}`;
  const element = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<StackViewport | null>(null);
  const libs = useRef<Cornerstone | null>(null);
  // the latest callbacks, read by listeners registered once
  const listeners = useRef({ onSlice, onVoi, onStack });
  useEffect(() => {
    listeners.current = { onSlice, onVoi, onStack };
  });
  const [seriesUid, setSeriesUid] = useState(series[0]?.seriesUid ?? "");
  const startAt = useRef(Math.max(0, Math.trunc(initialSlice)));
  const [count, setCount] = useState(0);
  const [index, setIndex] = useState(0);
  /** the stack's image ids, to name the frame on screen to the slot (CurrentImageContext) */
  const [stackIds, setStackIds] = useState<string[]>([]);
  const [loadedCount, setLoadedCount] = useState(0);
  const [voi, setVoi] = useState<{ width: number; center: number } | null>(null);
  /** millimetres per screen pixel at the current zoom (told to the reader beside the measurements) */
  const [mmPerPixel, setMmPerPixel] = useState<number | null>(null);
  const [tool, setTool] = useState<ToolName>("wl");
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  const [status, setStatus] = useState<"loading" | "ready" | "failed">("loading");

  const q = `sig=${encodeURIComponent(sig)}`;

  const readVoi = useCallback(() => {
    const vp = viewportRef.current;
    const range = vp?.getProperties().voiRange;
    if (!range) return;
    listeners.current.onVoi?.({ lower: range.lower, upper: range.upper });
    setVoi({
      width: Math.round(range.upper - range.lower),
      center: Math.round((range.upper + range.lower) / 2),
    });
  }, []);

  const readMeasurements = useCallback(() => {
    const tools = libs.current?.tools;
    if (!tools) return;
    const all = tools.annotation.state.getAllAnnotations();
    const out: Measurement[] = [];
    for (const a of all) {
      const name = a.metadata?.toolName;
      const stats = Object.values(
        (a.data as { cachedStats?: Record<string, Record<string, unknown>> }).cachedStats ?? {},
      )[0];
      if (!stats || !a.annotationUID) continue;
      if (name === TOOL.length && typeof stats.length === "number") {
        out.push({
          uid: a.annotationUID,
          kind: "length",
          text: `${stats.length.toFixed(1)} ${typeof stats.unit === "string" ? stats.unit : "mm"}`,
        });
      } else if (name === TOOL.angle && typeof stats.angle === "number") {
        out.push({ uid: a.annotationUID, kind: "angle", text: `${stats.angle.toFixed(1)}°` });
      }
    }
    setMeasurements(out);
  }, []);

  const [engineReady, setEngineReady] = useState(false);

  // the rendering engine, the tool group and their listeners, once
  useEffect(() => {
    let cancelled = false;
    let cleanup = () => undefined as void;
    void (async () => {
      const l = await initCornerstone();
      if (cancelled || !element.current) return;
      libs.current = l;
      const { core, tools } = l;
      const el = element.current;
      const engine = new core.RenderingEngine(ENGINE_ID);
      engine.enableElement({ viewportId: VIEWPORT_ID, type: core.Enums.ViewportType.STACK, element: el });
      viewportRef.current = engine.getViewport<StackViewport>(VIEWPORT_ID);
      const group = tools.ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
      for (const name of Object.values(TOOL)) group.addTool(name);
      group.addViewport(VIEWPORT_ID, ENGINE_ID);
      const onImage = () => {
        const at = viewportRef.current?.getCurrentImageIdIndex() ?? 0;
        setIndex(at);
        listeners.current.onSlice?.(at);
      };
      const onVoi = () => readVoi();
      const onCamera = () => {
        const vp = viewportRef.current;
        if (!vp) return;
        const a = vp.canvasToWorld([0, 0]);
        const b = vp.canvasToWorld([100, 0]);
        setMmPerPixel(Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 100);
      };
      el.addEventListener(core.Enums.Events.CAMERA_MODIFIED, onCamera);
      const onAnnotation = () => readMeasurements();
      const onLoaded = () => setLoadedCount((n) => n + 1);
      el.addEventListener(core.Enums.Events.STACK_NEW_IMAGE, onImage);
      el.addEventListener(core.Enums.Events.VOI_MODIFIED, onVoi);
      for (const ev of [
        tools.Enums.Events.ANNOTATION_COMPLETED,
        tools.Enums.Events.ANNOTATION_MODIFIED,
        tools.Enums.Events.ANNOTATION_REMOVED,
        // the statistics are computed when the annotation is drawn, after the events above
        tools.Enums.Events.ANNOTATION_RENDERED,
      ]) {
        core.eventTarget.addEventListener(ev, onAnnotation);
      }
      core.eventTarget.addEventListener(core.Enums.Events.IMAGE_LOADED, onLoaded);
      const resize = new ResizeObserver(() => engine.resize(true, true));
      resize.observe(el);
      cleanup = () => {
        resize.disconnect();
        el.removeEventListener(core.Enums.Events.STACK_NEW_IMAGE, onImage);
        el.removeEventListener(core.Enums.Events.VOI_MODIFIED, onVoi);
        el.removeEventListener(core.Enums.Events.CAMERA_MODIFIED, onCamera);
        for (const ev of [
          tools.Enums.Events.ANNOTATION_COMPLETED,
          tools.Enums.Events.ANNOTATION_MODIFIED,
          tools.Enums.Events.ANNOTATION_REMOVED,
          // the statistics are computed when the annotation is drawn, after the events above
          tools.Enums.Events.ANNOTATION_RENDERED,
        ]) {
          core.eventTarget.removeEventListener(ev, onAnnotation);
        }
        core.eventTarget.removeEventListener(core.Enums.Events.IMAGE_LOADED, onLoaded);
        tools.utilities.stackContextPrefetch.disable(el);
        tools.ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
        engine.destroy();
        viewportRef.current = null;
      };
      setTool("wl");
      setEngineReady(true);
    })().catch(() => setStatus("failed"));
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [readVoi, readMeasurements, VIEWPORT_ID, ENGINE_ID, TOOL_GROUP_ID]);

  // the chosen tool on the primary button (one finger); wheel scrolls; right and middle zoom and pan;
  // two fingers pan and pinch zooms, as on any tablet viewer
  useEffect(() => {
    const l = libs.current;
    if (!engineReady || !l) return;
    const { tools } = l;
    const group = tools.ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
    if (!group) return;
    const { MouseBindings } = tools.Enums;
    const primary = TOOL;
    for (const name of Object.values(primary)) group.setToolPassive(name, { removeAllBindings: true });
    group.setToolActive(TOOL.scroll, {
      bindings: [{ mouseButton: MouseBindings.Wheel }],
    });
    group.setToolActive(TOOL.pan, {
      bindings: [{ mouseButton: MouseBindings.Auxiliary }, { numTouchPoints: 2 }],
    });
    group.setToolActive(TOOL.zoom, {
      bindings: [{ mouseButton: MouseBindings.Secondary }, { numTouchPoints: 2 }],
    });
    const bindings = [{ mouseButton: MouseBindings.Primary }];
    if (tool === "scroll") {
      group.setToolActive(TOOL.scroll, {
        bindings: [{ mouseButton: MouseBindings.Wheel }, ...bindings],
      });
    } else {
      group.setToolActive(primary[tool], {
        bindings:
          tool === "pan"
            ? [{ mouseButton: MouseBindings.Auxiliary }, { numTouchPoints: 2 }, ...bindings]
            : tool === "zoom"
              ? [{ mouseButton: MouseBindings.Secondary }, { numTouchPoints: 2 }, ...bindings]
              : bindings,
      });
    }
  }, [tool, engineReady, TOOL_GROUP_ID]);

  // the series: its metadata through the proxy, the stack, the first image, then prefetch around it
  useEffect(() => {
    const l = libs.current;
    const vp = viewportRef.current;
    if (!engineReady || !l || !vp || !seriesUid) return;
    let cancelled = false;
    setStatus("loading");
    setLoadedCount(0);
    void (async () => {
      const res = await fetch(`${apiBase}/series/${seriesUid}/metadata?${q}`, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`metadata ${res.status}`);
      const instances = stackInstances((await res.json()) as never);
      const origin = window.location.origin;
      const imageIds: string[] = [];
      for (const i of instances) {
        for (let f = 1; f <= i.frames; f++) {
          const imageId = `wadors:${origin}${apiBase}/series/${seriesUid}/instances/${i.uid}/frames/${f}?${q}`;
          l.loader.wadors.metaDataManager.add(imageId, i.metadata as never);
          imageIds.push(imageId);
        }
      }
      if (cancelled) return;
      setCount(imageIds.length);
      setStackIds(imageIds);
      // only the slice shown is loaded here (an interaction request, ahead of any prefetch)
      const at = Math.min(imageIds.length - 1, startAt.current);
      startAt.current = 0;
      await vp.setStack(imageIds, at);
      if (cancelled) return;
      vp.resetCamera();
      vp.render();
      l.tools.utilities.stackContextPrefetch.enable(vp.element);
      setIndex(vp.getCurrentImageIdIndex());
      listeners.current.onStack?.({ count: imageIds.length, positions: axialPositions(instances) });
      readVoi();
      setStatus("ready");
    })().catch(() => {
      if (!cancelled) setStatus("failed");
    });
    return () => {
      cancelled = true;
      // on unmount the engine is gone already (its cleanup ran first, and disabled this)
      if (libs.current && viewportRef.current === vp)
        libs.current.tools.utilities.stackContextPrefetch.disable(vp.element);
    };
  }, [engineReady, seriesUid, apiBase, q, readVoi]);

  const jump = useCallback((to: number) => {
    const vp = viewportRef.current;
    if (!vp) return;
    const target = Math.max(0, Math.min(vp.getImageIds().length - 1, to));
    void vp.setImageIdIndex(target);
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      jump,
      setVoi: (range) => {
        const vp = viewportRef.current;
        if (!vp || vp.getImageIds().length === 0) return;
        vp.setProperties({ voiRange: range });
        vp.render();
      },
      index: () => viewportRef.current?.getCurrentImageIdIndex() ?? 0,
    }),
    [jump],
  );

  const preset = (name: PresetName) => {
    const vp = viewportRef.current;
    if (!vp) return;
    if (name === "default") vp.resetProperties();
    else {
      const p = PRESETS[name];
      vp.setProperties({ voiRange: { lower: p.center - p.width / 2, upper: p.center + p.width / 2 } });
    }
    vp.render();
    readVoi();
  };

  const reset = () => {
    const vp = viewportRef.current;
    if (!vp) return;
    vp.resetCamera();
    vp.resetProperties();
    vp.render();
    readVoi();
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowUp" || e.key === "ArrowLeft") jump(index - 1);
    else if (e.key === "ArrowDown" || e.key === "ArrowRight") jump(index + 1);
    else if (e.key === "PageUp") jump(index - 10);
    else if (e.key === "PageDown") jump(index + 10);
    else return;
    e.preventDefault();
  };

  const toolNames: ToolName[] = ["wl", "pan", "zoom", "length", "angle", "scroll"];
  const onScreen = status === "ready" ? imageOfId(stackIds[index]) : null;
  const current = onScreen && voi ? { ...onScreen, windowCenter: voi.center, windowWidth: voi.width } : null;

  return (
    <div
      className={`flex min-w-0 flex-col gap-3 ${paired ? "" : "lg:flex-row"}`}
      data-testid="study-viewer"
      data-viewer={viewerId}
    >
      <aside
        className={`order-2 min-w-0 space-y-2 ${paired ? "" : "lg:order-1 lg:w-48"}`}
        aria-label={labels.seriesList}
      >
        <h2 className="text-sm font-semibold">{labels.seriesList}</h2>
        <ul className={`flex gap-2 overflow-x-auto ${paired ? "" : "lg:flex-col"}`}>
          {series.map((s) => (
            <li key={s.seriesUid}>
              <button
                type="button"
                onClick={() => setSeriesUid(s.seriesUid)}
                aria-pressed={s.seriesUid === seriesUid}
                className={`flex w-36 flex-col items-start gap-1 rounded-md border p-2 text-left text-xs ${paired ? "" : "lg:w-full"} ${
                  s.seriesUid === seriesUid ? "border-brand-600 bg-brand-50" : "border-slate-200"
                }`}
                data-testid="series-button"
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- a proxied PACS thumbnail, not a static asset */}
                <img
                  src={`${apiBase}/series/${s.seriesUid}/thumbnail?${q}`}
                  alt=""
                  width={128}
                  height={128}
                  className="h-24 w-24 rounded bg-black object-contain"
                />
                <span className="font-medium">
                  {s.modality} {s.number !== null && `#${s.number}`}
                </span>
                <span className="break-words text-slate-600">{s.description}</span>
                {s.instances !== null && <span className="text-slate-500">{s.instances}</span>}
              </button>
            </li>
          ))}
        </ul>
      </aside>

      <div className={`order-1 min-w-0 flex-1 space-y-2 ${paired ? "" : "lg:order-2"}`}>
        <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={labels.tools}>
          {toolNames.map((name) => (
            <button
              key={name}
              type="button"
              className={`min-h-11 rounded-md border px-3 text-sm ${tool === name ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white"}`}
              aria-pressed={tool === name}
              onClick={() => setTool(name)}
              data-testid={`tool-${name}`}
            >
              {labels.toolNames[name]}
            </button>
          ))}
          <button
            type="button"
            className="min-h-11 rounded-md border border-slate-300 px-3 text-sm"
            onClick={reset}
          >
            {labels.reset}
          </button>
        </div>
        <div className="flex flex-wrap items-center gap-2" aria-label={labels.presets}>
          <span className="text-xs text-slate-600">{labels.presets}</span>
          {(["default", "brain", "lung", "bone", "abdomen"] as const).map((name) => (
            <button
              key={name}
              type="button"
              className="min-h-11 rounded-md border border-slate-300 bg-white px-3 text-sm"
              onClick={() => preset(name)}
              data-testid={`preset-${name}`}
            >
              {labels.presetNames[name]}
            </button>
          ))}
        </div>
        <div
          ref={element}
          // the keyboard moves through the slices, as the slider below does
          role="slider"
          aria-label={labels.slice}
          aria-valuemin={1}
          aria-valuemax={Math.max(1, count)}
          aria-valuenow={index + 1}
          tabIndex={0}
          onKeyDown={onKey}
          onContextMenu={(e) => e.preventDefault()}
          className="relative aspect-square w-full touch-none bg-black outline-none focus-visible:ring-2 focus-visible:ring-brand-500 lg:aspect-auto lg:h-[70vh]"
          data-testid="viewport"
          data-mm-per-pixel={mmPerPixel ?? undefined}
          data-status={status}
        />
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex flex-1 items-center gap-2">
            <span>{labels.slice}</span>
            <input
              type="range"
              min={1}
              max={Math.max(1, count)}
              value={index + 1}
              onChange={(e) => jump(Number(e.target.value) - 1)}
              className="min-h-11 flex-1"
              data-testid="slice-slider"
              aria-valuetext={`${index + 1} / ${count}`}
            />
          </label>
          <output className="font-mono" data-testid="slice-index" data-index={index + 1}>
            {index + 1} / {count}
          </output>
          <output className="font-mono" data-testid="voi" data-width={voi?.width} data-center={voi?.center}>
            {labels.window} {voi ? `${voi.width} / ${voi.center}` : "–"}
          </output>
          <span className="text-xs text-slate-500" data-testid="loaded-count">
            {status === "failed"
              ? labels.failed
              : status === "loading"
                ? labels.loadingSeries
                : labels.loaded
                    .replace("{n}", String(Math.min(loadedCount, count)))
                    .replace("{total}", String(count))}
          </span>
        </div>
        <CurrentImageContext value={current}>{children}</CurrentImageContext>
        <p className="text-xs text-slate-500">{labels.help}</p>
        <section aria-label={labels.measurements} className="text-sm">
          <h2 className="font-semibold">{labels.measurements}</h2>
          {measurements.length === 0 ? (
            <p className="text-slate-600">{labels.noMeasurements}</p>
          ) : (
            <ul data-testid="measurements">
              {measurements.map((m) => (
                <li key={m.uid} className="font-mono" data-kind={m.kind} data-testid="measurement">
                  {labels.toolNames[m.kind]}: {m.text}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
