import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every way into the app that takes input, read from the source so that a new
 * one cannot be missed: route handlers (app/**\/route.ts and their exported
 * methods), server actions (exports of "use server" files, and inline
 * "use server" functions) and socket events (ClientToServerEvents).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(rel);
    return /\.(ts|tsx)$/.test(entry.name) ? [rel] : [];
  });
}

export interface RouteSurface {
  /** "GET /api/referrals/[referralId]/letter.pdf" */
  key: string;
  method: string;
  /** the URL path with its [params] */
  pattern: string;
}

export function routeSurfaces(): RouteSurface[] {
  return walk("app")
    .filter((f) => path.basename(f) === "route.ts")
    .flatMap((file) => {
      const source = readFileSync(path.join(ROOT, file), "utf8");
      const pattern = `/${path
        .dirname(file)
        .split(path.sep)
        .slice(1)
        .filter((segment) => !/^\(.*\)$/.test(segment))
        .join("/")}`;
      const methods = [
        ...source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g),
        ...source.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g),
      ].map(([, method]) => method!);
      return methods.map((method) => ({ key: `${method} ${pattern}`, method, pattern }));
    });
}

export interface ActionSurface {
  /** "app/(app)/referrals/actions.ts#createReferralAction" */
  key: string;
  file: string;
  name: string;
  /** the position of its FormData parameter, when it takes a form */
  formAt: number | null;
}

const formAt = (params: string) => {
  const at = params.split(",").findIndex((p) => /:\s*FormData\b/.test(p));
  return at < 0 ? null : at;
};

export function actionSurfaces(): ActionSurface[] {
  return walk("app").flatMap((file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    if (/^["']use server["'];/m.test(source)) {
      return [...source.matchAll(/^export async function (\w+)\(([^)]*)\)/gm)].map(([, name, params]) => ({
        key: `${file}#${name}`,
        file,
        name: name!,
        formAt: formAt(params!),
      }));
    }
    // inline server functions: `async function name(...) { "use server"; ...`
    return [...source.matchAll(/async function (\w+)\(([^)]*)\)[^{]*\{\s*["']use server["']/g)].map(
      ([, name, params]) => ({ key: `${file}#${name}`, file, name: name!, formAt: formAt(params!) }),
    );
  });
}

export function socketEventSurfaces(): string[] {
  const source = readFileSync(path.join(ROOT, "server/signalling/events.ts"), "utf8");
  const start = source.indexOf("export interface ClientToServerEvents");
  const body = source.slice(start, source.indexOf("\n}\n", start));
  return [...body.matchAll(/^ {2}"([^"]+)":/gm)].map(([, name]) => name!);
}
