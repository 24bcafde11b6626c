import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesIn, ruleTestsOf } from "../scripts/rule-table/collect.js";
import { DOMAIN_DOC, generatedDomainDoc } from "../scripts/rule-table/generate.js";
import {
  END_MARKER,
  renderTable,
  replaceBetweenMarkers,
  START_MARKER,
} from "../scripts/rule-table/render.js";

describe("the rule → test table of docs/domain.md", () => {
  it("is current: regenerate it with `npm run rules:table` after adding or renaming a rule's test", () => {
    const { current, expected } = generatedDomainDoc();
    expect(current.includes(START_MARKER) && current.includes(END_MARKER)).toBe(true);
    expect(current, `${DOMAIN_DOC} is stale: run \`npm run rules:table\``).toBe(expected);
  });

  it("reads rule ids, lists and ranges (either dash) from titles, each once, and nothing else", () => {
    expect(rulesIn("R16: never over-assigns")).toEqual(["R16"]);
    expect(rulesIn("R1–R3 R5-R7 R15: the model")).toEqual(["R1", "R2", "R3", "R5", "R6", "R7", "R15"]);
    expect(rulesIn("full demo (R4, R6, R9, R11-R13)")).toEqual(["R4", "R6", "R9", "R11", "R12", "R13"]);
    expect(rulesIn("R13 R13 again")).toEqual(["R13"]);
    expect(rulesIn("RFC 4180 and R2D2 and R123")).toEqual([]);
  });

  it("finds it, test, it.each and test.runIf titles, literal or template, but not describe blocks", () => {
    const root = mkdtempSync(join(tmpdir(), "rule-table-"));
    writeFileSync(
      join(root, "x.test.ts"),
      [
        'describe("R1: a block", () => {',
        '  it("R2: plain", () => {});',
        `  test(\`R3: template \${1}\`, () => {});`,
        '  it.each([1, 2])("R4: each %s", () => {});',
        '  test.runIf(true)("R5 R6: conditional", () => {});',
        '  it("no rule here", () => {});',
        "});",
      ].join("\n"),
    );
    const found = ruleTestsOf(root, "x.test.ts");
    expect(found.map((t) => [t.title, t.rules])).toEqual([
      ["R2: plain", ["R2"]],
      [`R3: template ${"$"}{1}`, ["R3"]],
      ["R4: each %s", ["R4"]],
      ["R5 R6: conditional", ["R5", "R6"]],
    ]);
  });

  it("counts per rule, shows a rule without tests as a dash, and replaces only what is between the markers", () => {
    const table = renderTable(
      [
        ["R1", "one"],
        ["R2", "two"],
      ],
      [{ file: "packages/core/a.test.ts", title: "R1: it", rules: ["R1"] }],
    );
    expect(table).toContain("| R1 | one | 1 |");
    expect(table).toContain("| R2 | two | — |");
    expect(table).toContain("- [core/a.test.ts](../packages/core/a.test.ts)");
    const doc = `before\n${START_MARKER}\nold\n${END_MARKER}\nafter\n`;
    expect(replaceBetweenMarkers(doc, "new")).toBe(
      `before\n${START_MARKER}\n\nnew\n\n${END_MARKER}\nafter\n`,
    );
    expect(() => replaceBetweenMarkers("no markers", "new")).toThrow(/markers/);
  });
});
