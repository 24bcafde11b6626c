import type { Message } from "../shared/decider.js";
import { asLedgerError } from "../store/errors.js";
import { eventIdFor } from "../store/event-id.js";
import type { EventStore, RecordedEvent } from "../store/port.js";
import type { AggregateDefinition } from "./aggregate.js";
import type { CommandResult } from "./command.js";
import { decodeRecordedEvent } from "./decode-event.js";

/**
 * Recognises the events a command already wrote: ids `eventIdFor(commandId, 0)`, `…(commandId, 1)`, … stored
 * one after the other (an append is atomic, so a command's events are contiguous).
 */
export class CommandTrace {
  readonly #commandId: string;
  readonly #found: RecordedEvent[] = [];
  #nextId: string;

  constructor(commandId: string) {
    this.#commandId = commandId;
    this.#nextId = eventIdFor(commandId, 0);
  }

  /** Events of the command seen so far. */
  get found(): ReadonlyArray<RecordedEvent> {
    return this.#found;
  }

  /** Looks at one stored event; returns false once the command's run of events has ended. */
  observe(event: RecordedEvent): boolean {
    if (event.id !== this.#nextId) return this.#found.length === 0;
    this.#found.push(event);
    this.#nextId = eventIdFor(this.#commandId, this.#found.length);
    return true;
  }
}

/** Commands decide a handful of events: a small batch reads them in one round trip without over-reading. */
const LOOKUP_BATCH = 16;

/** Reads a command's run of events from its first one (an append is atomic, so the run is contiguous). */
const runFrom = async (
  store: EventStore,
  streamId: string,
  commandId: string,
  first: RecordedEvent,
): Promise<ReadonlyArray<RecordedEvent>> => {
  const trace = new CommandTrace(commandId);
  for await (const event of store.readStream(streamId, {
    after: first.streamVersion - 1n,
    batchSize: LOOKUP_BATCH,
  })) {
    if (!trace.observe(event)) break;
  }
  return trace.found;
};

/**
 * The events a command wrote before the latest snapshot, found through the store's optional `findEvent` index,
 * or an empty list (not found, or the store has no index). Throws a `LedgerError` when the store fails (a raw
 * driver error may echo stored values, so it never reaches the caller as is).
 */
export const findCommandEvents = async (
  store: EventStore,
  streamId: string,
  commandId: string,
): Promise<ReadonlyArray<RecordedEvent>> => {
  try {
    const first = await store.findEvent?.(streamId, eventIdFor(commandId, 0));
    return first === undefined ? [] : await runFrom(store, streamId, commandId, first);
  } catch (error) {
    throw asLedgerError(error, `stream ${streamId}: find command events`);
  }
};

/**
 * {@link findCommandEvents} for several commands: one `findEvents` query for all their first events when the
 * store offers it (a batch of 64 commands costs one round trip, not 64), else one `findEvent` per command, all
 * at once. Only a command that was found (a retry, rare) costs a read of its run. Keyed by command id.
 */
export const findCommandsEvents = async (
  store: EventStore,
  streamId: string,
  commandIds: ReadonlyArray<string>,
): Promise<ReadonlyMap<string, ReadonlyArray<RecordedEvent>>> => {
  const found = new Map<string, ReadonlyArray<RecordedEvent>>();
  if (commandIds.length === 0) return found;
  if (!store.findEvents) {
    const runs = await Promise.all(commandIds.map((id) => findCommandEvents(store, streamId, id)));
    for (const [i, id] of commandIds.entries()) if ((runs[i] ?? []).length > 0) found.set(id, runs[i]!);
    return found;
  }
  try {
    const byFirstId = new Map(commandIds.map((id) => [eventIdFor(id, 0), id]));
    const firsts = await store.findEvents(streamId, [...byFirstId.keys()]);
    for (const first of firsts) {
      const commandId = byFirstId.get(first.id);
      if (commandId !== undefined) found.set(commandId, await runFrom(store, streamId, commandId, first));
    }
    return found;
  } catch (error) {
    throw asLedgerError(error, `stream ${streamId}: find command events`);
  }
};

/**
 * The answer to a command whose events are already stored (a retry): its own events, decoded, with
 * `written: false`, and the stream's state and version as loaded. Never decided again: after its first success
 * the state has moved on and a second decision could differ.
 */
export const resultFromStored = <C extends Message, Ev extends Message, S>(
  aggregate: AggregateDefinition<C, Ev, S>,
  streamId: string,
  loaded: { readonly state: S; readonly version: bigint },
  stored: ReadonlyArray<RecordedEvent>,
  attempts: number,
): CommandResult<S, Ev> => ({
  streamId,
  events: stored.map((event) => decodeRecordedEvent(aggregate.events, event)),
  state: loaded.state,
  version: loaded.version,
  lastGlobalPosition: stored[stored.length - 1]?.globalPosition ?? 0n,
  written: false,
  attempts,
});
