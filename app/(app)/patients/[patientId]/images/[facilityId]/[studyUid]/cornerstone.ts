import type * as CoreModule from "@cornerstonejs/core";
import type * as ToolsModule from "@cornerstonejs/tools";
import type * as LoaderModule from "@cornerstonejs/dicom-image-loader";

/**
 * Cornerstone3D for the viewer, set up once per page load (its state is global)
 * and shared by every viewport on the page. Everything it runs (the decoding
 * worker and its WebAssembly codecs) is bundled by Next.js from the npm
 * packages and served from our own origin: nothing is fetched from elsewhere.
 */

export type Core = typeof CoreModule;
export type Tools = typeof ToolsModule;
export type StackViewport = CoreModule.Types.IStackViewport;
export interface Cornerstone {
  core: Core;
  tools: Tools;
  loader: typeof LoaderModule;
}

export type ToolName = "wl" | "pan" | "zoom" | "length" | "angle" | "scroll";

/** the tools' registered names (their static toolName, typed `any` by the package) */
export const TOOL: Record<ToolName, string> = {
  wl: "WindowLevel",
  pan: "Pan",
  zoom: "Zoom",
  length: "Length",
  angle: "Angle",
  scroll: "StackScroll",
};

let initialised: Promise<Cornerstone> | null = null;

export function initCornerstone(): Promise<Cornerstone> {
  initialised ??= (async () => {
    const [core, tools, loader] = await Promise.all([
      import("@cornerstonejs/core"),
      import("@cornerstonejs/tools"),
      import("@cornerstonejs/dicom-image-loader"),
    ]);
    core.init();
    loader.init({ maxWebWorkers: Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)) });
    tools.init();
    for (const Tool of [
      tools.WindowLevelTool,
      tools.PanTool,
      tools.ZoomTool,
      tools.StackScrollTool,
      tools.LengthTool,
      tools.AngleTool,
    ]) {
      tools.addTool(Tool);
    }
    // the slice on screen first, then its neighbours in the scroll direction, re-planned as the
    // reader scrolls; the rest of the series fills the cache afterwards
    tools.utilities.stackContextPrefetch.setConfiguration({
      maxImagesToPrefetch: Infinity,
      minBefore: 2,
      maxAfter: 4,
      directionExtraImages: 10,
      preserveExistingPool: false,
    });
    return { core, tools, loader };
  })();
  return initialised;
}
