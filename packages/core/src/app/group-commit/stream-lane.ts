import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../../shared/decider.js";
import type { RetryBackoff } from "../backoff.js";
import type { TimedCommand } from "../command.js";
import { ConcurrencyRetriesExhausted } from "../errors.js";
import type { BatchTarget } from "./batch-target.js";
import { type BatchAttempt, commitBatch } from "./commit-batch.js";
import type { ContentionMemory } from "./contention.js";
import type { PendingCommand } from "./pending-command.js";
import { type StreamLock, underLock } from "./stream-lock.js";

/** What a lane needs beyond its stream: the bounds and the pacing of retries. */
export interface LaneSettings {
  readonly maxBatch: number;
  readonly maxAttempts: number;
  readonly backoff: RetryBackoff;
  readonly streamLock?: StreamLock;
  /** Streams that met other writers lately (shared by a handler's lanes); needed with `streamLock`. */
  readonly contention?: ContentionMemory;
}

/**
 * The queue of one stream in one process. Commands wait here while a batch of the stream is being committed;
 * the next batch takes the commands at the head of the queue, in arrival order. An idle lane starts at once
 * (a lone command waits for nobody); under load each batch carries what arrived during the previous one, so a
 * hot stream costs one load and one append per batch instead of one per command, and its in-process callers
 * never conflict with each other.
 */
export class StreamLane<C extends TimedCommand, Ev extends Message, S> {
  readonly #queue: PendingCommand<C, Ev, S>[] = [];
  #draining = false;
  /** Cleared when the stream proved older than its snapshot (restored from elsewhere), for the lane's life. */
  #useSnapshot = true;
  /** Consecutive conflicts of this lane's batches, for the back-off. */
  #conflicts = 0;

  constructor(
    private readonly target: BatchTarget<C, Ev, S>,
    private readonly settings: LaneSettings,
    /** Called when the queue ran dry, so the owner can forget the lane. */
    private readonly onIdle: () => void,
  ) {}

  /** Commands waiting, including those of the batch being committed. */
  get size(): number {
    return this.#queue.length;
  }

  /** True while a batch is being committed or more are due. */
  get busy(): boolean {
    return this.#draining;
  }

  /** Queues a command; starts committing if the lane was idle. */
  enqueue(pending: PendingCommand<C, Ev, S>): void {
    this.#queue.push(pending);
    if (this.#draining) return;
    this.#draining = true;
    // A microtask, not a timer: commands submitted in the same tick join the first batch, and none waits on a clock.
    queueMicrotask(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#nextBatch();
        let attempt: BatchAttempt;
        try {
          // Another process writes this stream too: take turns with it rather than race it (if a lock is given).
          const contended = this.settings.contention?.takeLock(this.target.streamId) ?? false;
          const lock = contended ? this.settings.streamLock : undefined;
          attempt = await underLock(lock, this.target.streamId, () =>
            commitBatch(this.target, batch, this.#useSnapshot),
          );
        } catch (error) {
          // A bug (a decider or codec that throws): its callers' promises reject, as with a lone command.
          for (const pending of batch) if (!pending.answered) pending.crash(error);
          attempt = { kind: "settled" };
        }
        if (attempt.kind === "conflict") await this.#afterConflict(batch, attempt);
        else this.#conflicts = 0;
        this.#dropAnswered();
      }
    } finally {
      this.#draining = false;
      this.onIdle();
    }
  }

  /**
   * The head of the queue, up to `maxBatch` commands. It stops before a command id already in the batch (the
   * same command sent twice at once: the second is then answered as a retry of the first) and keeps a command
   * the store refused in a batch on its own.
   */
  #nextBatch(): PendingCommand<C, Ev, S>[] {
    const batch: PendingCommand<C, Ev, S>[] = [];
    const ids = new Set<string>();
    for (const pending of this.#queue) {
      if (batch.length >= this.settings.maxBatch || ids.has(pending.context.commandId)) break;
      if (pending.alone && batch.length > 0) break;
      batch.push(pending);
      ids.add(pending.context.commandId);
      if (pending.alone) break;
    }
    return batch;
  }

  /** Gives up on commands out of attempts, then waits (with jitter) before the batch is decided again. */
  async #afterConflict(
    batch: ReadonlyArray<PendingCommand<C, Ev, S>>,
    conflict: Extract<BatchAttempt, { kind: "conflict" }>,
  ): Promise<void> {
    this.#conflicts++;
    this.settings.contention?.conflicted(this.target.streamId);
    if (conflict.actual < conflict.loaded) {
      // The start point was ahead of the stream: a snapshot restored from elsewhere, or a stale cached state.
      this.#useSnapshot = false;
      this.target.deps.stateCache?.delete(this.target.streamId);
    }
    const { streamId } = this.target;
    for (const pending of batch) {
      if (!pending.answered && pending.attempts >= this.settings.maxAttempts) {
        pending.answer(E.left(new ConcurrencyRetriesExhausted(streamId, pending.attempts, conflict.actual)));
      }
    }
    this.#dropAnswered();
    // Meanwhile more commands queue up: the next batch is larger, so a contended stream needs fewer appends.
    if (this.#queue.length > 0) await this.settings.backoff(this.#conflicts);
  }

  #dropAnswered(): void {
    let kept = 0;
    for (const pending of this.#queue) if (!pending.answered) this.#queue[kept++] = pending;
    this.#queue.length = kept;
  }
}
