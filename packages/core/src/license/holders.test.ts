import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Holders } from "./holders.js";

type Op = { readonly kind: "set" | "delete"; readonly userId: string };
const op = fc.record({
  kind: fc.constantFrom("set" as const, "delete" as const),
  userId: fc.integer({ min: 0, max: 600 }).map(String),
});

/** Applies batches of operations both to Holders (one editor per batch) and to a plain Map, the model. */
const replay = (
  start: ReadonlyArray<readonly [string, string]>,
  batches: ReadonlyArray<ReadonlyArray<Op>>,
) => {
  let holders = Holders.from(start);
  const model = new Map(start);
  const versions: Holders[] = [holders];
  for (const [b, batch] of batches.entries()) {
    const editor = holders.edit();
    for (const { kind, userId } of batch) {
      if (kind === "set" && !model.has(userId)) {
        editor.set(userId, `t${b}`);
        model.set(userId, `t${b}`);
      } else if (kind === "delete") {
        expect(editor.delete(userId)).toBe(model.delete(userId));
      }
    }
    holders = editor.done();
    versions.push(holders);
  }
  return { holders, model, versions };
};

describe("Holders", () => {
  it("R13: behaves like a Map (entries in Map order, size, has, get) over any batches of changes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 400 }),
        fc.array(fc.array(op, { maxLength: 700 }), { maxLength: 8 }),
        (startIds, batches) => {
          const start = [...new Set(startIds)].map((id) => [String(id), "t"] as const);
          const { holders, model } = replay(start, batches);
          expect([...holders]).toEqual([...model]);
          expect(holders.size).toBe(model.size);
          for (let id = 0; id <= 600; id++) {
            expect(holders.has(String(id))).toBe(model.has(String(id)));
            expect(holders.get(String(id))).toBe(model.get(String(id)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("R13: an overwritten entry takes the new value, and the editor's has() follows the batch (account users, devices)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 300 }),
        fc.array(fc.array(op, { maxLength: 500 }), { maxLength: 6 }),
        (startIds, batches) => {
          let holders = Holders.from<"a" | "b">(
            [...new Set(startIds)].map((id) => [String(id), "a"] as const),
          );
          const model = new Map<string, "a" | "b">(holders);
          for (const [b, batch] of batches.entries()) {
            const editor = holders.edit();
            for (const { kind, userId } of batch) {
              if (kind === "set") {
                const value = b % 2 === 0 ? "b" : "a";
                editor.set(userId, value);
                model.set(userId, value);
              } else expect(editor.delete(userId)).toBe(model.delete(userId));
              expect(editor.has(userId)).toBe(model.has(userId));
            }
            holders = editor.done();
          }
          // An overwrite may move an entry to the end: compared as Maps, which ignore order.
          expect(new Map(holders)).toEqual(model);
          expect(holders.size).toBe(model.size);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("never changes a value it was built from", () => {
    const start = Holders.from([
      ["a", "1"],
      ["b", "2"],
    ]);
    const editor = start.edit();
    editor.set("c", "3");
    editor.delete("a");
    const next = editor.done();
    expect([...start]).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect([...next]).toEqual([
      ["b", "2"],
      ["c", "3"],
    ]);
    expect(Object.isFrozen(next)).toBe(true);
  });

  it("a long chain of small edits to a large pool stays exact (the cost is measured in bench/replay.ts)", () => {
    const large = Holders.from(Array.from({ length: 100_000 }, (_, i) => [`u${i}`, "t"] as const));
    let holders = large;
    for (let i = 0; i < 200; i++) {
      const editor = holders.edit();
      editor.delete(`u${i}`);
      editor.set(`new${i}`, "t");
      holders = editor.done();
    }
    expect(holders.size).toBe(100_000);
    expect(holders.has("u0")).toBe(false);
    expect(holders.has("new199")).toBe(true);
  });
});
