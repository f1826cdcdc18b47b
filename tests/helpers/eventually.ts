import assert from "node:assert/strict";

/** Polls until `check` holds; the machine is shared, so only the generous limit is a number. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, limitMs = 60_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
