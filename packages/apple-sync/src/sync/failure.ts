import type { Failure } from "@vpp-ledger/core";
import { isDomainError, isLedgerError } from "@vpp-ledger/core";
import { adviceFor } from "../client/classify.js";
import { isAppleApiError } from "../client/errors.js";
import { MissingFieldError } from "../client/require-field.js";
import { isVaultError } from "../vault/errors.js";
import { LocationChangedError } from "./run/location.js";
import { LocationClaimedError } from "./run/location-claimed.js";

const MAX_CODE = 64;
/** The longest `Failure.message` an event accepts. */
export const MAX_FAILURE_MESSAGE = 1000;

const bounded = (code: string, message: string): Failure => ({
  code: code.slice(0, MAX_CODE),
  message: message.length > MAX_FAILURE_MESSAGE ? `${message.slice(0, MAX_FAILURE_MESSAGE - 1)}…` : message,
});

/**
 * A failure in words safe to store in an event and show an admin. Apple errors are described from their
 * stable code, endpoint and numbers only: never from free text that could carry a token. Domain, ledger and
 * vault errors already keep secrets out of their messages by contract. Anything else is a bug, named by its
 * class only; the host gets the error itself to log.
 */
export const describeSyncFailure = (error: unknown): Failure => {
  if (isAppleApiError(error)) {
    const facts = [
      error.httpStatus === undefined ? undefined : `HTTP ${error.httpStatus}`,
      error.errorNumber === undefined ? undefined : `errorNumber ${error.errorNumber}`,
    ].filter((fact) => fact !== undefined);
    const where = error.endpoint ?? "Apple";
    // A missing field's path and use are this library's words, not Apple's: safe to store.
    const missing =
      error instanceof MissingFieldError ? ` (no ${error.path}, needed for ${error.neededFor})` : "";
    return bounded(
      error.code,
      `${where} failed${facts.length > 0 ? ` (${facts.join(", ")})` : ""}${missing}: ${adviceFor(error.code)}`,
    );
  }
  if (
    isDomainError(error) ||
    isLedgerError(error) ||
    isVaultError(error) ||
    error instanceof LocationClaimedError ||
    error instanceof LocationChangedError
  ) {
    return bounded(error.code, error.message);
  }
  const name = error instanceof Error ? error.name : typeof error;
  return bounded("internal-error", `unexpected ${name} during the sync; see the host's logs`);
};

/**
 * A ledger command inside a sync or a delivery was refused (domain) or failed (storage). Thrown to unwind the
 * process to the one place that records the failure; `failure` is the original `Left`.
 */
export class LedgerStepFailed extends Error {
  constructor(
    readonly step: string,
    readonly failure: unknown,
  ) {
    super(`ledger step ${step} failed: ${describeSyncFailure(failure).message}`);
    this.name = "LedgerStepFailed";
  }
}

/** The error to describe: the ledger's own failure behind a {@link LedgerStepFailed}, or the error itself. */
export const rootCause = (error: unknown): unknown =>
  error instanceof LedgerStepFailed ? error.failure : error;
