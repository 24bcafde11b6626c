import {
  type BatchSink,
  checkpointedSink,
  InMemoryParkedStreamStore,
  LiveProcessor,
  LogProcessor,
  licenseStreamId,
} from "@vpp-ledger/core";
import { poolEvent } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import type { PostgresStorage } from "../src/index.js";
import { BACKENDS } from "./support/backends.js";

const RATE_PER_S = 100;
const SECONDS = 5;

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Appends one event (one command's worth) every 1000/RATE ms for SECONDS, each to one of 20 pools, while a live
 * processor follows the log; the lag of an event is from the start of its append to the commit of the batch
 * that carried it to the sink. Resolves with p50/p99 in ms and the processor's lag figure at the end.
 */
const measure = async (storage: PostgresStorage, name: string, signals: boolean) => {
  const started = new Map<string, number>();
  const lags: number[] = [];
  const inner = checkpointedSink(name, storage.checkpoints, async () => undefined);
  const sink: BatchSink = {
    position: () => inner.position(),
    commit: async (batch) => {
      await inner.commit(batch);
      const now = performance.now();
      for (const event of batch.events) {
        const at = started.get(event.place.eventId);
        if (at !== undefined) lags.push(now - at);
      }
    },
  };
  const head = await storage.store.headPosition();
  await storage.checkpoints.save(name, head);
  const live = new LiveProcessor(
    new LogProcessor({ name, store: storage.store, sink, parked: new InMemoryParkedStreamStore() }),
    { ...(signals ? { wakeup: storage.wakeup } : {}), pollIntervalMs: signals ? 1_000 : 500 },
  );
  live.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const total = RATE_PER_S * SECONDS;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1_000) / RATE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const tenant = `lag-${name}-${i % 20}`;
    const event = poolEvent(tenant, Math.floor(i / 20) + 1);
    started.set(event.id, performance.now());
    await storage.store.appendToStream(licenseStreamId(tenant, "1001"), [event]);
  }
  const achieved = total / ((performance.now() - t0) / 1_000);
  const deadline = Date.now() + 10_000;
  while (lags.length < total && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const end = await live.lag();
  await live.stop();
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    count: lags.length,
    total,
    achieved,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    end,
  };
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`live lag under a steady command stream (${kind.name})`, () => {
    const backend = kind.setup();

    it(`follows ${RATE_PER_S} appends/s for ${SECONDS} s: NOTIFY keeps p99 lag far below the poll interval, and it catches up`, {
      timeout: 60_000,
    }, async () => {
      const storage = await backend.open();
      try {
        const notified = await measure(storage, "notified", true);
        const polled = await measure(storage, "polled", false);
        for (const [mode, run] of [
          ["NOTIFY (poll 1 s as fallback)", notified],
          ["polling every 500 ms", polled],
        ] as const) {
          console.log(
            `live lag on ${kind.name}, ${mode}: ${run.count}/${run.total} events at ${run.achieved.toFixed(0)}/s, ` +
              `p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`,
          );
        }
        for (const run of [notified, polled]) {
          expect(run.count).toBe(run.total);
          expect(run.end).toMatchObject({ events: 0n });
        }
        // The signal, not the poll, brings events in: without it half the poll interval is the median lag.
        expect(notified.p99).toBeLessThan(500);
        expect(notified.p50).toBeLessThan(polled.p50);
      } finally {
        await storage.close();
      }
    });
  });
}
