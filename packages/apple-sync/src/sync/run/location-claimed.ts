import type { ResponseMdmInfo } from "../../client/codecs/common.js";

// Its own module so the failure classification can name it without loading the sync run.

/** Another MDM holds the location (R6): found by the sync's first call, before anything else is asked. */
export class LocationClaimedError extends Error {
  readonly code = "location-claimed";
  constructor(readonly holder: ResponseMdmInfo) {
    super(
      `another MDM ("${holder.name ?? "unnamed"}", id ${holder.id}) holds this Apple location; the sync made ` +
        "no other call: an admin must remove the token from the other product and restore ownership",
    );
    this.name = "LocationClaimedError";
  }
}
