import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/** A test whose title names one or more rules. */
export interface RuleTest {
  /** The file, relative to the repository root, with `/` separators. */
  readonly file: string;
  readonly title: string;
  readonly rules: ReadonlyArray<string>;
}

const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".reports", "coverage"]);

/** Every `*.test.ts` under `dirs` (relative to `root`), sorted. */
export const testFiles = (root: string, dirs: ReadonlyArray<string>): string[] => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(join(dir, entry.name));
      } else if (entry.name.endsWith(".test.ts")) {
        found.push(relative(root, join(dir, entry.name)).split("\\").join("/"));
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return found.sort();
};

// `R16`, `R1–R3`, `R11-R19`, `R1–R3`: a rule id or a range of them, in a test title.
const RULE_REFERENCE = /\bR(\d{1,2})(?:\s*[–-]\s*R?(\d{1,2}))?(?!\w)/g;

/** The rule ids a title names, ranges expanded, in order, each once. */
export const rulesIn = (title: string): string[] => {
  const ids: string[] = [];
  for (const match of title.matchAll(RULE_REFERENCE)) {
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let n = from; n <= Math.max(from, to) && n - from < 30; n += 1) {
      if (!ids.includes(`R${n}`)) ids.push(`R${n}`);
    }
  }
  return ids;
};

const TEST_FUNCTIONS = new Set(["it", "test"]);

/** `it`, `test`, `it.each(…)`, `it.concurrent`, `test.runIf(…)`…: the function at the root of a callee. */
const isTestCallee = (callee: ts.Expression): boolean => {
  if (ts.isIdentifier(callee)) return TEST_FUNCTIONS.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) return isTestCallee(callee.expression);
  if (ts.isCallExpression(callee)) return isTestCallee(callee.expression);
  if (ts.isTaggedTemplateExpression(callee)) return isTestCallee(callee.tag);
  return false;
};

/** A title's source text: literals as written, templates with their `${…}` kept. */
const titleOf = (node: ts.Expression, source: ts.SourceFile): string | undefined => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText(source).slice(1, -1);
  return undefined;
};

/** The tests of one file whose titles name rules. */
export const ruleTestsOf = (root: string, file: string): RuleTest[] => {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const tests: RuleTest[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTestCallee(node.expression) && node.arguments.length >= 2) {
      const first = node.arguments[0];
      const title = first === undefined ? undefined : titleOf(first, source);
      if (title !== undefined) {
        const rules = rulesIn(title);
        if (rules.length > 0) tests.push({ file, title: title.replace(/\s+/g, " ").trim(), rules });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return tests;
};
