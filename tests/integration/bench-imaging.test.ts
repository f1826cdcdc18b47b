import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The imaging benchmark (issue 19) runs on CI, small: a 12-slice CT in its own
 * Orthanc, one round of each way. Its figures are not judged here (no timed
 * assertions in tests); this keeps the bench itself working: every way is
 * measured for both series and the aims are printed beside them.
 */
describe("bench/imaging.ts, small, on CI", () => {
  it("measures every way for both series and prints the aims", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/imaging.ts"], {
      cwd: ROOT,
      env: { ...process.env, BENCH_ROUNDS: "1", BENCH_SLICES: "12" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    // bounded: a bench that hangs is killed and reported with what it printed
    const killer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(killer);
    assert.equal(code, 0, `the bench exited with ${code}:\n${output.slice(-3000)}`);
    for (const series of ["original", "JPEG-LS lossless copy"]) {
      const section = output.slice(output.indexOf(`  ${series}`));
      for (const way of [
        "Orthanc WADO-RS direct",
        "ours, cold, grant held",
        "ours, cold, no grant",
        "ours, warm, grant held",
      ]) {
        // the way's row: series ms, MB/s, ratio, first frame ms, slowest first frame, all measured
        const row = new RegExp(
          `^\\s+${way.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+(\\d+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)$`,
          "m",
        );
        const m = row.exec(section);
        assert.ok(m, `no measured row for '${way}' under ${series}:\n${output.slice(-3000)}`);
        assert.ok(Number(m[2]) > 0 && Number(m[3]) > 0, `'${way}' measured nothing: ${m[0]}`);
      }
      assert.match(
        section,
        /aims: proxy throughput >= 80% of direct: cold with grant \d+% \((met|not met)\)/,
      );
    }
  });
});
