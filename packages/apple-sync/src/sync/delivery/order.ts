import type { Entry } from "./plan.js";
import { holderKey } from "./work.js";

const isRevoke = (entry: Entry): boolean => entry.work.operation === "revoke";

/**
 * The waiting entries that may go out now without overtaking a location revoke of the same holder, or being
 * overtaken by one: a revoke takes back every app's license, so it must reach Apple after the holder's earlier
 * work (in flight) and before the holder's later work (an association made after the revoke). Work not touching
 * a revoke keeps the lane's rule (one request in flight per key).
 */
export const inOrder = (waiting: ReadonlyArray<Entry>, inFlight: Iterable<Entry>): Entry[] => {
  /** Per holder: the earliest position of a revoke in flight or waiting, and the latest work in flight. */
  const firstRevoke = new Map<string, bigint>();
  const lastSent = new Map<string, bigint>();
  const earliest = (map: Map<string, bigint>, key: string, at: bigint) => {
    const seen = map.get(key);
    if (seen === undefined || at < seen) map.set(key, at);
  };
  for (const entry of inFlight) {
    const key = holderKey(entry.work);
    if (isRevoke(entry)) earliest(firstRevoke, key, entry.work.position);
    const seen = lastSent.get(key);
    if (seen === undefined || entry.work.position > seen) lastSent.set(key, entry.work.position);
  }
  for (const entry of waiting)
    if (isRevoke(entry)) earliest(firstRevoke, holderKey(entry.work), entry.work.position);
  return waiting.filter((entry) => {
    const key = holderKey(entry.work);
    const revokeAt = firstRevoke.get(key);
    // Later work waits for the holder's revoke to be confirmed (or, if it is waiting too, to go first).
    if (revokeAt !== undefined && revokeAt < entry.work.position) return false;
    const sentAt = lastSent.get(key);
    // A revoke waits for the holder's earlier work in flight.
    return !(isRevoke(entry) && sentAt !== undefined && sentAt < entry.work.position);
  });
};
