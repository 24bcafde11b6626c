/**
 * What bench/hot-pool.ts and its child processes share: a store that counts appends and conflicts, the ledger
 * of one bench process, and the callers that run installs through `requestInstall` until the users or the time
 * run out. (Files starting with `_` are not benchmarks of their own: bench/run.ts skips them.)
 */
import {
  type AppendResult,
  createVppLedger,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  isLedgerError,
  noBackoff,
  type ReadOptions,
  type RecordedEvent,
  requestInstall,
  type SnapshotStore,
  type StreamLock,
  type VppLedger,
  type VppLedgerDeps,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

export const TENANT = "bench";
export const AT = "2026-11-25T12:00:00.000Z";

/** Passes everything through, counting append calls and the ones refused for a stale expected version. */
export class CountingStore implements EventStore {
  appends = 0;
  conflicts = 0;
  readonly findEvent: (streamId: string, eventId: string) => Promise<RecordedEvent | undefined>;
  readonly findEvents: (
    streamId: string,
    eventIds: ReadonlyArray<string>,
  ) => Promise<ReadonlyArray<RecordedEvent>>;

  constructor(private readonly inner: EventStore) {
    const find = inner.findEvent?.bind(inner);
    const findMany = inner.findEvents?.bind(inner);
    if (!find || !findMany)
      throw new Error("the bench store must offer findEvent(s), as the PostgreSQL store does");
    this.findEvent = find;
    this.findEvents = findMany;
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    this.appends++;
    try {
      return await this.inner.appendToStream(streamId, events, options);
    } catch (error) {
      if (isLedgerError(error, "wrong-expected-version")) this.conflicts++;
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  streamVersion(streamId: string): Promise<bigint> {
    return this.inner.streamVersion(streamId);
  }
}

/**
 * The path measured. `old`: every command alone, retried at once, 3 attempts (the handler before issue 10).
 * `alone`: every command alone with today's back-off and 10 attempts (`groupCommit: false`). `new`: group commit,
 * the default. `lock`: group commit, and processes take turns on a contended pool (createPostgresStreamLock).
 */
export type Path = "old" | "alone" | "new" | "lock";

const PATHS: Record<Exclude<Path, "lock">, Partial<VppLedgerDeps>> = {
  old: { groupCommit: false, maxAttempts: 3, backoff: noBackoff },
  alone: { groupCommit: false },
  new: {},
};

/** A ledger as a host process would build it, over a counting store. */
export const benchLedger = (
  storage: { readonly store: EventStore; readonly snapshots: SnapshotStore },
  path: Path,
  streamLock?: StreamLock,
): { readonly ledger: VppLedger; readonly counts: CountingStore } => {
  const counts = new CountingStore(storage.store);
  const tuning = path === "lock" ? (streamLock ? { groupCommit: { streamLock } } : {}) : PATHS[path];
  const ledger = createVppLedger({ store: counts, snapshots: storage.snapshots, ...tuning });
  return { ledger, counts };
};

/** What a group of callers did. */
export interface CallerTally {
  assigned: number;
  /** Installs that ended otherwise (no license left, already assigned): none is expected in this bench. */
  other: number;
  /** Workflows a caller ran again after a retryable failure (a busy stream, an overloaded queue). */
  clientRetries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One id per (run, user): a caller's retry reuses it, as a host's would. */
const commandId = (run: string, adamId: string, userId: string) => `install:${run}:${adamId}:${userId}`;

/**
 * `callers` concurrent callers take the next (app, user) install from `work` and run `requestInstall` for it,
 * retrying retryable failures with the same command id, until `work` is done or `deadline` (a
 * `performance.now()` instant) has passed; an install already started is finished.
 */
export const runCallers = async (
  ledger: VppLedger,
  work: ReadonlyArray<{ readonly adamId: string; readonly userId: string }>,
  callers: number,
  deadline: number,
  run: string,
): Promise<CallerTally> => {
  const tally: CallerTally = { assigned: 0, other: 0, clientRetries: 0 };
  let next = 0;
  const caller = async () => {
    while (next < work.length && performance.now() < deadline) {
      const { adamId, userId } = work[next++]!;
      const context = {
        commandId: commandId(run, adamId, userId),
        actor: { kind: "device", id: userId },
      } as const;
      for (let attempt = 1; ; attempt++) {
        const outcome = await requestInstall(ledger, { tenantId: TENANT, adamId, userId, at: AT }, context);
        if (E.isRight(outcome)) {
          if (outcome.right.status === "assigned") tally.assigned++;
          else tally.other++;
          break;
        }
        const failure = outcome.left;
        if (!isLedgerError(failure) || !failure.retryable || attempt >= 1_000) {
          throw new Error(`install of ${userId} on ${adamId}: ${failure.code}: ${failure.message}`);
        }
        tally.clientRetries++;
        await sleep(Math.random() * 5);
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return tally;
};
