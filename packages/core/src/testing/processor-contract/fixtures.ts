import type { LedgerEvent } from "../../ledger/streams.js";
import { licenseStreamId } from "../../license/index.js";
import { checkpointedSink } from "../../processing/sink.js";
import type { CheckpointStore } from "../../store/checkpoint.js";
import { eventIdFor } from "../../store/event-id.js";
import type { EventStore, EventToAppend } from "../../store/port.js";

/** The `n`-th ledger event of tenant `tenant`'s pool of app `adamId`: a PurchasedCountSynced of count `n`. */
export const poolEvent = (
  tenant: string,
  n: number,
  adamId = "1001",
  recordedAt = "2026-12-01T09:00:00Z",
): EventToAppend => ({
  id: eventIdFor(`processor-contract:${tenant}:${adamId}`, n),
  type: "PurchasedCountSynced",
  schemaVersion: 1,
  data: { purchased: n, previous: n - 1, at: recordedAt },
  metadata: { tenantId: tenant, correlationId: "c", causationId: "c", actor: { kind: "system" }, recordedAt },
});

/** Appends events `from`..`from + count - 1` of one pool, each in an append of its own; resolves with the last position. */
export const appendPool = async (
  store: EventStore,
  tenant: string,
  from: number,
  count: number,
  adamId = "1001",
): Promise<bigint> => {
  let last = 0n;
  for (let n = from; n < from + count; n++) {
    last = (await store.appendToStream(licenseStreamId(tenant, adamId), [poolEvent(tenant, n, adamId)]))
      .lastGlobalPosition;
  }
  return last;
};

/** The current head, by a marker event of a stream that is not the ledger's (processors skip it). */
export const headMarker = async (store: EventStore, label: string): Promise<bigint> =>
  (
    await store.appendToStream(`processor-contract-head-${label}`, [
      { ...poolEvent(label, 1), id: eventIdFor(`processor-contract-head:${label}`, 0), type: "Marker" },
    ])
  ).lastGlobalPosition;

/** An at-least-once sink that records what it was handed, with its checkpoint in `checkpoints`. */
export const recordingSink = (name: string, checkpoints: CheckpointStore, tenants: ReadonlyArray<string>) => {
  const seen: LedgerEvent[] = [];
  const sink = checkpointedSink(name, checkpoints, async (events) => {
    seen.push(...events.filter((event) => tenants.includes(event.tenantId)));
  });
  return { sink, seen, ids: () => seen.map((event) => event.place.eventId) };
};

/** A checkpoint store whose next save fails once: the crash between a handler and its checkpoint. */
export const failingOnce = (checkpoints: CheckpointStore) => {
  let armed = false;
  const store: CheckpointStore = {
    load: (name) => checkpoints.load(name),
    save: async (name, position) => {
      if (armed) {
        armed = false;
        throw new Error("crash before the checkpoint was saved");
      }
      await checkpoints.save(name, position);
    },
  };
  return { store, arm: () => (armed = true) };
};

/** Waits until `condition` holds, checking every 5 ms, or fails after `ms`. */
export const eventually = async (condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** True when the values are in strictly increasing order. */
export const increasing = (values: ReadonlyArray<bigint>): boolean =>
  values.every((value, index) => index === 0 || value > values[index - 1]!);
