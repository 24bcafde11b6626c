/**
 * Pins the public API: writes every entry point's export list to test/public-api.json (`npm run api:pin`), or,
 * with `--check`, exits 1 when an entry point's exports differ from the pinned list (`npm run api:check`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exportLists } from "./exports.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pinned = join(root, "test", "public-api.json");
const current = `${JSON.stringify(exportLists(root), null, 2)}\n`;
if (process.argv.includes("--check")) {
  const same = readFileSync(pinned, "utf8") === current;
  if (!same) console.error("the public API changed: review it, then run npm run api:pin");
  process.exit(same ? 0 : 1);
}
writeFileSync(pinned, current);
console.log(`pinned ${pinned}`);
