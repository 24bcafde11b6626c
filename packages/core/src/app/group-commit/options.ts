import { positiveInteger } from "../prepare-command.js";
import type { StreamLock } from "./stream-lock.js";

/** Bounds of group commit; every field is optional and has a default. */
export interface GroupCommitOptions {
  /**
   * Commands decided together and appended in one append, at most; 64. Larger batches save appends on a hot
   * stream but make one append (and its transaction) longer.
   */
  readonly maxBatch?: number;
  /** Commands that may wait for one stream (queued or in the batch being committed); 1,024. */
  readonly maxQueuedPerStream?: number;
  /** Commands that may wait in this handler over all streams; 16,384. */
  readonly maxQueued?: number;
  /**
   * Taken around the batches of a stream once that stream met a conflict, so processes sharing a hot stream take
   * turns instead of wasting attempts; uncontended streams never take it. None unless given (see
   * docs/hot-pools.md for when it pays).
   */
  readonly streamLock?: StreamLock;
}

/** {@link GroupCommitOptions} with every default applied. */
export interface GroupCommitLimits {
  readonly maxBatch: number;
  readonly maxQueuedPerStream: number;
  readonly maxQueued: number;
}

/** Applies the defaults; a bound that is not a positive integer is a misconfiguration and throws. */
export const groupCommitLimits = (options: GroupCommitOptions = {}): GroupCommitLimits => ({
  maxBatch: positiveInteger(options.maxBatch, 64, "groupCommit.maxBatch"),
  maxQueuedPerStream: positiveInteger(options.maxQueuedPerStream, 1_024, "groupCommit.maxQueuedPerStream"),
  maxQueued: positiveInteger(options.maxQueued, 16_384, "groupCommit.maxQueued"),
});
