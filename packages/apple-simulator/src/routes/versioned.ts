import type { Location } from "../model/location.js";
import { fail, ok, type Result } from "../result.js";

/**
 * Reads `sinceVersionId`: undefined when absent, the version number when this location issued it, 9721
 * otherwise.
 */
export const sinceVersion = (location: Location, query: URLSearchParams): Result<number | undefined> => {
  const raw = query.get("sinceVersionId");
  if (raw === null) return ok(undefined);
  const version = location.clock.parse(raw);
  return version === undefined
    ? fail(9721, "Use a versionId from an earlier response of this location.")
    : ok(version);
};
