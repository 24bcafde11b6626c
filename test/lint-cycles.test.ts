import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// `pnpm lint` is `biome check .` with `noImportCycles` on, type-only imports included. These tests run that
// configuration on files written for the purpose, so a weakened rule (off, warn, ignoreTypes) fails here.
const root = fileURLToPath(new URL("..", import.meta.url));
const biome = join(root, "node_modules", ".bin", "biome");
const run = promisify(execFile);
// Inside the repository so the repository's biome.json applies; the dot keeps it out of every package.
const dir = mkdtempSync(join(root, ".lint-cycle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lint = async (files: Readonly<Record<string, string>>): Promise<{ code: number; output: string }> => {
  const sub = mkdtempSync(join(dir, "case-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  try {
    const { stdout, stderr } = await run(biome, ["lint", relative(root, sub)], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
};

describe("pnpm lint refuses import cycles", () => {
  it("fails on two modules importing each other's values", async () => {
    const result = await lint({
      "a.ts": 'import { b } from "./b.js";\n\nexport const a = (): number => b + 1;\n',
      "b.ts": 'import { a } from "./a.js";\n\nexport const b = 1;\nexport const c = (): number => a();\n',
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("noImportCycles");
  });

  it("fails on a cycle made of type-only imports too (they hide a design knot)", async () => {
    const result = await lint({
      "x.ts": 'import type { Y } from "./y.js";\n\nexport interface X {\n  readonly y?: Y;\n}\n',
      "y.ts": 'import type { X } from "./x.js";\n\nexport interface Y {\n  readonly x?: X;\n}\n',
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("noImportCycles");
  });

  it("passes the same modules once the shared part has a module of its own", async () => {
    const result = await lint({
      "shared.ts": "export const b = 1;\n",
      "a.ts": 'import { b } from "./shared.js";\n\nexport const a = (): number => b + 1;\n',
      "b.ts": 'import { a } from "./a.js";\n\nexport const c = (): number => a();\n',
    });
    expect(result.output).not.toContain("noImportCycles");
    expect(result.code).toBe(0);
  });
});
