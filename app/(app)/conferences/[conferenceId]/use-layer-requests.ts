import { useEffect, useState, type RefObject } from "react";
import type { SignallingSocket } from "@/app/ui/signalling-socket";
import { layerForCount, layerForTile } from "./simulcast-layer";
import type { Tile } from "./media-tiles";

/** The simulcast layer asked for one consumer, and whether the SFU took it. */
export interface RequestedLayer {
  layer: number;
  accepted?: boolean;
}

/** The layer each camera tile needs: by its drawn width once known, else by how many cameras share the grid. */
function layersFor(tiles: Tile[], tileWidths: Record<string, number>): Record<string, number> {
  const cameras = tiles.filter((t) => t.kind === "video" && t.source === "camera");
  const dpr = typeof window === "undefined" ? 1 : window.devicePixelRatio;
  const layers: Record<string, number> = {};
  for (const tile of cameras) {
    const width = tileWidths[tile.consumerId];
    layers[tile.consumerId] = width ? layerForTile(width, dpr) : layerForCount(cameras.length);
  }
  return layers;
}

/**
 * Each receiver asks for the simulcast layer its tiles need: one large tile gets
 * the full resolution, a grid of small ones the lowest (saves the SFU's and the
 * phone's bandwidth). Returns the layer asked for each tile and how a tile tells
 * its drawn width.
 */
export function useLayerRequests({
  socket,
  conferenceId,
  tiles,
  requestedLayers,
}: {
  socket: SignallingSocket;
  conferenceId: string;
  tiles: Tile[];
  /** what was asked per consumer; the session clears it when it is torn down */
  requestedLayers: RefObject<Map<string, RequestedLayer>>;
}) {
  // each video tile's width as drawn (CSS pixels), for the layer it needs
  const [tileWidths, setTileWidths] = useState<Record<string, number>>({});
  // the layer each camera tile needs, asked below and shown on it (data-layer) for the curious and the tests
  const tileLayers = layersFor(tiles, tileWidths);
  useEffect(() => {
    for (const [consumerId, layer] of Object.entries(layersFor(tiles, tileWidths))) {
      if (requestedLayers.current.get(consumerId)?.layer === layer) continue;
      const request: RequestedLayer = { layer };
      requestedLayers.current.set(consumerId, request);
      void socket
        .emitWithAck("media:consumer:layers", {
          conferenceId,
          consumerId,
          spatialLayer: layer,
        })
        .then((reply) => {
          request.accepted = reply.ok;
        });
    }
  }, [tiles, tileWidths, socket, conferenceId, requestedLayers]);

  const setTileWidth = (consumerId: string, width: number) =>
    setTileWidths((w) => (w[consumerId] === width ? w : { ...w, [consumerId]: width }));
  return { tileLayers, setTileWidth };
}
