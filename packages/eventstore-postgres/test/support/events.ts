import { type EventMetadata, type EventToAppend, eventIdFor } from "@vpp-ledger/core";

/** Metadata of test events: fixed, so a retried append is byte-for-byte the same. */
export const testMetadata: EventMetadata = {
  tenantId: "tenant-1",
  correlationId: "corr-1",
  causationId: "cause-1",
  actor: { kind: "system" },
  recordedAt: "2025-01-01T00:00:00.000Z",
};

/** `count` events decided by command `commandId` (deterministic ids, as the command handler derives them). */
export const testEvents = (commandId: string, count = 1, type = "Tested"): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => ({
    id: eventIdFor(commandId, index),
    type,
    schemaVersion: 1,
    data: { commandId, index },
    metadata: testMetadata,
  }));

/** Collects an async iterable (test reads are small). */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
