import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { documents, regionOf, withSnippets } from "../scripts/docs-snippets/snippets.js";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("code in the docs comes from type-checked files", () => {
  it("every snippet block equals its region: run `npm run docs:snippets` after changing the code", () => {
    const docs = documents(root);
    expect(docs.some((doc) => doc.current.includes("<!-- snippet: "))).toBe(true);
    for (const doc of docs) expect(doc.current, `${doc.file} is stale`).toBe(doc.expected);
  });

  it("replaces a block with its region, dedented, and refuses a region that does not exist", () => {
    const source = "x\n  // #region a\n  const a = 1;\n    if (a) {}\n  // #endregion a\n";
    expect(regionOf(source, "a", "f.ts")).toBe("const a = 1;\n  if (a) {}");
    const doc = "intro\n<!-- snippet: f.ts#a -->\n```ts\nold\n```\nend";
    expect(withSnippets(doc, "/", () => source)).toBe(
      "intro\n<!-- snippet: f.ts#a -->\n```ts\nconst a = 1;\n  if (a) {}\n```\nend",
    );
    expect(() => regionOf(source, "b", "f.ts")).toThrow('f.ts has no region "b"');
  });
});
