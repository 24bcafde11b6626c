import { LedgerError } from "@vpp-ledger/core";

/**
 * The read models moved under a pass: another instance of the processor committed first, or a rebuild switched
 * the serving version. Nothing of the batch was written; the next pass starts from where the read models now
 * stand (a `LiveProcessor` retries by itself, as for any retryable failure).
 */
export class ReadModelsMoved extends LedgerError {
  constructor(reason: string) {
    super(
      "processor-conflict",
      `the read models moved under this pass (${reason}); nothing was written: run a new pass`,
      {
        retryable: true,
      },
    );
  }
}

/**
 * A sink that can never commit as configured: its generation was dropped or is no longer being built, or another
 * processor already feeds it. Not retryable: fix the configuration (one processor name per read models).
 */
export class ReadModelSinkMisconfigured extends LedgerError {
  constructor(reason: string) {
    super("processor-conflict", `the read-model sink cannot commit: ${reason}`);
  }
}
