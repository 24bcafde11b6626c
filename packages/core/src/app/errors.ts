import { LedgerError } from "../store/errors.js";

/**
 * Every attempt of a command met a concurrent writer (Equinox's bounded resync). Retryable: the stream is
 * busy, not broken. Carries the stream, the number of attempts and the last actual version seen.
 */
export class ConcurrencyRetriesExhausted extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
    readonly lastActualVersion: bigint,
  ) {
    super(
      "concurrency-retries-exhausted",
      `stream ${streamId}: gave up after ${attempts} attempts, each lost to a concurrent writer ` +
        `(last seen at version ${lastActualVersion}); retry the command later with the same command id`,
      { retryable: true },
    );
  }
}
