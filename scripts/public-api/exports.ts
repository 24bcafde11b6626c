import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** One entry point of a published package: `@vpp-ledger/core/testing` → packages/core/src/testing/index.ts. */
export interface EntryPoint {
  readonly specifier: string;
  readonly source: string;
}

/** What an entry point exports: each name, and whether it is a value at run time or only a type. */
export type ExportList = Readonly<Record<string, "value" | "type">>;

/** Every entry point of every package, from the `source` condition of its `exports` map. */
export const entryPoints = (root: string): EntryPoint[] =>
  readdirSync(join(root, "packages")).flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as {
      name: string;
      exports?: Record<string, { source?: string } | string>;
    };
    return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
      const source = typeof target === "string" ? undefined : target.source;
      if (source === undefined || !source.endsWith(".ts")) return [];
      const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      return [{ specifier, source: join("packages", dir, source) }];
    });
  });

/** The export list of each entry point, read by the TypeScript compiler from the sources. */
export const exportLists = (root: string): Record<string, ExportList> => {
  const entries = entryPoints(root).sort((a, b) => a.specifier.localeCompare(b.specifier));
  const program = ts.createProgram(
    entries.map((entry) => join(root, entry.source)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      customConditions: ["source"],
      strict: true,
      target: ts.ScriptTarget.ES2022,
    },
  );
  const checker = program.getTypeChecker();
  const lists: Record<string, ExportList> = {};
  for (const entry of entries) {
    const file = program.getSourceFile(join(root, entry.source));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`cannot read ${entry.source}`);
    const list: Record<string, "value" | "type"> = {};
    for (const symbol of checker.getExportsOfModule(module).sort((a, b) => a.name.localeCompare(b.name))) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      list[symbol.name] = target.flags & ts.SymbolFlags.Value ? "value" : "type";
    }
    lists[entry.specifier] = list;
  }
  return lists;
};
