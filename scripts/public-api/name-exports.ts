/**
 * Rewrites `export * from "./x.js"` in the given entry files into named export lists (`export { a, type B } from
 * "./x.js"`), so each entry point says what it publishes; names given with `--drop a,b` are left out.
 *   npx tsx scripts/public-api/name-exports.ts packages/core/src/index.ts [--drop name,name]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

const files = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith("--") && all[i - 1] !== "--drop");
const dropAt = process.argv.indexOf("--drop");
const drop = new Set(dropAt > 0 ? (process.argv[dropAt + 1] ?? "").split(",") : []);
const program = ts.createProgram(
  files.map((f) => resolve(f)),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ["source"],
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
  },
);
const checker = program.getTypeChecker();
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const rewritten = text.replace(/^export \* from "([^"]+)";$/gm, (_, specifier: string) => {
    const target = program.getSourceFile(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    const module = target && checker.getSymbolAtLocation(target);
    if (!module) throw new Error(`cannot resolve ${specifier} from ${file}`);
    const names = checker
      .getExportsOfModule(module)
      .filter((symbol) => !drop.has(symbol.name))
      .map((symbol) => {
        const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return resolved.flags & ts.SymbolFlags.Value ? symbol.name : `type ${symbol.name}`;
      })
      .sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
    return names.length === 0 ? "" : `export { ${names.join(", ")} } from "${specifier}";`;
  });
  writeFileSync(file, rewritten);
}
