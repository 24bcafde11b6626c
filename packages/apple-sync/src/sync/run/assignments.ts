import type { Assignment } from "../../client/codecs/assignments.js";
import type { AssignmentsPage } from "../../client/endpoints/reads.js";
import { importDeviceLicense } from "./import-devices.js";
import type { HolderKind, PoolHolders } from "./pool-holders.js";
import { isAppleAdamId, isAppleSerialNumber, isAppleUserId, RejectedIds } from "./rejected-ids.js";
import { sinceOrRefused } from "./since.js";
import type { SyncRun } from "./sync-run.js";

/** What the assignments step saw. */
export interface AssignmentsSeen {
  /** Apple assignments of our users and registered devices (in an incremental read: that changed). */
  readonly ours: number;
  /** Of `ours`, those of devices the host registered on the account (`RegisterDevice`). */
  readonly devices: number;
  /** Apple assignments of users or devices this product did not issue or register (R9). */
  readonly foreign: number;
  /**
   * Assignments skipped for an id outside the ledger's grammar (R24): a clientUserId or serialNumber (also
   * counted foreign: it cannot be ours) or, for one of our users or devices, an adamId (also counted as
   * Apple-only drift: Apple holds a license the ledger cannot represent).
   */
  readonly rejected: number;
  /** Apple lists an assignment of one of our users that no pool of the ledger holds. */
  readonly appleOnly: number;
  /**
   * Apple lists an assignment of one of our devices that no pool of the ledger holds and the sync could not
   * import (a retired device, a pool that licenses users, a pool at its count).
   */
  readonly appleOnlyDevices: number;
  /** Apple-only assignments of registered devices the sync imported (`ImportDeviceLicense`): no longer drift. */
  readonly importedDevices: number;
  /** A pool holds a user's license Apple does not list: known after a full read only. */
  readonly ledgerOnly: number | undefined;
  /** A pool holds a device's license Apple does not list: known after a full read only. */
  readonly ledgerOnlyDevices: number | undefined;
  /** The read's version (its first page's), for the next incremental read. */
  readonly versionId: string | undefined;
}

/** Who an assignment names, when it is one of ours: a user the ledger knows, or a device the host registered. */
type Ours = { readonly kind: HolderKind; readonly id: string } | undefined;

const ownerOf = (run: SyncRun, assignment: Assignment, rejected: RejectedIds): Ours => {
  const { clientUserId: userId, serialNumber } = assignment;
  if (userId === undefined && serialNumber !== undefined) {
    if (!isAppleSerialNumber(serialNumber)) {
      rejected.add("serialNumber");
      return undefined;
    }
    // A retired device is still ours: Apple listing it is drift the admin should see.
    return run.accountState.devices.get(serialNumber) === undefined
      ? undefined
      : { kind: "device", id: serialNumber };
  }
  if (userId === undefined) return undefined;
  if (!isAppleUserId(userId)) {
    rejected.add("clientUserId");
    return undefined;
  }
  return run.accountState.users.has(userId) ? { kind: "user", id: userId } : undefined;
};

/**
 * Compares Apple's assignments of our users and of the devices the host registered (`RegisterDevice`) with
 * the ledger's license holders and counts the differences, users and devices apart: all of them, or
 * (`since`) only those changed after that version, which finds Apple-only licenses but cannot find the
 * ledger's licenses Apple no longer lists (`ledgerOnly*` undefined). An Apple-only assignment of a registered
 * device is ours (R9), made outside this product's delivery (by the host's MDM before the ledger, say): it is
 * imported into a device-licensed pool with `ImportDeviceLicense`, which asks nothing of Apple (see
 * {@link importDeviceLicense}; what cannot be imported stays `appleOnlyDevices`). Nothing else is imported or
 * reclaimed: a user's Apple-only license stays drift (a user's license needs the VPP terms, R15), and a
 * license only the ledger holds may be an association still on its way to Apple; an admin reviews the
 * report. Assignments of other users or serial numbers, or naming neither, count as foreign (R9). An
 * assignment Apple repeats while its data changes under the walk is counted once. Throws `VersionRefused`
 * when Apple refuses `since`.
 */
export const compareAssignments = async (
  run: SyncRun,
  pools: PoolHolders,
  since?: string,
): Promise<AssignmentsSeen> => {
  const seen = { user: new Set<string>(), device: new Set<string>() };
  const appleOnly = { user: 0, device: 0 };
  let foreign = 0;
  let imported = 0;
  let versionId: string | undefined;
  const rejected = new RejectedIds(run, "assignments");
  const query = since === undefined ? undefined : { sinceVersionId: since };
  const pages: AsyncIterable<AssignmentsPage> = sinceOrRefused(
    run.deps.client.assignments(query, run.callOptions),
  );
  for await (const page of pages) {
    versionId = page.versionId;
    for (const assignment of page.items) {
      const owner = ownerOf(run, assignment, rejected);
      if (owner === undefined) {
        foreign++;
        continue;
      }
      const adamId = assignment.adamId;
      // R24: never load or name a pool from an adamId outside its grammar (or none at all).
      if (adamId === undefined || !isAppleAdamId(adamId)) {
        rejected.add("adamId");
        appleOnly[owner.kind]++;
        continue;
      }
      const key = `${adamId}/${owner.id}`;
      if (seen[owner.kind].has(key)) continue;
      seen[owner.kind].add(key);
      if (await pools.holds(adamId, owner.id, owner.kind)) continue;
      if (owner.kind === "device" && (await importDeviceLicense(run, pools, adamId, owner.id))) imported++;
      else appleOnly[owner.kind]++;
    }
  }
  rejected.report();
  const full = since === undefined;
  return {
    ours: seen.user.size + seen.device.size,
    devices: seen.device.size,
    foreign,
    rejected: rejected.total,
    appleOnly: appleOnly.user,
    appleOnlyDevices: appleOnly.device,
    importedDevices: imported,
    ledgerOnly: full ? pools.unmatched : undefined,
    ledgerOnlyDevices: full ? pools.unmatchedDevices : undefined,
    versionId,
  };
};
