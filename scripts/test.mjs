#!/usr/bin/env node
// `npm test`: typecheck, lint, then every test suite in one node:test run
// (unit, integration against PGlite and the real PostgreSQL, end-to-end in
// Debian's Chromium). `npm test -- unit` (or integration, e2e) runs one suite.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const suites = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const wanted = suites.length ? suites : ["unit", "integration", "e2e"];
const full = suites.length === 0;

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

const files = wanted.flatMap((s) => findTests(path.join(root, "tests", s))).sort();
if (files.length === 0) {
  console.error(`no test files found for: ${wanted.join(", ")}`);
  process.exit(1);
}
if (wanted.includes("e2e") && !process.env.E2E_SKIP_BUILD) {
  run("next build (for end-to-end tests)", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
}

run(
  `tests (${files.length} files)`,
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  { NODE_ENV: "test", TZ: process.env.TZ ?? "Asia/Tokyo" },
);
