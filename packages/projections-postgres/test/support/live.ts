import type { EventStore, ProcessorLag } from "@vpp-ledger/core";

/** Waits until a live (or leased) processor has applied the log up to its head (polling its lag), within `timeoutMs`. */
export const waitCaughtUp = async (
  live: { lag(): Promise<ProcessorLag> },
  store: EventStore,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  const head = store.headPosition ? await store.headPosition() : undefined;
  if (head === undefined) throw new Error("the store cannot tell its head");
  for (;;) {
    const lag = await live.lag();
    if (lag.position !== undefined && lag.position >= head) return;
    if (Date.now() > deadline) throw new Error(`not caught up: at ${lag.position} of ${head}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
