/**
 * The account's token opens another Apple location than the one its syncs read (by `uId`, Apple's identity of
 * a location; two locations may share a name). Nothing was read or written after the ownership check.
 */
export class LocationChangedError extends Error {
  readonly code = "location-changed";
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `the account's token opens Apple location ${found}, not ${expected}, the location this account is synced ` +
        "with; nothing was synced: upload a token of the account's own location (a renewal keeps its uId)",
    );
    this.name = "LocationChangedError";
  }
}

/** Throws {@link LocationChangedError} when both `uId`s are known and differ. */
export const assertSameLocation = (expected: string | undefined, found: string | undefined): void => {
  if (expected !== undefined && found !== undefined && expected !== found) {
    throw new LocationChangedError(expected, found);
  }
};
