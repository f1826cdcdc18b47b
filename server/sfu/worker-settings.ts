import type { WorkerSettings } from "mediasoup/types";

/**
 * libwebrtc's field trials in every worker: mediasoup's default, plus the transport-cc
 * pacer woken every 25 ms instead of every 5 ms. mediasoup sends media unpaced; its pacer
 * only meters probing and padding (a probe cluster still sets its own times), so the 5 ms
 * wake-ups per transport with a bandwidth estimate were a timer, a budget update and a
 * Process() call 200 times a second for little: the real path measured ~10.7 -> ~8.6 µs per
 * forwarded packet at K=100 (bench/sfu-forwarding.ts). The same timer drives the bandwidth
 * estimator, whose interval in libwebrtc is 25 ms (goog_cc_factory.cc): it now runs at that
 * rate instead of five times as often.
 */
export const LIBWEBRTC_FIELD_TRIALS =
  "WebRTC-Bwe-AlrLimitedBackoff/Enabled/WebRTC-Pacer-MinPacketLimitMs/25/";

/** What every mediasoup worker of the SFU starts with (server/sfu/sfu.ts; the SFU benchmark uses the same). */
export const SFU_WORKER_SETTINGS: Omit<WorkerSettings, "appData"> = {
  logLevel: "warn",
  libwebrtcFieldTrials: LIBWEBRTC_FIELD_TRIALS,
};
