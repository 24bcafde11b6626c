import { AppleClient } from "../client/apple-client.js";
import { isAppleApiError } from "../client/errors.js";
import type { AppleClientOptions } from "../client/internals.js";
import { requireField } from "../client/require-field.js";
import { InMemoryTokenVault } from "../vault/memory-vault.js";
import type { SyncCursorStore } from "./run/cursor.js";

/** How {@link linkAccount} checks an uploaded token's location with Apple. */
export interface LinkLocationCheck {
  /** Where the account's location `uId` is kept: the sync's cursor store. */
  readonly cursors: SyncCursorStore;
  /** Options of the client that reads `client/config` with the uploaded token (default: Apple's service). */
  readonly client?: Pick<AppleClientOptions, "baseUrl" | "fetch" | "deadlineMs" | "retry" | "clock">;
}

/** The uploaded token opens another Apple location than the account's (by `uId`; names may repeat). */
export class LocationMismatchError extends Error {
  readonly code = "location-mismatch";
  readonly retryable = false;
  constructor(
    readonly tenantId: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `the uploaded token of tenant ${tenantId} opens Apple location ${found}, but the tenant is linked to ` +
        `location ${expected}; nothing was stored: upload a token downloaded for the linked location`,
    );
    this.name = "LocationMismatchError";
  }
}

/** Apple could not tell which location the uploaded token opens; nothing was stored. */
export class LocationNotCheckedError extends Error {
  readonly code = "location-not-checked";
  readonly retryable: boolean;
  constructor(
    readonly tenantId: string,
    cause: unknown,
  ) {
    const why = isAppleApiError(cause) ? cause.message : "an unexpected error";
    super(
      `the uploaded token of tenant ${tenantId} could not be checked with Apple (${why}); nothing was stored`,
      {
        cause,
      },
    );
    this.name = "LocationNotCheckedError";
    this.retryable = isAppleApiError(cause) && cause.retryable;
  }
}

/** The location `uId` Apple reports for a token (GET client/config), as the sync keeps it. */
export const locationOfToken = async (
  sToken: string,
  options: LinkLocationCheck["client"] = {},
): Promise<string> => {
  const vault = new InMemoryTokenVault();
  await vault.put("link-check", sToken);
  const client = new AppleClient({ ...options, vault, accountId: "link-check" });
  const config = await client.getClientConfig();
  const uId = requireField(config.uId, "uId", "GET client/config", "identifying the location of the token");
  return (await client.scrubber()).id(uId);
};

/**
 * Checks an upload's location against the account's: its `uId` if it may be linked, or why not. A token of
 * the same location (a renewal) passes; so does a first link, whose `uId` is then remembered by the caller.
 */
export const checkLinkLocation = async (
  check: LinkLocationCheck,
  tenantId: string,
  sToken: string,
): Promise<
  { readonly uId: string; readonly known: boolean } | LocationMismatchError | LocationNotCheckedError
> => {
  let uId: string;
  try {
    uId = await locationOfToken(sToken, check.client);
  } catch (error) {
    return new LocationNotCheckedError(tenantId, error);
  }
  const expected = (await check.cursors.load(tenantId))?.locationUId;
  if (expected !== undefined && expected !== uId) return new LocationMismatchError(tenantId, expected, uId);
  return { uId, known: expected !== undefined };
};
