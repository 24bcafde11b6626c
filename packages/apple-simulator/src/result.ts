import { type AppleErrorNumber, type AppleFailure, appleFailure, type ResponseErrorInfo } from "./errors.js";

/** The outcome of a validation or a request handler: a value or an Apple rejection, never a throw. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: AppleFailure };

/** Wraps a success. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Wraps an Apple rejection built from its error number. */
export const fail = <T = never>(
  errorNumber: AppleErrorNumber,
  detail?: string,
  errorInfo?: ResponseErrorInfo,
): Result<T> => ({ ok: false, failure: appleFailure(errorNumber, detail, errorInfo) });
