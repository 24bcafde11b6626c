import {
  createVppLedger,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  LiveProcessor,
  LogProcessor,
} from "@vpp-ledger/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openReadModels, type RebuildProgress } from "../src/index.js";
import { BACKENDS } from "./support/backends.js";
import { expectEqualToReplay } from "./support/compare.js";
import { CrashingClient } from "./support/crashing-client.js";
import { runScenario, scenarioArb } from "./support/history.js";
import { waitCaughtUp } from "./support/live.js";

const histories = fc.sample(scenarioArb(30), { numRuns: 6, seed: 21 });

describe.each(BACKENDS.filter((b) => b.enabled))("rebuild on $name", ({ setup }) => {
  const backend = setup();

  it("fills a new generation while the serving one keeps answering and following the log, then switches", async () => {
    const store = new InMemoryEventStore();
    const ledger = createVppLedger({ store });
    const parked = new InMemoryParkedStreamStore();
    const readModels = await backend.open();
    await runScenario(ledger, histories.slice(0, 4).flat(), "before");
    const live = new LiveProcessor(
      new LogProcessor(readModels.feed({ name: "console", store, parked, batchSize: 20 })),
      { pollIntervalMs: 20, retryDelayMs: 20 },
    );
    live.start();
    await waitCaughtUp(live, store);
    const served = await readModels.queries.auditReport();

    // While the rebuild runs: commands keep coming, and the console keeps asking.
    let rebuilding = true;
    const seen: number[] = [];
    const asking = (async () => {
      while (rebuilding) {
        seen.push((await readModels.queries.auditReport()).eventsChecked);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const writing = (async () => {
      // Paced, so appends go on through the whole rebuild rather than landing before its first batch.
      for (const [i, command] of histories.slice(4).flat().entries()) {
        await runScenario(ledger, [command], `during-${i}`);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const progress: RebuildProgress[] = [];
    const report = await readModels.rebuild({
      store,
      parked,
      processor: "console",
      batchSize: 3,
      onProgress: (p) => progress.push(p),
    });
    await writing;
    rebuilding = false;
    await asking;

    expect(report).toMatchObject({ generation: 2, previous: 1, resumed: false });
    // The console was never served an empty or older version: every answer covered at least what it had before.
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(served.eventsChecked);
    const building = progress.filter((p) => p.phase === "building");
    expect(building.length).toBeGreaterThan(1);
    expect(building.map((p) => p.position)).toEqual(
      [...building.map((p) => p.position)].sort((a, b) => (a! < b! ? -1 : 1)),
    );
    expect(progress.map((p) => p.phase).slice(-2)).toEqual(["switched", "dropped"]);
    expect(building.at(-1)?.head).toBeDefined();

    // The live processor moved over to the new generation by itself, and the old one is gone.
    await waitCaughtUp(live, store);
    await live.stop();
    const status = await readModels.status();
    expect(status.serving).toBe(2);
    expect(status.generations.map((g) => [g.generation, g.status, g.processor])).toEqual([
      [2, "serving", "console"],
    ]);
    await expectEqualToReplay(readModels.queries, store);
  }, 120_000);

  it("a rebuild interrupted by a crash is resumed by the next one, from its own position", async () => {
    const store = new InMemoryEventStore();
    await runScenario(createVppLedger({ store }), histories.flat(), "all");
    const parked = new InMemoryParkedStreamStore();
    const client = new CrashingClient(backend.client());
    const readModels = await openReadModels(client, { schema: backend.freshSchema() });
    await new LogProcessor(readModels.feed({ name: "console", store, parked })).pass();
    // The generation's creation is one transaction; let it and five batches commit, then crash the sixth.
    client.arm(6, { kind: "before-commit" });
    const options = { store, parked, processor: "console", batchSize: 5 };
    await expect(readModels.rebuild(options)).rejects.toThrow();
    const interrupted = await readModels.status();
    expect(interrupted.serving).toBe(1);
    expect(interrupted.generations.find((g) => g.generation === 2)).toMatchObject({
      status: "building",
      position: expect.any(BigInt),
    });
    const events: number[] = [];
    const report = await readModels.rebuild({ ...options, onProgress: (p) => events.push(p.events) });
    expect(report).toMatchObject({ generation: 2, resumed: true });
    expect((await readModels.status()).serving).toBe(2);
    await expectEqualToReplay(readModels.queries, store);
  }, 120_000);

  it("refuses to rebuild for a processor name that does not feed the read models", async () => {
    const store = new InMemoryEventStore();
    await runScenario(createVppLedger({ store }), histories[0] ?? [], "one");
    const parked = new InMemoryParkedStreamStore();
    const readModels = await backend.open();
    await new LogProcessor(readModels.feed({ name: "console", store, parked })).pass();
    await expect(readModels.rebuild({ store, parked, processor: "other" })).rejects.toThrow(
      /another processor/,
    );
  });
});
