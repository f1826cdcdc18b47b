"use client";

import { createContext, useContext } from "react";

/** The frame on screen in the viewer and the window it is shown with. */
export interface CurrentImage {
  seriesUid: string;
  instanceUid: string;
  /** 1-based, as WADO-RS numbers frames */
  frame: number;
  windowCenter: number;
  windowWidth: number;
}

/**
 * The viewer's slot for what works on the image on screen (a reading's key-image
 * marker): the viewer provides the current image, its children read it. Null
 * while no image is shown.
 */
export const CurrentImageContext = createContext<CurrentImage | null>(null);

export const useCurrentImage = () => useContext(CurrentImageContext);

/** The frame an image id of ours names (…/series/{s}/instances/{i}/frames/{f}?…). */
export function imageOfId(
  imageId: string | undefined,
): Omit<CurrentImage, "windowCenter" | "windowWidth"> | null {
  const m = imageId ? /\/series\/([0-9.]+)\/instances\/([0-9.]+)\/frames\/(\d+)(\?|$)/.exec(imageId) : null;
  return m ? { seriesUid: m[1]!, instanceUid: m[2]!, frame: Number(m[3]) } : null;
}
