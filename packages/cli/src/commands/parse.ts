import { checkId, type IdKind, toMillis } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { CliUsageError } from "../errors.js";

/** `--at`: an ISO-8601 instant with an offset (`Z` or `+02:00`), as every time in the ledger. */
export const parseInstant = (value: string, option = "--at"): string => {
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(value) || Number.isNaN(toMillis(value))) {
    throw new CliUsageError(
      `${option} must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T12:00:00Z`,
    );
  }
  return value;
};

/** `--until`: a global log position (a whole number). */
export const parsePosition = (value: string, option = "--until"): bigint => {
  if (!/^\d{1,20}$/.test(value)) throw new CliUsageError(`${option} must be a log position (a whole number)`);
  return BigInt(value);
};

/** A positive whole number option such as `--batch-size`. */
export const parseCount = (value: string, option: string): number => {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new CliUsageError(`${option} must be a whole number ≥ 1`);
  return count;
};

const id = (kind: IdKind, option: string, value: string): string => {
  const checked = checkId(kind, option, value);
  if (E.isLeft(checked)) throw new CliUsageError(checked.left.message);
  return checked.right;
};

/** `--tenant`, in the ledger's identifier grammar (so a typo is told, not answered with nothing). */
export const parseTenant = (value: string): string => id("identifier", "--tenant", value);

/** `--app`: an Apple adamId. */
export const parseApp = (value: string): string => id("adamId", "--app", value);

/** `--user`: the host's user id, in the identifier grammar. */
export const parseUser = (value: string): string => id("identifier", "--user", value);

/** `--device`: a device's serial number, in the identifier grammar. */
export const parseDevice = (value: string): string => id("identifier", "--device", value);
