import type { ResponseMdmInfo } from "../../client/codecs/common.js";
import { isAppleApiError, type MdmConflictError } from "../../client/errors.js";
import type { Scrubber } from "../../untrusted/scrubber.js";
import { LocationClaimedError } from "./location-claimed.js";
import type { SyncRun } from "./sync-run.js";

/**
 * R6/R8 first: who holds the location. Another MDM stops the sync before any other call (unless an admin
 * confirmed a takeover); an unclaimed location is claimed with this server's `mdmInfo`; ours goes on with no
 * write, so a sync with nothing to do changes nothing at Apple either. Returns the location's `uId`.
 */
export const secureOwnership = async (run: SyncRun): Promise<{ readonly uId?: string }> => {
  const { client } = run.deps;
  const takeOver = run.request.takeOver ?? false;
  const holder = await client.inspectOwnership(run.callOptions);
  const location = holder.uId === undefined ? {} : { uId: holder.uId };
  // A conflict this client latched earlier would refuse every call; confirming our claim clears it.
  if (holder.state === "ours" && client.ownershipConflict === undefined) return location;
  if (holder.state === "other" && !takeOver) throw new LocationClaimedError(holder.mdmInfo);
  await client.claimLocation(undefined, { ...run.callOptions, takeOver });
  return location;
};

/** The other MDM behind a failure, if the failure is an ownership conflict found at any point of a sync. */
export const claimantOf = (error: unknown): ResponseMdmInfo | undefined => {
  if (error instanceof LocationClaimedError) return error.holder;
  if (isAppleApiError(error, "mdm-conflict")) return (error as MdmConflictError).holder;
  return undefined;
};

/**
 * `RecordLocationClaimed` fields from Apple's `mdmInfo`: another product wrote them, so they are scrubbed of
 * the token and cut to the event's 256 characters; a blank id or name gets a placeholder the event accepts.
 */
export const claimFields = (
  holder: ResponseMdmInfo,
  scrubber: Scrubber,
): { mdmId: string; mdmName: string } => {
  const mdmId = scrubber.text(holder.id) || "(no id)";
  const name = scrubber.text(holder.name ?? "");
  return { mdmId, mdmName: name || mdmId };
};
