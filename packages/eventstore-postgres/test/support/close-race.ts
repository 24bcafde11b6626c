import type { AppendResult } from "@vpp-ledger/core";
import type { PostgresStorage } from "../../src/index.js";
import { collect, testEvents } from "./events.js";

/** One store call of the race: whether it started before `close()`, and how it ended. */
export interface TrackedCall {
  readonly name: string;
  readonly beforeClose: boolean;
  settled: boolean;
  error?: unknown;
}

/** What the race saw. */
export interface CloseRace {
  readonly calls: ReadonlyArray<TrackedCall>;
  /** Calls started before `close()` that had not settled when `close()` resolved (must be none). */
  readonly unsettledAtClose: ReadonlyArray<TrackedCall>;
  /** Each command's outcome: its append's result, or the error that stopped it. */
  readonly commands: ReadonlyArray<PromiseSettledResult<AppendResult>>;
  /** Streams whose append resolved, with its result. */
  readonly appended: ReadonlyMap<string, AppendResult>;
  readonly streams: ReadonlyArray<string>;
}

/**
 * Runs `count` concurrent commands, each a chain of calls on all four stores (read the version, append two
 * events at it, save a snapshot, a checkpoint and a parked entry, read the stream back), and calls `close()`
 * twice once `closeAfter` appends have landed: the commands are then at every stage, some not started, some
 * mid-call, some between calls.
 */
export const raceClose = async (
  storage: PostgresStorage,
  options: {
    readonly count?: number;
    readonly closeAfter?: number;
    readonly prefix?: string;
    /** Filled as calls start, for observers during the race (a client's close, say). */
    readonly calls?: TrackedCall[];
  } = {},
): Promise<CloseRace> => {
  const { count = 40, closeAfter = 5, prefix = "close", calls = [] } = options;
  let closeCalled = false;
  const call = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const record: TrackedCall = { name, beforeClose: !closeCalled, settled: false };
    calls.push(record);
    return work().then(
      (value) => {
        record.settled = true;
        return value;
      },
      (error: unknown) => {
        record.settled = true;
        record.error = error;
        throw error;
      },
    );
  };
  const { store, snapshots, checkpoints, parked } = storage;
  const appended = new Map<string, AppendResult>();
  let landed: () => void = () => undefined;
  const enoughLanded = new Promise<void>((resolve) => {
    landed = resolve;
  });
  const streams = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const command = async (streamId: string, i: number): Promise<AppendResult> => {
    const version = await call("streamVersion", () => store.streamVersion(streamId));
    const events = testEvents(streamId, 2);
    const result = await call("appendToStream", () =>
      store.appendToStream(streamId, events, { expectedVersion: version }),
    );
    appended.set(streamId, result);
    if (appended.size >= closeAfter) landed();
    const streamVersion = result.nextExpectedVersion;
    await call("snapshots.save", () =>
      snapshots.save({ streamId, streamVersion, schemaVersion: 1, state: { i } }),
    );
    await call("checkpoints.save", () => checkpoints.save(`reader-${i}`, result.lastGlobalPosition));
    await call("parked.park", () =>
      parked.park({
        reader: `reader-${i}`,
        streamId,
        streamVersion,
        globalPosition: result.lastGlobalPosition,
        eventType: "Tested",
        field: "data",
        code: "corrupt-event",
        reason: "test",
      }),
    );
    // One page (the default batch holds both events), so the read is one store operation like the others.
    await call("readStream", () => collect(store.readStream(streamId)));
    return result;
  };
  const running = Promise.allSettled(streams.map(command));
  await Promise.race([enoughLanded, running]);
  closeCalled = true;
  const closing = storage.close();
  const again = storage.close();
  await closing;
  const unsettledAtClose = calls.filter((c) => c.beforeClose && !c.settled);
  await again;
  return { calls, unsettledAtClose, commands: await running, appended, streams };
};
