import { InMemoryCheckpointStore } from "@vpp-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeliveryCheckpoint } from "./watermark.js";

type Step =
  | { readonly kind: "read"; readonly upTo: number }
  | { readonly kind: "settle"; readonly pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("read" as const), upTo: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("settle" as const), pick: fc.nat() }),
);

describe("DeliveryCheckpoint", () => {
  it("the saved checkpoint never passes work not yet settled, never goes back, and reaches what was read once all is settled", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { maxLength: 40 }),
        fc.array(fc.nat({ max: 2 }), { maxLength: 60 }),
        async (steps, perEvent) => {
          const store = new InMemoryCheckpointStore();
          const checkpoint = new DeliveryCheckpoint(store, "d");
          await checkpoint.load("d");
          let position = 0;
          let cursor = 0;
          const open: number[] = [];
          let saved = -1;
          const check = async () => {
            await checkpoint.flush();
            const now = Number((await store.load("d")) ?? -1n);
            expect(now).toBeGreaterThanOrEqual(saved);
            if (open.length > 0) expect(now).toBeLessThan(Math.min(...open));
            saved = now;
          };
          for (const step of steps) {
            if (step.kind === "read") {
              for (let n = 0; n < step.upTo; n++) {
                position++;
                // An event asks for 0, 1 or 2 pieces of work.
                const pieces = perEvent[cursor++ % Math.max(1, perEvent.length)] ?? 1;
                for (let p = 0; p < pieces; p++) {
                  checkpoint.hold(BigInt(position));
                  open.push(position);
                }
              }
              await checkpoint.save("d", BigInt(position));
            } else if (open.length > 0) {
              const [settled] = open.splice(step.pick % open.length, 1);
              checkpoint.release(BigInt(settled as number));
            }
            await check();
          }
          for (const settled of open.splice(0)) checkpoint.release(BigInt(settled));
          await check();
          expect(saved).toBe(position === 0 ? -1 : position);
          expect(checkpoint.outstanding).toBe(0);
        },
      ),
    );
  });
});
