// Preloaded into a server under a bench (NODE_OPTIONS="--import ./bench/cpu-profile.mjs"; node refuses
// --cpu-prof there): the first SIGUSR2 starts a CPU profile of the main thread, the next writes it to
// CPU_PROFILE_DIR (default: the working directory) as <pid>-<n>.cpuprofile, for Chrome's DevTools or
// `node bench/cpu-profile-top.mjs`. Only the window between the two signals is profiled.
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import path from "node:path";

const session = new Session();
session.connect();
let running = false;
let n = 0;
process.on("SIGUSR2", () => {
  if (!running) {
    running = true;
    session.post("Profiler.enable", () =>
      session.post(
        "Profiler.setSamplingInterval",
        { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 100) },
        () => session.post("Profiler.start"),
      ),
    );
    return;
  }
  running = false;
  session.post("Profiler.stop", (err, result) => {
    if (err) return;
    const file = path.join(process.env.CPU_PROFILE_DIR ?? process.cwd(), `${process.pid}-${++n}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stderr.write(`[cpu-profile] ${file}\n`);
  });
});
