/**
 * Paging churn: Apple says `versionId` and `totalPages` can change while a client walks the pages. Here another
 * MDM writes between two page reads: a license taken or given back on a device, or a user added.
 */
import { assign, availableCount, deviceTarget, unassign } from "../model/licensing.js";
import type { Location } from "../model/location.js";
import type { SeededRandom } from "./random.js";

/** What one foreign write touches: licenses (assets and assignments change) or users. */
export type ChurnKind = "licenses" | "users";

/** Serial numbers of the devices the churning "other MDM" licenses. */
export const CHURN_SERIAL_PREFIX = "CHURN-";

const churnUser = (location: Location): void => {
  location.library.churnSerial += 1;
  location.users.create(`churn-user-${location.library.churnSerial}`, {}, "Registered");
};

const releaseOldest = (location: Location): boolean => {
  const held = location.assignments
    .list()
    .find(
      (record) =>
        record.target.kind === "device" && record.target.serialNumber.startsWith(CHURN_SERIAL_PREFIX),
    );
  if (held === undefined) return false;
  unassign(location, [held]);
  return true;
};

const takeOne = (location: Location): boolean => {
  const asset = location.assets
    .list()
    .find((candidate) => candidate.deviceAssignable && availableCount(location, candidate) > 0);
  if (asset === undefined) return false;
  location.library.churnSerial += 1;
  assign(location, asset, [deviceTarget(`${CHURN_SERIAL_PREFIX}${location.library.churnSerial}`)]);
  return true;
};

/** Makes one foreign write of `kind` now; `random` decides whether a license is taken or given back. */
export const churn = (location: Location, kind: ChurnKind, random: SeededRandom): void => {
  if (kind === "users") {
    churnUser(location);
    return;
  }
  const giveBack = random.next() < 0.5;
  if (giveBack && releaseOldest(location)) return;
  if (takeOne(location) || releaseOldest(location)) return;
  churnUser(location);
};

/** Which collection a paged GET reads, for the paths that page. */
const PAGED: Readonly<Record<string, ChurnKind>> = {
  assets: "licenses",
  assignments: "licenses",
  users: "users",
};

/** Before a page past the first is cut, another MDM writes with probability `rate`. */
export const churnBeforePage = (
  location: Location,
  method: string,
  path: string,
  query: URLSearchParams,
  rate: number,
  random: SeededRandom,
): void => {
  const kind = PAGED[path];
  const pageIndex = Number(query.get("pageIndex") ?? "0");
  if (kind === undefined || method !== "GET" || !(pageIndex >= 1)) return;
  if (random.chance(rate)) churn(location, kind, random);
};
