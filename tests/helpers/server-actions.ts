import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Calls a server action of the production build over HTTP, as Next.js's client
 * does: its id comes from the build's server-reference manifest.
 */
export function serverActionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, "../../.next/server/server-reference-manifest.json"),
      "utf8",
    ),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const hit = Object.entries(manifest.node).find(
    ([, v]) => v.filename === filename && v.exportedName === exportedName,
  );
  if (!hit) throw new Error(`no server action ${exportedName} in ${filename} (run next build)`);
  return hit[0];
}

export interface ActionCall {
  url: string;
  page: string;
  actionId: string;
  args: unknown[];
  origin?: string | null;
  cookie?: string;
}

/** The raw HTTP answer of one server action call; `origin: null` sends none. */
export function callServerAction(call: ActionCall): Promise<Response> {
  const headers: Record<string, string> = {
    "Next-Action": call.actionId,
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  if (call.origin !== null) headers.Origin = call.origin ?? call.url;
  if (call.cookie) headers.Cookie = call.cookie;
  return fetch(`${call.url}${call.page}`, {
    method: "POST",
    headers,
    body: JSON.stringify(call.args),
    redirect: "manual",
  });
}

/** The ActionResult in an action's RSC answer ({"ok":…}), or null. */
export function actionResultOf(
  body: string,
): { ok: boolean; error?: { code: string; message: string } } | null {
  for (const line of body.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (json.startsWith('{"ok":'))
      return JSON.parse(json) as { ok: boolean; error?: { code: string; message: string } };
  }
  return null;
}
