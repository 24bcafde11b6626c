import type { Clock } from "./clock.js";
import type { StatusResponse } from "./codecs/status.js";
import { OperationStillPendingError } from "./errors.js";

/** How {@link waitForOperation} polls. */
export interface WaitForOperationOptions {
  /**
   * Wait between polls while the operation is PENDING. Default 30 000 ms, Apple's minimum in production; lower
   * values are for simulators and tests.
   */
  readonly pollIntervalMs?: number;
  /** Give up after this long (default 600 000 ms: Apple advises re-sending a request still pending at 10 min). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** How {@link waitForOperation} names the operation in its timeout error (default: the id itself). */
export type ShowOperationId = (operationId: string) => string;

/** Apple's production minimum between two status polls of one operation. */
export const MIN_PRODUCTION_POLL_INTERVAL_MS = 30_000;

/**
 * Polls `status?eventId=` (Apple's name for the operation's id) until the operation is COMPLETE or FAILED and
 * returns that status (its `failures` say what did not happen). Throws `operation-still-pending` at the
 * timeout. Prefer notifications; poll when none arrived within five minutes, as Apple advises.
 */
export const waitForOperation = async (
  operationId: string,
  getStatus: (operationId: string, signal?: AbortSignal) => Promise<StatusResponse>,
  clock: Clock,
  options: WaitForOperationOptions = {},
  show: ShowOperationId = (operationId) => operationId,
): Promise<StatusResponse> => {
  const pollIntervalMs = Math.max(0, options.pollIntervalMs ?? MIN_PRODUCTION_POLL_INTERVAL_MS);
  const timeoutMs = options.timeoutMs ?? 600_000;
  const started = clock.now();
  for (;;) {
    const status = await getStatus(operationId, options.signal);
    // `eventStatus`: Apple's wire name for the operation's state.
    if (status.eventStatus !== "PENDING") return status;
    const waited = clock.now() - started;
    if (waited + pollIntervalMs > timeoutMs) throw new OperationStillPendingError(show(operationId), waited);
    await clock.sleep(pollIntervalMs, options.signal);
  }
};
