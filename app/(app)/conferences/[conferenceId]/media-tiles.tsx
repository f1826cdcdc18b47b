"use client";

import { useEffect, useEffectEvent, useRef } from "react";

/** One stream received from another participant. */
export interface Tile {
  consumerId: string;
  producerId: string;
  practitionerId: string;
  kind: "audio" | "video";
  source: string;
  track: MediaStreamTrack;
  /** made once per tile, so a re-render does not restart the video element */
  stream: MediaStream;
}

/**
 * The received media: screens shown large above, then the grid of cameras
 * (one's own preview first), and the voices (no picture).
 */
export function MediaTiles({
  tiles,
  local,
  me,
  speaking,
  names,
  tileLayers,
  onTileWidth,
  labels,
}: {
  tiles: Tile[];
  /** one's own camera, muted */
  local: MediaStream | null;
  me: string;
  speaking: string | null;
  names: Record<string, string>;
  tileLayers: Record<string, number>;
  onTileWidth: (consumerId: string, width: number) => void;
  labels: { you: string; screenOf: string };
}) {
  return (
    <>
      {tiles
        .filter((t) => t.kind === "video" && t.source === "screen")
        .map((t) => (
          <VideoTile
            key={t.consumerId}
            stream={t.stream}
            label={`${labels.screenOf} ${names[t.practitionerId] ?? ""}`}
            testId="screen-tile"
            contain
          />
        ))}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="media-grid">
        {local && <VideoTile stream={local} label={labels.you} muted speaking={speaking === me} />}
        {tiles
          .filter((t) => t.kind === "video" && t.source !== "screen")
          .map((t) => (
            <VideoTile
              key={t.consumerId}
              stream={t.stream}
              label={names[t.practitionerId] ?? ""}
              speaking={speaking === t.practitionerId}
              layer={tileLayers[t.consumerId]}
              onWidth={(width) => onTileWidth(t.consumerId, width)}
            />
          ))}
        {tiles
          .filter((t) => t.kind === "audio")
          .map((t) => (
            <AudioSink key={t.consumerId} track={t.track} />
          ))}
      </div>
    </>
  );
}

function VideoTile({
  stream,
  label,
  muted = false,
  speaking = false,
  contain = false,
  testId = "video-tile",
  layer,
  onWidth,
}: {
  stream: MediaStream;
  label: string;
  muted?: boolean;
  speaking?: boolean;
  contain?: boolean;
  testId?: string;
  /** the simulcast layer asked for this tile (shown as data-layer) */
  layer?: number;
  /** told the tile's drawn width (CSS pixels, rounded to 10) whenever it changes */
  onWidth?: (width: number) => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const figure = useRef<HTMLElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  const measured = onWidth !== undefined;
  const measuredWidth = useEffectEvent((width: number) => onWidth?.(width));
  useEffect(() => {
    const element = figure.current;
    if (!element || !measured || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) measuredWidth(Math.round(entry.contentRect.width / 10) * 10);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [measured]);
  return (
    <figure
      ref={figure}
      className={`relative overflow-hidden rounded-md bg-slate-900 ${speaking ? "ring-4 ring-amber-400" : ""}`}
      data-testid={testId}
      data-speaking={speaking || undefined}
      data-layer={layer}
    >
      {/* eslint-disable-next-line jsx-a11y/media-has-caption -- a live call: no caption track exists to give; the speaker is named under the picture */}
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={muted}
        className={`aspect-video w-full ${contain ? "object-contain" : "object-cover"}`}
      />
      <figcaption className="absolute bottom-1 left-1 rounded bg-black/60 px-2 text-xs text-white">
        {label}
      </figcaption>
    </figure>
  );
}

function AudioSink({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = new MediaStream([track]);
  }, [track]);
  // eslint-disable-next-line jsx-a11y/media-has-caption -- a live call's voice: no caption track exists to give
  return <audio ref={ref} autoPlay />;
}
