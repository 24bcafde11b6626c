import type { Clock } from "./clock.js";
import type { StatusResponse } from "./codecs/status.js";
import { EventStillPendingError } from "./errors.js";

/** How {@link waitForEvent} polls. */
export interface WaitForEventOptions {
  /**
   * Wait between polls while the event is PENDING. Default 30 000 ms, Apple's minimum in production; lower
   * values are for simulators and tests.
   */
  readonly pollIntervalMs?: number;
  /** Give up after this long (default 600 000 ms: Apple advises re-sending a request still pending at 10 min). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** How {@link waitForEvent} names the event in its timeout error (default: the id itself). */
export type ShowEventId = (eventId: string) => string;

/** Apple's production minimum between two status polls of one event. */
export const MIN_PRODUCTION_POLL_INTERVAL_MS = 30_000;

/**
 * Polls `status?eventId=` until the event is COMPLETE or FAILED and returns that status (its `failures` say
 * what did not happen). Throws `event-still-pending` at the timeout. Prefer notifications; poll when none
 * arrived within five minutes, as Apple advises.
 */
export const waitForEvent = async (
  eventId: string,
  getStatus: (eventId: string, signal?: AbortSignal) => Promise<StatusResponse>,
  clock: Clock,
  options: WaitForEventOptions = {},
  show: ShowEventId = (eventId) => eventId,
): Promise<StatusResponse> => {
  const pollIntervalMs = Math.max(0, options.pollIntervalMs ?? MIN_PRODUCTION_POLL_INTERVAL_MS);
  const timeoutMs = options.timeoutMs ?? 600_000;
  const started = clock.now();
  for (;;) {
    const status = await getStatus(eventId, options.signal);
    if (status.eventStatus !== "PENDING") return status;
    const waited = clock.now() - started;
    if (waited + pollIntervalMs > timeoutMs) throw new EventStillPendingError(show(eventId), waited);
    await clock.sleep(pollIntervalMs, options.signal);
  }
};
