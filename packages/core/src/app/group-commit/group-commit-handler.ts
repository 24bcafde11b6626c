import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../../shared/decider.js";
import { Overloaded } from "../../store/errors.js";
import type { AggregateDefinition } from "../aggregate.js";
import { DEFAULT_MAX_ATTEMPTS, jitteredBackoff } from "../backoff.js";
import type { CommandContext, CommandHandlerDeps, CommandOutcome, TimedCommand } from "../command.js";
import { positiveInteger, prepareCommand } from "../prepare-command.js";
import { ContentionMemory } from "./contention.js";
import { type GroupCommitLimits, type GroupCommitOptions, groupCommitLimits } from "./options.js";
import { PendingCommand } from "./pending-command.js";
import { type LaneSettings, StreamLane } from "./stream-lane.js";

/** A lane of any aggregate: the handler only counts and forgets lanes; `handle` restores the types. */
interface AnyLane {
  readonly size: number;
  readonly busy: boolean;
}

/**
 * Handles commands like {@link handleCommand}, with group commit per stream:
 * commands for one stream queue behind each other, and each batch is loaded once, decided in order against the
 * evolving state and appended in one append with one expected version. Each caller gets its own outcome (its
 * events, its domain error, or the retry answer from its stored events), exactly as a lone command would: the
 * same decoding (an invalid command gets its own `Left` before it is queued), idempotency by command id,
 * snapshots, the state cache and upcasting. A batch that loses to another process's append is decided again on
 * fresh state after a jittered back-off, up to `maxAttempts` per command. Queues are bounded: past
 * `maxQueuedPerStream` or `maxQueued` a command is refused at once with a retryable
 * {@link Overloaded}. Core does no I/O of its own: the store does it, and the
 * only timer is the back-off's.
 */
export class GroupCommitHandler {
  readonly limits: GroupCommitLimits;
  readonly #deps: CommandHandlerDeps;
  readonly #lanes = new Map<string, AnyLane>();
  readonly #settings: LaneSettings;
  readonly #snapshotEvery: number;
  #queued = 0;

  /** Throws a `RangeError` for a bound, `maxAttempts` or `snapshotEvery` that is not a positive integer. */
  constructor(deps: CommandHandlerDeps, options: GroupCommitOptions = {}) {
    this.#deps = deps;
    this.limits = groupCommitLimits(options);
    this.#snapshotEvery = positiveInteger(deps.snapshotEvery, 100, "snapshotEvery");
    this.#settings = {
      maxBatch: this.limits.maxBatch,
      maxAttempts: positiveInteger(deps.maxAttempts, DEFAULT_MAX_ATTEMPTS, "maxAttempts"),
      backoff: deps.backoff ?? jitteredBackoff(),
      ...(options.streamLock === undefined
        ? {}
        : { streamLock: options.streamLock, contention: new ContentionMemory() }),
    };
  }

  /** Commands accepted and not yet answered, over all streams. */
  get queued(): number {
    return this.#queued;
  }

  /** Streams with commands waiting or being committed. */
  get activeStreams(): number {
    return this.#lanes.size;
  }

  /** Handles one command; resolves when its batch is settled. Never rejects for domain or store failures. */
  handle<C extends TimedCommand, Ev extends Message, S>(
    aggregate: AggregateDefinition<C, Ev, S>,
    streamId: string,
    command: NoInfer<C>,
    context: CommandContext,
  ): Promise<CommandOutcome<S, Ev>> {
    const prepared = prepareCommand(aggregate, streamId, command, context);
    if (E.isLeft(prepared)) return Promise.resolve(prepared);
    const key = `${aggregate.name}\u0000${streamId}`;
    const lane = this.#laneFor(key, aggregate, streamId);
    if (this.#queued >= this.limits.maxQueued) {
      this.#forgetIfIdle(key, lane);
      return Promise.resolve(E.left(new Overloaded(streamId, "process", this.limits.maxQueued)));
    }
    if (lane.size >= this.limits.maxQueuedPerStream) {
      return Promise.resolve(E.left(new Overloaded(streamId, "stream", this.limits.maxQueuedPerStream)));
    }
    this.#queued++;
    return new Promise((resolve, reject) => {
      const { command: decoded, context: checked } = prepared.right;
      const done =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          this.#queued--;
          settle(value);
        };
      lane.enqueue(new PendingCommand<C, Ev, S>(decoded, checked, done(resolve), done(reject)));
    });
  }

  #laneFor<C extends TimedCommand, Ev extends Message, S>(
    key: string,
    aggregate: AggregateDefinition<C, Ev, S>,
    streamId: string,
  ): StreamLane<C, Ev, S> {
    const existing = this.#lanes.get(key);
    // The key names the aggregate, and only this method creates lanes: the one found has these type parameters.
    if (existing !== undefined) return existing as StreamLane<C, Ev, S>;
    const target = { deps: this.#deps, aggregate, streamId, snapshotEvery: this.#snapshotEvery };
    const lane: StreamLane<C, Ev, S> = new StreamLane(target, this.#settings, () =>
      this.#forgetIfIdle(key, lane),
    );
    this.#lanes.set(key, lane);
    return lane;
  }

  /** Forgets a lane that has nothing to do, so the map holds only streams in use. */
  #forgetIfIdle(key: string, lane: AnyLane): void {
    if (lane.size === 0 && !lane.busy && this.#lanes.get(key) === lane) this.#lanes.delete(key);
  }
}
