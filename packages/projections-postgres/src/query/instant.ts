import { toMillis } from "@vpp-ledger/core";

/** The epoch milliseconds of an ISO-8601 instant a console passed, or a TypeError naming the parameter. */
export const instantMillis = (name: string, at: string): number => {
  const millis = typeof at === "string" ? toMillis(at) : Number.NaN;
  if (Number.isNaN(millis)) throw new TypeError(`${name} must be an ISO-8601 date-time with an offset`);
  return millis;
};
