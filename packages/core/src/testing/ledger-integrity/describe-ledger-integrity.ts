import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { boundaryRows } from "./boundary.rows.js";
import type { IntegrityContext, LedgerIntegrityHarness } from "./harness.js";
import { hostileInputProperty } from "./hostile.property.js";
import { isolationRows } from "./isolation.rows.js";

/**
 * The ledger's integrity suite (R24, issue 7), run on every store adapter like the store contract: each entry
 * point refuses what would not read back, nothing is half-written, and one poisoned stream stops only what
 * depends on it. `open` is called once per suite; tenants are unique per run, so storage may be shared.
 */
export const describeLedgerIntegrity = (
  name: string,
  open: () => Promise<LedgerIntegrityHarness>,
  options: {
    /** Fast-check runs of the hostile-input property (default 60). */
    readonly hostileRuns?: number;
    /** How long `open` may take (an embedded database on a loaded machine is slow to start); default 120 s. */
    readonly openTimeoutMs?: number;
  } = {},
): void => {
  describe(`${name}: ledger integrity`, () => {
    let harness: LedgerIntegrityHarness | undefined;
    // Test support: a random run id keeps tenants unique across runs sharing storage.
    const run = randomUUID().slice(0, 8);
    let tenants = 0;
    const ctx: IntegrityContext = {
      harness: () => {
        if (!harness) throw new Error(`${name}: the harness did not open (see the beforeAll error)`);
        return harness;
      },
      tenant: (label) => `it-${run}-${++tenants}-${label}`,
      hostileRuns: options.hostileRuns ?? 60,
    };
    beforeAll(async () => {
      harness = await open();
    }, options.openTimeoutMs ?? 120_000);
    afterAll(async () => {
      await harness?.close();
    });
    describe("entry points (the issue's table)", () => boundaryRows(ctx));
    describe("isolation and repair", () => isolationRows(ctx));
    describe("hostile input", () => hostileInputProperty(ctx));
  });
};
