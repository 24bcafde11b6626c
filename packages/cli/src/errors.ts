import { isLedgerError } from "@vpp-ledger/core";

/** Exit codes of `vpp-ledger`: scripts and CI jobs branch on them. */
export const EXIT = {
  /** The command did what was asked; for `audit`, every event kept the rules. */
  ok: 0,
  /** The command ran and found a problem: a rule violation or an undecodable event. */
  finding: 1,
  /** Bad usage, or a store that cannot be opened or read: nothing was checked. */
  usage: 2,
} as const;

/** An exit code of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Bad usage or an unusable store, explained: what was wrong and what to do. The CLI prints the message alone
 * (never a stack trace) and exits with {@link EXIT.usage}.
 */
export class CliUsageError extends Error {
  readonly code = "cli-usage";
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

const storeCodes = new Set([
  "store-unavailable",
  "store-closed",
  "schema-too-new",
  "driver-missing",
  "corrupt-event",
  "read-model-invalid",
  "processor-conflict",
]);

/**
 * The one line printed for an error that ended a command. Library errors carry a stable code and a message
 * that never holds a stored value or a secret; anything else is named by its class and message only.
 */
export const describeError = (error: unknown): string => {
  if (error instanceof CliUsageError) return error.message;
  if (isLedgerError(error)) {
    const hint = storeCodes.has(error.code) ? "" : " (please report this)";
    return `${error.message} [${error.code}]${hint}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `unexpected failure: ${String(error)}`;
};
