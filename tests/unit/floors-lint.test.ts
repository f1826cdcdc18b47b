import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

/**
 * The floors are kept by the linter (eslint.config.mjs, FLOOR_ZONES and
 * import/no-cycle): each deliberately wrong import below, linted with the
 * project's own configuration at a path in the zone it would break, fails; the
 * allowed ones pass. Type-aware rules are off here (the snippets exist only in
 * memory); the import rules resolve the imports against the real tree.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function eslint(cycles = true) {
  return new ESLint({
    cwd: ROOT,
    overrideConfig: [
      tseslint.configs.disableTypeChecked,
      // the cycle check reads every file from disk: in-memory snippets have none
      ...(cycles ? [] : [{ files: ["app/**", "server/**"], rules: { "import/no-cycle": "off" as const } }]),
    ],
  });
}

async function floorErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint(false).lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages
    .filter((m) => m.ruleId === "import/no-restricted-paths" || m.ruleId === "import/no-cycle")
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the house's floors, kept by the linter", () => {
  const refused: [string, string, string][] = [
    [
      "db/ importing the domain",
      "server/db/schema/fixture.ts",
      `export { normalizeKana } from "../../domain/patients/normalize";`,
    ],
    [
      "documents/ importing the domain",
      "server/documents/fixture.ts",
      `export { appendAuditEvent } from "../domain/audit/append-audit-event";`,
    ],
    ["model/ importing the database", "server/model/fixture.ts", `export { patients } from "../db/schema";`],
    [
      "model/ importing auth",
      "server/model/fixture.ts",
      `export { hashPassword } from "@/server/auth/password";`,
    ],
    [
      "the app importing the database",
      "app/(app)/fixture/page.tsx",
      `export { getDb } from "@/server/db/client";`,
    ],
    [
      "the app importing the demo",
      "app/signin/fixture.ts",
      `export { DEMO_PASSWORD } from "@/server/demo/seed/seed-demo-data";`,
    ],
    [
      "the domain importing the app",
      "server/domain/patients/fixture.ts",
      `export { runAction } from "@/app/lib/action-result";`,
    ],
    [
      "the domain importing signalling",
      "server/domain/conferences/fixture.ts",
      `export { endSessionSockets } from "../../signalling";`,
    ],
    [
      "the domain importing the demo",
      "server/domain/records/fixture.ts",
      `export { DEMO_RECORDS_DEFAULT_URL } from "../../demo/records/urls";`,
    ],
    ["the SFU importing the database", "server/sfu/fixture.ts", `export { getDb } from "../db/client";`],
    [
      "signalling importing the demo",
      "server/signalling/fixture.ts",
      `export { seedDemoData } from "../demo/seed/seed-demo-data";`,
    ],
  ];
  for (const [what, file, code] of refused) {
    it(`refuses ${what}`, async () => {
      const errors = await floorErrors(file, code);
      assert.equal(errors.length, 1, `${file}: ${code}\n${errors.join("\n")}`);
      assert.match(errors[0]!, /^import\/no-restricted-paths/);
    });
  }

  const allowed: [string, string, string][] = [
    ["model/ importing errors.ts", "server/model/fixture.ts", `export { DomainError } from "../errors";`],
    [
      "db/ importing model/",
      "server/db/schema/fixture.ts",
      `export { PROFESSIONS } from "../../model/permissions";`,
    ],
    [
      "the domain importing db/ and documents/",
      "server/domain/patients/fixture.ts",
      `export { getDb } from "../../db/client";\nexport { formatDate } from "../../documents/pdf/format";`,
    ],
    [
      "the app calling the domain through app/lib/call.ts",
      "app/(app)/fixture/page.tsx",
      `export { call } from "@/app/lib/call";\nexport { listSummaries } from "@/server/domain/summaries/list-summaries";`,
    ],
    [
      "the entry point starting the demo",
      "server/index.ts",
      `export { seedDemoData } from "./demo/seed/seed-demo-data";`,
    ],
  ];
  for (const [what, file, code] of allowed) {
    it(`allows ${what}`, async () => {
      assert.deepEqual(await floorErrors(file, code), []);
    });
  }

  describe("import circles", () => {
    const dir = `server/lint-fixture-${process.pid}`;
    before(() => {
      mkdirSync(path.join(ROOT, dir), { recursive: true });
      writeFileSync(path.join(ROOT, dir, "a.ts"), `import { b } from "./b";\nexport const a = () => b;\n`);
      writeFileSync(path.join(ROOT, dir, "b.ts"), `import { a } from "./a";\nexport const b = () => a;\n`);
      writeFileSync(path.join(ROOT, dir, "c.ts"), `import { a } from "./a";\nexport const c = () => a;\n`);
    });
    after(() => rmSync(path.join(ROOT, dir), { recursive: true, force: true }));

    it("fails a circle of two files, at both ends", async () => {
      const results = await eslint().lintFiles([`${dir}/a.ts`, `${dir}/b.ts`]);
      for (const r of results) {
        const cycles = r.messages.filter((m) => m.ruleId === "import/no-cycle");
        assert.equal(cycles.length, 1, `${r.filePath}: ${JSON.stringify(r.messages)}`);
      }
    });

    it("does not flag a file that only imports into the circle", async () => {
      const [r] = await eslint().lintFiles([`${dir}/c.ts`]);
      assert.deepEqual(
        r!.messages.filter((m) => m.ruleId === "import/no-cycle"),
        [],
      );
    });
  });
});
