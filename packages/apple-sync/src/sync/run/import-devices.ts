import * as E from "fp-ts/lib/Either.js";
import type { PoolHolders } from "./pool-holders.js";
import type { SyncRun } from "./sync-run.js";

/**
 * Imports one Apple-only assignment of a device the host registered (R9: its serial number makes it ours) into
 * the pool of `adamId` with `ImportDeviceLicense`, which asks nothing of Apple. True when the pool now holds
 * the device, which then counts as matched. False, and the assignment stays Apple-only drift for an admin, when:
 * the device was retired (Apple still listing it is for the admin to see, not to take back in), the pool does
 * not license devices (a user-licensed or unknown app: nothing to import into), or the pool refuses it (at its
 * purchased count, R16, or an asset Apple says is not device-assignable). Ledger failures are thrown.
 */
export const importDeviceLicense = async (
  run: SyncRun,
  pools: PoolHolders,
  adamId: string,
  serialNumber: string,
): Promise<boolean> => {
  if (run.accountState.devices.get(serialNumber) !== "registered") return false;
  if ((await pools.state(adamId)).licensing !== "device") return false;
  const result = await run.licenseOrRefused(
    adamId,
    { type: "ImportDeviceLicense", data: { serialNumber, at: run.deps.now() } },
    `import:${adamId}:${serialNumber}`,
  );
  if (E.isLeft(result)) return false;
  pools.remember(adamId, result.right.state);
  return pools.holds(adamId, serialNumber, "device");
};
