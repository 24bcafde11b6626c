import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { describeFailure } from "./codecs/decode.js";
import { AppleApiError } from "./errors.js";

/**
 * Checks a request against its codec before it is sent, so a caller's mistake is reported by field name
 * instead of spending a rate-limited call on an Apple 400. Values are not echoed.
 */
export const validateRequest = <A>(codec: t.Decoder<unknown, A>, value: unknown, endpoint: string): A => {
  const result = codec.decode(value);
  if (E.isRight(result)) return result.right;
  const { path, expected } = describeFailure(result.left);
  throw new AppleApiError(
    "invalid-request",
    `${endpoint}: the request is invalid: ${path} must be ${expected}; fix the request before sending it`,
    { endpoint },
  );
};

/** Throws `invalid-request` when `condition` is false. */
export const requireThat = (condition: boolean, endpoint: string, problem: string): void => {
  if (!condition) {
    throw new AppleApiError("invalid-request", `${endpoint}: ${problem}`, { endpoint });
  }
};
