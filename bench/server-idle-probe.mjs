// Loaded into a measured server by bench/server-idle.ts (NODE_OPTIONS=--import): on SIGUSR2 it
// writes the process's own memory figures to BENCH_PROBE_DIR/<pid>.json. It holds nothing
// between signals and starts no timer, so the idle process it measures stays idle.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";

const dir = process.env.BENCH_PROBE_DIR;
const require = createRequire(import.meta.url);

/** The package a loaded file belongs to (its last node_modules folder), or "(app)". */
function packageOf(file) {
  const parts = file.split(`${path.sep}node_modules${path.sep}`);
  if (parts.length < 2) return "(app)";
  const rest = parts[parts.length - 1].split(path.sep);
  return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
}

if (dir)
  process.on("SIGUSR2", () => {
    const memory = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]),
    );
    const modules = Object.keys(require.cache);
    const byPackage = {};
    for (const m of modules) byPackage[packageOf(m)] = (byPackage[packageOf(m)] ?? 0) + 1;
    // then a full collection: what the heap really holds, beside what it happened to hold
    v8.setFlagsFromString("--expose-gc");
    vm.runInNewContext("gc")();
    const afterGc = process.memoryUsage();
    writeFileSync(
      path.join(dir, `${process.pid}.json`),
      JSON.stringify({ memory, afterGc, heap, spaces, commonJsModules: modules.length, byPackage }),
    );
  });
