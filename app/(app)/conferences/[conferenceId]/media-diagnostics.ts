import type { Consumer, Producer } from "mediasoup-client/types";
import { useEffect, type RefObject } from "react";
import type { RequestedLayer } from "./use-layer-requests";

interface Diagnostics {
  okinetMediaStats?: () => Promise<unknown[]>;
  okinetMediaSending?: () => unknown[];
}

/**
 * Diagnostics for support staff and tests, on `window`: what each incoming
 * stream decodes (and over which protocol, at which simulcast layer), and what
 * is sent.
 */
export function useMediaDiagnostics({
  consumers,
  producers,
  requestedLayers,
  iceRestarts,
}: {
  consumers: RefObject<Map<string, Consumer>>;
  producers: RefObject<Map<string, Producer>>;
  requestedLayers: RefObject<Map<string, RequestedLayer>>;
  iceRestarts: RefObject<number>;
}) {
  useEffect(() => {
    const diagnostics = window as unknown as Diagnostics;
    diagnostics.okinetMediaStats = async () => {
      const out: unknown[] = [];
      for (const c of consumers.current.values()) {
        const layer = requestedLayers.current.get(c.id);
        const report = await c.getStats();
        // the protocol (udp/tcp) of the candidate pair ICE selected: whether media went over TCP
        // (the transport's selected pair first; a nominated, succeeded pair where the browser gives none)
        let protocol: string | undefined;
        const localProtocol = (pairId: string | undefined) => {
          const pair = report.get(pairId ?? "") as { localCandidateId?: string } | undefined;
          return (report.get(pair?.localCandidateId ?? "") as { protocol?: string } | undefined)?.protocol;
        };
        for (const s of report.values()) {
          const t = s as { type: string; selectedCandidatePairId?: string };
          if (t.type === "transport" && t.selectedCandidatePairId)
            protocol ??= localProtocol(t.selectedCandidatePairId);
        }
        for (const s of report.values()) {
          const pair = s as { type: string; id: string; nominated?: boolean; state?: string };
          if (pair.type === "candidate-pair" && pair.nominated && pair.state === "succeeded")
            protocol ??= localProtocol(pair.id);
        }
        for (const s of report.values()) {
          const r = s as {
            type: string;
            kind?: string;
            framesDecoded?: number;
            packetsReceived?: number;
            bytesReceived?: number;
            totalAudioEnergy?: number;
          };
          if (r.type === "inbound-rtp")
            out.push({
              kind: r.kind,
              framesDecoded: r.framesDecoded ?? 0,
              packetsReceived: r.packetsReceived ?? 0,
              bytesReceived: r.bytesReceived ?? 0,
              totalAudioEnergy: r.totalAudioEnergy ?? 0,
              protocol,
              source: (c.appData as { source?: string }).source,
              consumerId: c.id,
              producerId: c.producerId,
              requestedLayer: layer?.layer,
              layerAccepted: layer?.accepted,
            });
        }
      }
      return out;
    };
    diagnostics.okinetMediaSending = () =>
      [...producers.current.entries()].map(([source, p]) => ({
        source,
        producerId: p.id,
        paused: p.paused,
        device: p.track?.label ?? "",
        iceRestarts: iceRestarts.current,
      }));
    return () => {
      delete diagnostics.okinetMediaStats;
      delete diagnostics.okinetMediaSending;
    };
  }, [consumers, producers, requestedLayers, iceRestarts]);
}
