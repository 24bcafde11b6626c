import {
  createVppLedger,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  LogProcessor,
} from "@vpp-ledger/core";
import fc from "fast-check";
import { describe, it } from "vitest";
import { openReadModels } from "../src/index.js";
import { BACKENDS } from "./support/backends.js";
import { expectEqualToReplay } from "./support/compare.js";
import { CrashingClient, type CrashPoint } from "./support/crashing-client.js";
import { runScenario, scenarioArb } from "./support/history.js";

/** One restart of the processor: a batch size, and maybe a crash after some committed batches. */
const sessionArb = fc.record({
  batchSize: fc.integer({ min: 1, max: 12 }),
  crash: fc.option(
    fc.record({
      after: fc.nat(4),
      point: fc.oneof(
        fc.constant<CrashPoint>({ kind: "between-batches" }),
        fc.constant<CrashPoint>({ kind: "before-commit" }),
        fc.nat(14).map((afterStatements): CrashPoint => ({ kind: "inside", afterStatements })),
      ),
    }),
    { nil: undefined },
  ),
});

describe.each(BACKENDS.filter((b) => b.enabled))("exactly once on $name", ({ setup }) => {
  const backend = setup();

  it("for random histories, read models built incrementally in random batches, with crashes between batches and " +
    "inside transactions, equal one full in-memory replay", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb(20),
        fc.array(fc.tuple(fc.nat(100), fc.array(sessionArb, { minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (commands, rounds) => {
          const store = new InMemoryEventStore();
          const ledger = createVppLedger({ store });
          const parked = new InMemoryParkedStreamStore();
          const client = new CrashingClient(backend.client());
          const readModels = await openReadModels(client, { schema: backend.freshSchema() });
          let ran = 0;
          for (const [i, [share, sessions]] of rounds.entries()) {
            // Each round appends a slice of the history, then restarts the processor a few times.
            const end = i === rounds.length - 1 ? commands.length : Math.min(commands.length, ran + share);
            await runScenario(ledger, commands.slice(ran, end), `c${ran}`);
            ran = end;
            for (const session of sessions) {
              const processor = new LogProcessor(
                readModels.feed({ name: "console", store, parked, batchSize: session.batchSize }),
              );
              if (session.crash) client.arm(session.crash.after, session.crash.point);
              const before = client.crashes;
              // The crash surfaces as the store error the sink maps it to; only an injected one is expected.
              await processor.pass().catch((error: unknown) => {
                if (client.crashes === before) throw error;
              });
              client.disarm();
            }
          }
          await new LogProcessor(readModels.feed({ name: "console", store, parked, batchSize: 50 })).pass();
          await expectEqualToReplay(readModels.queries, store);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});
