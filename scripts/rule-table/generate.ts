/**
 * Generates the rule → test table of docs/domain.md from the tests' titles (every test that checks a rule names
 * it: `it("R16: …")`). `npm run rules:table` rewrites the table; `--check` exits 1 when it is stale (CI).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleTestsOf, testFiles } from "./collect.js";
import { renderTable, replaceBetweenMarkers } from "./render.js";
import { RULES } from "./rules.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The document holding the table. */
export const DOMAIN_DOC = "docs/domain.md";

/** docs/domain.md as it should be, generated from the tests on disk. */
export const generatedDomainDoc = (root = ROOT): { readonly current: string; readonly expected: string } => {
  const tests = testFiles(root, ["packages", "examples", "test"]).flatMap((file) => ruleTestsOf(root, file));
  const current = readFileSync(`${root}${DOMAIN_DOC}`, "utf8");
  return { current, expected: replaceBetweenMarkers(current, renderTable(RULES, tests)) };
};

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { current, expected } = generatedDomainDoc();
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      process.stderr.write(`${DOMAIN_DOC}: the rule → test table is stale; run \`npm run rules:table\`\n`);
      process.exitCode = 1;
    }
  } else if (current !== expected) {
    writeFileSync(`${ROOT}${DOMAIN_DOC}`, expected);
    process.stdout.write(`${DOMAIN_DOC}: rule → test table updated\n`);
  } else {
    process.stdout.write(`${DOMAIN_DOC}: rule → test table already current\n`);
  }
}
