import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../ledger/streams.js";
import { License } from "../license/index.js";
import { decideLicenseHistory, licenseCommandsArb } from "../testing/arbitraries/index.js";
import { heldApps, licensingWorkflow } from "./holdings.js";
import { licenseEvent } from "./ledger-events.test-support.js";

const POOLS = ["111", "222", "333"];

/** Three pools' reachable histories, interleaved in a random order as the global log would hold them. */
const logArb = fc
  .tuple(
    fc.tuple(...POOLS.map(() => licenseCommandsArb({ maxCommands: 30 }))),
    fc.array(fc.nat(POOLS.length - 1), { maxLength: 120 }),
  )
  .map(([commands, order]) => {
    const histories = commands.map((pool) => [...decideLicenseHistory(pool)]);
    const log: LedgerEvent[] = [];
    const take = (pool: number) => {
      const event = histories[pool]?.shift();
      if (event) log.push(licenseEvent("acme", POOLS[pool]!, event));
    };
    for (const pool of order) take(pool);
    for (const [pool, history] of histories.entries()) while (history.length > 0) take(pool);
    return { log, histories: commands.map(decideLicenseHistory) };
  });

describe("licensing index over random logs (R21, R22)", () => {
  it("R21: the index lists, for every user and device, exactly the pools whose state says it holds a license", () => {
    fc.assert(
      fc.property(logArb, ({ log, histories }) => {
        const state = log.reduce(licensingWorkflow.evolve, licensingWorkflow.initialState);
        const pools = histories.map((events) => License.fold(License.initialState, events));
        const expected = (has: (pool: (typeof pools)[number]) => boolean) =>
          POOLS.filter((_, i) => has(pools[i]!)).sort();
        for (const userId of ["user-1", "user-2", "user-3", "user-4", "user-5"]) {
          expect(heldApps(state, "acme", { userId }).sort(), userId).toEqual(
            expected((p) => p.holders.has(userId)),
          );
        }
        for (const serialNumber of ["SERIAL1", "SERIAL2", "SERIAL3", "SERIAL4"]) {
          expect(heldApps(state, "acme", { serialNumber }).sort(), serialNumber).toEqual(
            expected((p) => p.devices.has(serialNumber)),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
