import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Code in docs comes from type-checked files: a block preceded by `<!-- snippet: path#region -->` holds the
 * lines between `// #region region` and `// #endregion region` of `path` (relative to the repository root),
 * dedented. This module finds the markers, reads the regions and rewrites the blocks.
 */
export const SNIPPET_MARKER = /<!-- snippet: ([^#\s]+)#([\w-]+) -->\n```(\w*)\n(?:[\s\S]*?\n)??```/g;

/** The lines of `region` in `source`, dedented; throws when the region is missing or not closed. */
export const regionOf = (source: string, region: string, file: string): string => {
  const lines = source.split("\n");
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) throw new Error(`${file} has no region "${region}" (// #region … // #endregion)`);
  const body = lines.slice(start + 1, end).filter((line) => !/^\s*\/\/ #(end)?region /.test(line));
  const indent = Math.min(...body.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
  return body.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join("\n");
};

/** `doc` with every snippet block replaced by its region's current code. */
export const withSnippets = (
  doc: string,
  root: string,
  read = (path: string) => readFileSync(path, "utf8"),
): string =>
  doc.replace(SNIPPET_MARKER, (_, file: string, region: string, lang: string) => {
    const code = regionOf(read(join(root, file)), region, file);
    return `<!-- snippet: ${file}#${region} -->\n\`\`\`${lang}\n${code}\n\`\`\``;
  });

/** Every markdown file of `docs/` and the README, with its text now and as its snippets say it should be. */
export const documents = (root: string): ReadonlyArray<{ file: string; current: string; expected: string }> =>
  [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ].map((file) => {
    const current = readFileSync(join(root, file), "utf8");
    return { file, current, expected: withSnippets(current, root) };
  });
