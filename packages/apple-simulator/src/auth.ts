/**
 * Bearer authentication as Apple answers it: a missing or garbled header is 9722, an unknown token 9622 (HTTP
 * 401, or 200 as Apple has been seen to send), a revoked token 9625 and an expired one 9621.
 */
import { appleFailure } from "./errors.js";
import type { Location } from "./model/location.js";
import type { LocationRegistry } from "./model/registry.js";
import { fail, ok, type Result } from "./result.js";

const BEARER = /^Bearer +(\S+) *$/;

/** The bearer value of an Authorization header, or undefined when the header is missing or malformed. */
export const bearerOf = (header: string | undefined): string | undefined => BEARER.exec(header ?? "")?.[1];

/** Resolves the request's location or says why not. */
export const authenticate = (
  header: string | undefined,
  registry: LocationRegistry,
  now: Date,
  invalidTokenHttpStatus: 401 | 200,
): Result<Location> => {
  const bearer = bearerOf(header);
  if (bearer === undefined) return fail(9722);
  const location = registry.byBearer(bearer);
  if (location === undefined) {
    return { ok: false, failure: { ...appleFailure(9622), httpStatus: invalidTokenHttpStatus } };
  }
  switch (location.tokenState(now)) {
    case "revoked":
      return fail(9625);
    case "expired":
      return fail(9621);
    case "active":
      return ok(location);
  }
};
