import { readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";

// One vitest project per package (tests beside the code and under test/), plus the examples,
// all resolved from TypeScript sources through the `source` export condition: no build step.
const packages = readdirSync(new URL("./packages", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    // Tight defaults, so a hang fails fast. Opening PGlite can take far longer than a test's work on a loaded
    // machine: PGlite-backed files open it in a hook with its own budget, never inside a test (see
    // packages/eventstore-postgres/test/support/pglite.ts).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/{src,test}/**/*.test.ts`] },
      })),
      { extends: true as const, test: { name: "examples", include: ["examples/**/*.test.ts"] } },
      // Repository-wide checks: the generated docs are current, the packages install from their tarballs.
      { extends: true as const, test: { name: "repo", include: ["test/**/*.test.ts"] } },
    ],
  },
});
