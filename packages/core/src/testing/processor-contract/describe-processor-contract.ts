import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { deliveryContract } from "./delivery.contract.js";
import type { ProcessorContext, ProcessorGuarantees, ProcessorHarness } from "./harness.js";
import { isolationContract } from "./isolation.contract.js";
import { liveContract } from "./live.contract.js";

/**
 * The processor contract (issue 8): what a `LogProcessor` over a store may rely on, run on every adapter with its
 * checkpoint, parked-stream and (optionally) lease stores. The adapter states the store's guarantees (how late
 * commits are never skipped; exactly-once or at-least-once delivery): they appear in the suite's name and decide
 * which tests run, so a test report lists which guarantee holds where. Tests use tenants of their own and start at a marker appended
 * to the log, so the suite may share a store with others.
 */
export const describeProcessorContract = (
  name: string,
  guarantees: ProcessorGuarantees,
  open: () => Promise<ProcessorHarness>,
): void => {
  let harness: ProcessorHarness | undefined;
  // Test support, not library code: a random run id keeps tenants unique across runs sharing storage.
  const run = randomUUID().slice(0, 8);
  let tenants = 0;
  const ctx: ProcessorContext = {
    harness: () => {
      if (!harness) throw new Error(`${name}: the harness did not open (see the beforeAll error)`);
      return harness;
    },
    guarantees,
    tenant: (label) => `pc-${run}-${++tenants}-${label}`,
  };
  const stated = `late commits never skipped by the ${guarantees.lateCommits}; ${guarantees.delivery}`;
  describe(`${name}: processor contract (${stated})`, () => {
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });
    describe("delivery: once per event from the checkpoint, in order", () => deliveryContract(ctx));
    describe("live: late commits, signals, lag", () => liveContract(ctx));
    describe("isolation: parked streams and leases", () => isolationContract(ctx));
  });
};
