import type { WorkerSettings } from "mediasoup/types";

/** What every mediasoup worker of the SFU starts with (server/sfu/sfu.ts; the SFU benchmark uses the same). */
export const SFU_WORKER_SETTINGS: Omit<WorkerSettings, "appData"> = {
  logLevel: "warn",
};
