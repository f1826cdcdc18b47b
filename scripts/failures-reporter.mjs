// A node:test reporter that writes only the failures: each failing test's file, name and
// error (its message, then the first frames of its stack outside Node's internals). scripts/test.mjs sends it to a file
// beside the spec reporter's output, and prints that file last, so the end of a long
// run (all a CI log may keep) says what failed and why.
const STACK_LINES = 6;

export default async function* failures(source) {
  let count = 0;
  for await (const event of source) {
    if (event.type !== "test:fail") continue;
    const { name, file, line, details } = event.data;
    // a suite fails with its children; its own entry adds nothing
    if (details?.type === "suite") continue;
    count += 1;
    const error = details?.error;
    const cause = error?.cause ?? error;
    const frames = (cause?.stack ?? "")
      .split("\n")
      .filter((l) => /^\s+at /.test(l) && !l.includes("node:internal"))
      .slice(0, STACK_LINES);
    const text = [cause?.message ?? String(cause ?? "failed"), ...frames.map((l) => l.trim())]
      .join("\n")
      .trim();
    yield `✖ ${file ?? "?"}${line ? `:${line}` : ""}\n  ${name}\n${text
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n")}\n\n`;
  }
  if (count === 0) yield "";
}
