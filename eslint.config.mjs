import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";

/**
 * The house's floors (README, "How it is built"), kept by the linter: each zone names the
 * files that may not import from `from`. Paths are resolved, so "../domain/x" and
 * "@/server/domain/x" are the same import.
 */
const UPPER_SERVER = [
  "./server/domain",
  "./server/session",
  "./server/signalling",
  "./server/sfu",
  "./server/cluster",
  "./server/demo",
  "./server/index.ts",
];
export const FLOOR_ZONES = [
  {
    target: "./server/model",
    from: "./server",
    except: ["./model", "./errors.ts"],
    message: "server/model/ is the ground floor: it imports nothing of the server but errors.ts.",
  },
  {
    target: ["./server/db", "./server/documents", "./server/auth"],
    from: [...UPPER_SERVER, "./app"],
    message: "db/, documents/ and auth/ stand below the domain: they import model/, never the floors above.",
  },
  {
    target: "./server/domain",
    from: [
      "./app",
      "./server/session",
      "./server/signalling",
      "./server/sfu",
      "./server/cluster",
      "./server/demo",
    ],
    message:
      "The domain imports neither the app nor signalling, media or the demo: it publishes after commit instead.",
  },
  {
    target: "./server/sfu",
    from: [
      "./server/db",
      "./server/domain",
      "./server/session",
      "./server/signalling",
      "./server/demo",
      "./app",
    ],
    message: "The SFU knows media only: no database, no domain.",
  },
  {
    target: ["./server/session", "./server/signalling", "./server/cluster", "./server/http"],
    from: ["./server/demo", "./app"],
    message: "Only the entry point (server/index.ts), scripts, tests and bench import the demo.",
  },
  {
    target: "./app",
    from: ["./server/db", "./server/demo"],
    message:
      "The app reaches the database through the domain (app/lib/call.ts hands it the handle), and never the demo.",
  },
];

export default tseslint.config(
  {
    // tests/fixtures/lint: deliberately wrong code, linted by tests/unit/floors-lint.test.ts only
    ignores: [
      "node_modules",
      ".next",
      "data",
      "drizzle",
      "next-env.d.ts",
      "test-results",
      "tests/fixtures/lint",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["*.mjs", "scripts/*.mjs", "scripts/*/*.mjs", "scripts/*.cjs"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          // node:test's describe/it return promises the runner itself awaits
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    // the one bridge from the app to the database handle
    ignores: ["app/lib/call.ts"],
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" } },
      "import/extensions": [".ts", ".tsx"],
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      "import/no-restricted-paths": ["error", { zones: FLOOR_ZONES }],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // the rules of hooks (and the React Compiler's checks of the installed plugin) and accessible markup
    // .ts too: hooks live in .ts files (use-conference-media.ts, use-command.ts)
    files: ["app/**/*.{ts,tsx}"],
    plugins: { ...reactHooks.configs.flat.recommended.plugins, ...jsxA11y.flatConfigs.recommended.plugins },
    rules: { ...reactHooks.configs.flat.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      // plain Node scripts (no type information): Node's globals
      globals: Object.fromEntries(
        [
          "process",
          "console",
          "URL",
          "fetch",
          "AbortSignal",
          "AbortController",
          "Buffer",
          "setTimeout",
          "clearTimeout",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
);
