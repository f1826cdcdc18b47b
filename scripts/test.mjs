#!/usr/bin/env node
// `npm test`: typecheck, lint, then every test suite in one node:test run
// (unit, integration against PGlite and the real PostgreSQL, end-to-end in
// Debian's Chromium). `npm test -- unit` (or integration, e2e) runs one suite.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// Arguments: suite names (unit, integration, e2e), or test files (tests/…/x.test.ts) to run
// only those.
const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const namedFiles = args.filter((a) => /\.test\.tsx?$/.test(a)).map((a) => path.resolve(root, a));
const suites = args.filter((a) => !/\.test\.tsx?$/.test(a));
const wanted = suites.length ? suites : namedFiles.length ? [] : ["unit", "integration", "e2e"];
const full = args.length === 0;

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return /\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);

if (full) {
  run("typecheck", bin("tsc"), ["--noEmit"]);
  run("lint", bin("eslint"), [".", "--max-warnings=0"]);
  run("format", bin("prettier"), ["--check", "."]);
}

const files = [...wanted.flatMap((s) => findTests(path.join(root, "tests", s))), ...namedFiles].sort();
const missing = namedFiles.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`no such test file: ${missing.join(", ")}`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`no test files found for: ${args.join(", ")}`);
  process.exit(1);
}
const needsBuild = wanted.includes("e2e") || namedFiles.some((f) => f.includes(`${path.sep}e2e${path.sep}`));
if (needsBuild && !process.env.E2E_SKIP_BUILD) {
  run("next build (for end-to-end tests)", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
}

// the failures again, last: a long run's log may be cut to its end
const failuresFile = path.join(mkdtempSync(path.join(os.tmpdir(), "okinet-test-")), "failures.txt");
const reporters = [
  "--test-reporter=spec",
  "--test-reporter-destination=stdout",
  `--test-reporter=${path.join(root, "scripts", "failures-reporter.mjs")}`,
  `--test-reporter-destination=${failuresFile}`,
];
console.log(`\n▶ tests (${files.length} files)`);
const tests = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...reporters, ...files],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "test", TZ: process.env.TZ ?? "Asia/Tokyo" },
  },
);
const failed = existsSync(failuresFile) ? readFileSync(failuresFile, "utf8").trim() : "";
rmSync(path.dirname(failuresFile), { recursive: true, force: true });
if (failed) console.error(`\n== the failures again, with their errors ==\n\n${failed}\n`);
// CI prints them once more at the very end of its log (after the Node 24 pass)
if (failed && process.env.OKINET_FAILURES_FILE)
  appendFileSync(process.env.OKINET_FAILURES_FILE, `${failed}\n\n`);
if (tests.status !== 0) {
  console.error(`✖ tests failed (exit ${tests.status ?? tests.signal})`);
  process.exit(tests.status || 1);
}
