/**
 * What of an error or a text a log line may show. No logger here, so code that
 * also ends up in a browser bundle (app/lib/action-result.ts) can use it.
 */

const QUERY_TEXT = /Failed query:[\s\S]*?(?=\n\s+at |$)/g;

/** Cuts drizzle's query text and parameters out of any text (a message, a stack, a console line). */
export function withoutQueryText(text: string): string {
  return text.replace(QUERY_TEXT, "Failed query: [query and parameters withheld]");
}

function stackFrames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  // the first lines repeat the message; only the frames are safe to keep
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  return frames.length ? frames.join("\n") : undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isDatabaseError(e: Record<string, unknown>): boolean {
  return typeof e.code === "string" && SQLSTATE.test(e.code) && ("severity" in e || "routine" in e);
}

/**
 * An error as a log line may show it. A database error keeps its SQLSTATE and the
 * names of the objects involved, never its message or detail (Postgres quotes the
 * offending value there); a drizzle query error keeps neither query nor
 * parameters; causes are followed with the same rules.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error) && (typeof err !== "object" || err === null))
    return { type: typeof err, message: withoutQueryText(String(err)).slice(0, 500) };
  const e = err as Error & Record<string, unknown>;
  const type = e.constructor?.name ?? e.name ?? "Error";
  if (isDatabaseError(e)) {
    const out: Record<string, unknown> = { type, code: e.code };
    for (const key of ["severity", "schema", "table", "column", "constraint", "routine"] as const)
      if (typeof e[key] === "string") out[key] = e[key];
    return out;
  }
  const queryError = type === "DrizzleQueryError" || String(e.message).startsWith("Failed query:");
  const out: Record<string, unknown> = {
    type,
    message: queryError ? "database query failed" : withoutQueryText(String(e.message)).slice(0, 500),
  };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  const stack = stackFrames(e.stack);
  if (stack) out.stack = stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** One safe line for an unexpected error: its kind, codes and the kinds of its causes, no text that can carry data. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: Record<string, unknown> | undefined = serializeError(err);
  while (e) {
    const code = typeof e.code === "string" || typeof e.code === "number" ? ` [${e.code}]` : "";
    parts.push(`${String(e.type)}${code}${typeof e.message === "string" ? `: ${e.message}` : ""}`);
    e = e.cause as Record<string, unknown> | undefined;
  }
  return parts.join(" <- ");
}
