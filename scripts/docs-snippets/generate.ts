/**
 * Copies the type-checked regions into the docs' snippet blocks (`npm run docs:snippets`), or, with `--check`,
 * exits 1 naming every document whose blocks differ from their regions (`npm run docs:check`).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { documents } from "./snippets.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const stale = documents(root).filter((doc) => doc.current !== doc.expected);
if (process.argv.includes("--check")) {
  for (const doc of stale)
    console.error(`${doc.file}: snippets differ from their code; run npm run docs:snippets`);
  process.exit(stale.length === 0 ? 0 : 1);
}
for (const doc of stale) {
  writeFileSync(join(root, doc.file), doc.expected);
  console.log(`updated ${doc.file}`);
}
