import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { concurrencyContract } from "./concurrency.contract.js";
import { decodingContract } from "./decoding.contract.js";
import { devicePoolContract } from "./device-pool.contract.js";
import { expectedVersionContract } from "./expected-version.contract.js";
import { groupCommitContract } from "./group-commit.contract.js";
import type { ContractContext, EventStoreHarness } from "./harness.js";
import { idempotencyContract } from "./idempotency.contract.js";
import { longStreamContract } from "./long-stream.contract.js";
import { orderingContract } from "./ordering.contract.js";
import { redactionContract } from "./redaction.contract.js";
import { snapshotsContract } from "./snapshots.contract.js";
import { validationContract } from "./validation.contract.js";

/**
 * The shared contract every `EventStore` adapter must pass (emmett's shared
 * feature tests): the same behaviour, tested the same way, so adapters cannot drift. `open` is called once per
 * suite; every test writes to stream ids of its own, so the suite may share a database with other suites and
 * earlier runs. Optional harness capabilities (`holdAppend`, `connect`, the store's `findEvent`) make the
 * concurrency tests stronger; without them the suite tests what the adapter does offer.
 */
export const describeEventStoreContract = (
  name: string,
  open: () => Promise<EventStoreHarness>,
  options: {
    /** Fast-check runs of the group-commit property (random interleavings of installs); default 12. */
    readonly groupCommitRuns?: number;
  } = {},
): void => {
  describe(`${name}: event store contract`, () => {
    let harness: EventStoreHarness | undefined;
    // Test support, not library code: a random run id keeps stream ids unique across runs sharing storage.
    const run = randomUUID().slice(0, 8);
    let streams = 0;
    const ctx: ContractContext = {
      harness: () => {
        if (!harness) throw new Error(`${name}: the harness did not open (see the beforeAll error)`);
        return harness;
      },
      streamId: (label) => `contract-${run}-${++streams}-${label}`,
    };
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });
    describe("expected version", () => expectedVersionContract(ctx));
    describe("idempotent append", () => idempotencyContract(ctx));
    describe("redaction (personal data)", () => redactionContract(ctx));
    describe("ordering and reads", () => orderingContract(ctx));
    describe("concurrent writers", () => concurrencyContract(ctx));
    describe("group commit (hot pools)", () => groupCommitContract(ctx, { runs: options.groupCommitRuns }));
    describe("device licenses (concurrent writers)", () =>
      devicePoolContract(ctx, { runs: options.groupCommitRuns }));
    describe("input validation and immutability", () => validationContract(ctx));
    describe("decoding stored events", () => decodingContract(ctx));
    describe("snapshots", () => snapshotsContract(ctx));
    describe("long streams", () => longStreamContract(ctx));
  });
};
