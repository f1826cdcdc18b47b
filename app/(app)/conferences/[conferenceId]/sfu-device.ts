import { Device } from "mediasoup-client";
import type { RtpCapabilities } from "mediasoup-client/types";

let loaded: { key: string; device: Promise<Device> } | null = null;

/**
 * A mediasoup-client Device loaded with the router's capabilities, one per page and
 * capabilities. Loading probes the browser with a peer connection of its own (tens of
 * milliseconds), so the room starts it while the device check is still on screen, with
 * the capabilities the page came with; entering then finds it ready. Another set of
 * capabilities (a node with other codecs) loads a Device of its own.
 */
export function loadedDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
  const key = JSON.stringify(routerRtpCapabilities);
  if (loaded?.key !== key) {
    const device = new Device();
    const loading = device.load({ routerRtpCapabilities }).then(() => device);
    const entry = { key, device: loading };
    loaded = entry;
    loading.catch(() => {
      if (loaded === entry) loaded = null;
    });
  }
  return loaded.device;
}
