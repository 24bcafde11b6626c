import type { AppleClient } from "../client/apple-client.js";
import { Scrubber } from "../untrusted/scrubber.js";

/**
 * The account's scrubber for text about to enter an event. If the vault cannot be read right now, one that
 * only cleans and bounds: everything the sync and the delivery hold from Apple already passed the client's
 * scrubber, this is the second line, and failing here would leave the failure itself unrecorded.
 */
export const accountScrubber = async (client: AppleClient): Promise<Scrubber> => {
  try {
    return await client.scrubber();
  } catch {
    return Scrubber.none;
  }
};
