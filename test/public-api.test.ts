import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type ExportList, entryPoints, exportLists } from "../scripts/public-api/exports.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const pinned = JSON.parse(readFileSync(new URL("./public-api.json", import.meta.url), "utf8")) as Record<
  string,
  ExportList
>;

describe("the public API of every entry point is pinned (test/public-api.json)", () => {
  const current = exportLists(root);

  it("no entry point gains, loses or changes the kind of an export unnoticed: review, then `npm run api:pin`", () => {
    expect(Object.keys(current).sort()).toEqual(Object.keys(pinned).sort());
    for (const [specifier, list] of Object.entries(current)) {
      expect(list, `${specifier} changed its exports`).toEqual(pinned[specifier]);
    }
  });

  it.each(entryPoints(root).map((entry) => [entry.specifier, entry.source] as const))(
    "%s: what it exports at run time is exactly its pinned values",
    async (specifier, source) => {
      const values = Object.entries(pinned[specifier] ?? {})
        .filter(([, kind]) => kind === "value")
        .map(([name]) => name)
        .sort();
      // The entry's source module: the root package depends on no workspace package to import it by name.
      const module = (await import(pathToFileURL(join(root, source)).href)) as Record<string, unknown>;
      expect(Object.keys(module).sort()).toEqual(values);
    },
  );

  it("names the store authors' helpers only in @vpp-ledger/core/adapter-kit, never in the host's entry", () => {
    const kit = Object.keys(pinned["@vpp-ledger/core/adapter-kit"] ?? {});
    expect(kit).toContain("classifyAppend");
    for (const name of kit) expect(pinned["@vpp-ledger/core"]).not.toHaveProperty(name);
  });
});
