import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { createWorker } from "mediasoup";
import { EnhancedEventEmitter } from "mediasoup/extras";
import type { Router, WebRtcServer, WebRtcServerOptions, Worker, WorkerSettings } from "mediasoup/types";
import { resolveWorkerBin } from "./worker-bin";

export type WorkerPoolOptions = {
  /** How many mediasoup workers (one process, one core each). Default: one per CPU core. */
  size?: number;
  /** Settings every worker starts with (log level, DTLS certificate, ...). */
  workerSettings?: Omit<WorkerSettings, "appData">;
  /** Waits before retrying a replacement that failed to start; the last one repeats. */
  respawnDelaysMs?: readonly number[];
  /**
   * A WebRtcServer per worker (WebRTC on one UDP and one TCP port per worker instead of
   * a port per transport), by the worker's slot 0..size-1; a replacement keeps its slot
   * and so its ports.
   */
  webRtcServer?: (slot: number) => WebRtcServerOptions;
};

export type WorkerPoolEvents = {
  /** A worker process died; its routers (and their rooms' media) are gone. A replacement is starting. */
  workerdied: [worker: Worker, error: Error];
  /** A replacement for `died` runs and takes new routers. */
  workerreplaced: [replacement: Worker, died: Worker];
  /** A replacement failed to start; the pool tries again after `retryInMs`. */
  replacementfailed: [error: Error, retryInMs: number];
};

export type WorkerPoolObserverEvents = {
  close: [];
  newworker: [worker: Worker];
};

/** Asked for a worker when the pool has none running (closed, or every worker died). */
export class WorkerPoolError extends Error {
  override name = "WorkerPoolError";
}

const DEFAULT_RESPAWN_DELAYS_MS = [0, 1_000, 5_000, 30_000] as const;

/**
 * mediasoup workers, one per core, in mediasoup's own style: created by
 * `WorkerPool.create()`, closed once by `close()`. A router goes on the worker with
 * the fewest routers; a worker that dies is reported and replaced.
 */
export class WorkerPool extends EnhancedEventEmitter<WorkerPoolEvents> {
  readonly #settings: Omit<WorkerSettings, "appData">;
  readonly #respawnDelaysMs: readonly number[];
  // Live workers, each with the number of its open routers.
  readonly #workers = new Map<Worker, number>();
  readonly #slots = new Map<Worker, number>();
  readonly #webRtcServers = new Map<Worker, WebRtcServer>();
  readonly #webRtcServerOptions: ((slot: number) => WebRtcServerOptions) | undefined;
  readonly #stopRespawning = new AbortController();
  readonly #observer = new EnhancedEventEmitter<WorkerPoolObserverEvents>();
  #closed = false;

  /**
   * Starts `size` workers (default: one per CPU core) after checking that the worker
   * binary exists and runs (a WorkerBinaryError says how to get one). If any worker
   * fails to start, the others are closed and the error is thrown.
   */
  static async create(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const size = options.size ?? os.availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new TypeError(`worker pool size must be >= 1, got ${size}`);
    resolveWorkerBin();
    const pool = new WorkerPool(options);
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, slot) => pool.#startWorker(slot)),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) {
      pool.close();
      throw failed.reason;
    }
    return pool;
  }

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#settings = options.workerSettings ?? {};
    this.#webRtcServerOptions = options.webRtcServer;
    this.#respawnDelaysMs = options.respawnDelaysMs?.length
      ? options.respawnDelaysMs
      : DEFAULT_RESPAWN_DELAYS_MS;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The workers that are running now. */
  get workers(): Worker[] {
    return [...this.#workers.keys()];
  }

  get observer(): EnhancedEventEmitter<WorkerPoolObserverEvents> {
    return this.#observer;
  }

  /** Open routers on `worker` (0 for a worker that is not in the pool). */
  routerCount(worker: Worker): number {
    return this.#workers.get(worker) ?? 0;
  }

  /** The worker's WebRtcServer, when the pool was created with `webRtcServer`. */
  webRtcServerOf(worker: Worker): WebRtcServer | undefined {
    return this.#webRtcServers.get(worker);
  }

  /** The running worker with the fewest routers: where the next conference's router goes. */
  leastLoaded(): Worker {
    if (this.#closed) throw new WorkerPoolError("the mediasoup worker pool is closed");
    let best: Worker | undefined;
    let fewest = Infinity;
    for (const [worker, routers] of this.#workers) {
      if (routers < fewest) {
        best = worker;
        fewest = routers;
      }
    }
    if (!best) throw new WorkerPoolError("no mediasoup worker is running (replacements are starting)");
    return best;
  }

  /** Closes every worker (and so every router on them). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopRespawning.abort();
    for (const worker of this.#workers.keys()) worker.close();
    this.#workers.clear();
    this.#observer.safeEmit("close");
  }

  async #startWorker(slot: number): Promise<Worker> {
    const worker = await createWorker(this.#settings);
    if (this.#webRtcServerOptions) {
      try {
        this.#webRtcServers.set(worker, await worker.createWebRtcServer(this.#webRtcServerOptions(slot)));
      } catch (error) {
        worker.close();
        throw error;
      }
    }
    if (this.#closed) {
      worker.close();
      throw new WorkerPoolError("the mediasoup worker pool was closed while a worker started");
    }
    this.#workers.set(worker, 0);
    this.#slots.set(worker, slot);
    worker.observer.on("newrouter", (router: Router) => {
      if (!this.#workers.has(worker)) return;
      this.#workers.set(worker, this.routerCount(worker) + 1);
      router.observer.once("close", () => {
        if (this.#workers.has(worker)) this.#workers.set(worker, Math.max(0, this.routerCount(worker) - 1));
      });
    });
    // A worker closed by anyone but the pool leaves it; only a death is replaced.
    worker.observer.once("close", () => {
      this.#workers.delete(worker);
      this.#webRtcServers.delete(worker);
    });
    worker.once("died", (error: Error) => this.#onDied(worker, error));
    this.#observer.safeEmit("newworker", worker);
    return worker;
  }

  #onDied(worker: Worker, error: Error): void {
    this.#workers.delete(worker);
    this.#webRtcServers.delete(worker);
    if (this.#closed) return;
    this.safeEmit("workerdied", worker, error);
    void this.#replace(worker);
  }

  async #replace(died: Worker): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      const delayMs = this.#respawnDelaysMs[Math.min(attempt, this.#respawnDelaysMs.length - 1)] ?? 0;
      try {
        if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.#stopRespawning.signal });
        if (this.#closed) return;
        const replacement = await this.#startWorker(this.#slots.get(died) ?? 0);
        this.safeEmit("workerreplaced", replacement, died);
        return;
      } catch (error) {
        if (this.#closed) return;
        const next = this.#respawnDelaysMs[Math.min(attempt + 1, this.#respawnDelaysMs.length - 1)] ?? 0;
        this.safeEmit("replacementfailed", error instanceof Error ? error : new Error(String(error)), next);
      }
    }
  }
}
