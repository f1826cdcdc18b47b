import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

/**
 * Runs app glue (a server action, a route handler) in-process inside the
 * request scope Next.js gives it, so that `cookies()`, `headers()` and
 * `revalidatePath()` work as in the running app: the same stores Next's
 * route module sets up (a work store and an "action"-phase request store).
 * No build and no HTTP: the matrix calls hundreds of them.
 */
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
const require = createRequire(import.meta.url);
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external") as {
  workAsyncStorage: AsyncLocalStorage<unknown>;
};
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external") as {
  workUnitAsyncStorage: AsyncLocalStorage<unknown>;
};
const { createWorkStore } = require("next/dist/server/async-storage/work-store") as {
  createWorkStore: (context: unknown) => unknown;
};
const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store") as {
  createRequestStoreForAPI: (
    req: { headers: Headers },
    url: { pathname: string; search?: string },
    implicitTags: unknown,
    onUpdateCookies: ((cookies: string[]) => void) | undefined,
    previewProps: unknown,
  ) => unknown;
};

export interface InRequest {
  /** the Cookie header (a session cookie), or none: signed out */
  cookie?: string;
  pathname?: string;
}

export function inRequest<T>(request: InRequest, run: () => Promise<T>): Promise<T> {
  const pathname = request.pathname ?? "/";
  const headers = new Headers({ "x-real-ip": "127.0.0.1", "user-agent": "matrix" });
  if (request.cookie) headers.set("cookie", request.cookie);
  const workStore = createWorkStore({
    page: pathname,
    // an incremental cache to record revalidatePath() in (the test has no rendered pages to refresh)
    renderOpts: { experimental: {}, cacheLifeProfiles: {}, incrementalCache: {} },
    isPrefetchRequest: false,
    buildId: "matrix",
    previouslyRevalidatedTags: [],
  });
  const requestStore = createRequestStoreForAPI(
    { headers },
    { pathname },
    { tags: [], expirationsByCacheKind: new Map() },
    () => {},
    { previewModeId: "matrix", previewModeEncryptionKey: "", previewModeSigningKey: "" },
  );
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, run));
}
