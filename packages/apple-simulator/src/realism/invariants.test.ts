import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../../test/support/client.js";
import { startAppleSimulator } from "../index.js";

type Failure = { errorNumber: number; errorInfo?: { serialNumbers?: string[] } };

/** One realistic run: associations of `batches` serial-number lists, then every operation completed on the clock. */
const run = async (seed: number, rates: { 9603: number; 9644: number; 9709: number }, batches: number[]) => {
  const sim = await startAppleSimulator({
    realism: {
      preset: "instant",
      clock: "manual",
      seed,
      operationPendingMs: [1_000, 30_000],
      asyncFailureRates: rates,
    },
  });
  try {
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    location.addAsset({ adamId: "1", totalCount: 10_000 });
    const client = clientFor(sim, location);
    const events: { eventId: string; serials: string[] }[] = [];
    for (const [batch, size] of batches.entries()) {
      const serials = Array.from({ length: size }, (_, index) => `B${batch}-${index}`);
      const { body } = await client.post("assets/associate", {
        assets: [{ adamId: "1" }],
        serialNumbers: serials,
      });
      events.push({ eventId: body.eventId, serials });
    }
    await sim.advanceTime(30_000);
    const statuses = [];
    for (const { eventId, serials } of events) {
      const status = (await client.get("status", { eventId })).body;
      statuses.push({ serials, status });
    }
    const held = new Set(location.state().assignments.map((assignment) => assignment.serialNumber));
    const [asset] = location.state().assets;
    return { statuses, held, asset };
  } finally {
    await sim.close();
  }
};

const rates = fc.record({
  9603: fc.double({ min: 0, max: 0.3, noNaN: true }),
  9644: fc.double({ min: 0, max: 0.3, noNaN: true }),
  9709: fc.double({ min: 0, max: 0.3, noNaN: true }),
});

describe("realistic mode invariants", () => {
  it("every requested item either completes and holds a license, or is named in exactly one failure", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(10_000),
        rates,
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 }),
        async (seed, failureRates, batches) => {
          const { statuses, held, asset } = await run(seed, failureRates, batches);
          for (const { serials, status } of statuses) {
            expect(status.eventStatus).not.toBe("PENDING");
            const failed = ((status.failures ?? []) as Failure[]).flatMap(
              (failure) => failure.errorInfo?.serialNumbers ?? [],
            );
            expect(new Set(failed).size).toBe(failed.length);
            expect(status.numCompleted + failed.length).toBe(status.numRequested);
            for (const serial of serials) expect(held.has(serial)).toBe(!failed.includes(serial));
            expect(status.eventStatus).toBe(failed.length === 0 ? "COMPLETE" : "FAILED");
          }
          expect(asset?.assignedCount).toBe(held.size);
          expect(
            (asset?.assignedCount ?? 0) + (asset?.availableCount ?? 0) + (asset?.retiredCount ?? 0),
          ).toBe(10_000);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("the same seed gives the same outcome, item for item", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(10_000), rates, async (seed, failureRates) => {
        const outcome = async () => {
          const { statuses, held } = await run(seed, failureRates, [20, 5]);
          return { held: [...held].sort(), failures: statuses.map(({ status }) => status.failures ?? []) };
        };
        expect(await outcome()).toEqual(await outcome());
      }),
      { numRuns: 6 },
    );
  });
});
