import { type SyncHarness, TENANT } from "./harness.js";
import { accountCommand, licenseCommand } from "./ledger-fixtures.js";
import { seeded } from "./scenario.js";

/** A device-assignable iOS app at Apple (10 licenses) whose pool in the ledger licenses devices. */
export const DEVICE_APP = "400";

/** `seeded` plus {@link DEVICE_APP}, known to the ledger as a sync would have left it, deployed to devices. */
export const withDeviceApp = async (): Promise<SyncHarness> => {
  const h = await seeded();
  h.loc.addAsset({ adamId: DEVICE_APP, totalCount: 10, deviceAssignable: true, supportedPlatforms: ["iOS"] });
  const at = h.clock.now();
  await licenseCommand(h, DEVICE_APP, {
    type: "SyncPurchasedCount",
    data: { purchased: 10, pricingParam: "STDQ", supportedPlatforms: ["iOS"], deviceAssignable: true, at },
  });
  await licenseCommand(h, DEVICE_APP, {
    type: "DeployApp",
    data: { action: "required", licensing: "device", at },
  });
  return h;
};

/** The host registers a device it manages on the tenant's account (`RegisterDevice`). */
export const registerDevice = (h: SyncHarness, serialNumber: string) =>
  accountCommand(h, { type: "RegisterDevice", data: { serialNumber, at: h.clock.now() } });

/** The ledger licenses a registered device (what `licenseDevice` does, without the Apple delivery). */
export const licenseDeviceInLedger = async (h: SyncHarness, serialNumber: string) => {
  await registerDevice(h, serialNumber);
  await licenseCommand(h, DEVICE_APP, {
    type: "AssignDeviceLicense",
    data: { serialNumber, platform: "iOS", at: h.clock.now() },
  });
};

/** The serial numbers the ledger's pool of {@link DEVICE_APP} holds, sorted. */
export const devicesInLedger = async (h: SyncHarness): Promise<string[]> =>
  [...(await h.ledger.loadLicense(TENANT, DEVICE_APP)).state.devices.keys()].sort();
