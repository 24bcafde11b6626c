import { assign, deviceTarget, responseAsset, userTarget } from "./model/licensing.js";
import type { Location } from "./model/location.js";
import { SimulatorSetupError } from "./model/setup-error.js";
import type { UserRecord } from "./model/users.js";
import type { LocationActions, SimLocation } from "./sim-location.js";
import { snapshot } from "./snapshot.js";
import { toResponseAssignment, toResponseUser } from "./wire.js";

const activeUser = (location: Location, clientUserId: string): UserRecord => {
  const user = location.users.active(clientUserId);
  if (user === undefined) {
    throw new SimulatorSetupError("SIM_UNKNOWN_USER", `No active user has clientUserId ${clientUserId}.`);
  }
  return user;
};

/** Wraps a location in its public handle; `now` is the simulator's clock. */
export const locationHandle = (
  location: Location,
  now: () => Date,
  actions: LocationActions,
): SimLocation => ({
  ...actions,
  uId: location.uId,
  orgName: location.orgName,
  locationName: location.locationName,
  sToken: location.sToken,
  fingerprint: location.fingerprint,
  vppTokenFile: () => location.vppTokenFile(),
  addAsset: (spec) => responseAsset(location, location.assets.add(spec)),
  setTotalCount: (adamId, totalCount, options) => {
    const countDelta = location.assets.setTotalCount(adamId, totalCount, options?.pricingParam);
    const asset = location.assets.require(adamId, options?.pricingParam);
    if ((options?.notify ?? true) && countDelta !== 0) {
      const notification = { adamId, countDelta, pricingParam: asset.pricingParam };
      location.notify(location, { type: "ASSET_COUNT", notification });
    }
    return responseAsset(location, asset);
  },
  addForeignUser: ({ clientUserId, email, status }) => {
    if (typeof clientUserId !== "string" || clientUserId === "") {
      throw new SimulatorSetupError("SIM_INVALID_USER", "clientUserId must be a non-empty string.");
    }
    if (location.users.active(clientUserId) !== undefined) {
      throw new SimulatorSetupError(
        "SIM_DUPLICATE_USER",
        `clientUserId ${clientUserId} already has an active user.`,
      );
    }
    return toResponseUser(location.users.create(clientUserId, { email }, status ?? "Registered"));
  },
  addForeignAssignment: ({ adamId, pricingParam, clientUserId, serialNumber }) => {
    if ((clientUserId === undefined) === (serialNumber === undefined)) {
      throw new SimulatorSetupError(
        "SIM_INVALID_ASSIGNMENT",
        "Give exactly one of clientUserId and serialNumber.",
      );
    }
    const asset = location.assets.require(adamId, pricingParam);
    if (serialNumber !== undefined && !asset.deviceAssignable) {
      throw new SimulatorSetupError(
        "SIM_NOT_DEVICE_ASSIGNABLE",
        `Asset ${adamId} cannot be assigned to a device.`,
      );
    }
    const target =
      clientUserId === undefined
        ? deviceTarget(serialNumber ?? "")
        : userTarget(activeUser(location, clientUserId));
    if (responseAsset(location, asset).availableCount < 1 && !location.assignments.has(asset, target)) {
      throw new SimulatorSetupError("SIM_NO_LICENSE_LEFT", `Asset ${adamId} has no available license.`);
    }
    assign(location, asset, [target]);
    const record = location.assignments
      .heldBy(target)
      .find((held) => held.adamId === adamId && held.pricingParam === asset.pricingParam);
    if (record === undefined)
      throw new SimulatorSetupError("SIM_INTERNAL", "The assignment was not recorded.");
    return toResponseAssignment(record);
  },
  acceptInvitation: (clientUserId) => {
    const user = activeUser(location, clientUserId);
    if (user.status !== "Registered") {
      throw new SimulatorSetupError(
        "SIM_NOT_INVITED",
        `User ${clientUserId} is ${user.status}, not Registered.`,
      );
    }
    location.users.associate(user);
    const associated = toResponseUser(user);
    location.notify(location, { type: "USER_ASSOCIATED", notification: { associatedUsers: [associated] } });
    return associated;
  },
  setMdmInfo: (mdmInfo) => {
    location.mdmInfo = { id: mdmInfo.id, name: mdmInfo.name, metadata: mdmInfo.metadata };
  },
  setErrorMessage: (errorNumber, errorMessage) => {
    if (!Number.isInteger(errorNumber)) {
      throw new SimulatorSetupError("SIM_INVALID_ERROR_MESSAGE", "errorNumber must be an integer.");
    }
    if (errorMessage === undefined || errorMessage === null) location.errorMessages.delete(errorNumber);
    else if (typeof errorMessage !== "string") {
      throw new SimulatorSetupError("SIM_INVALID_ERROR_MESSAGE", "errorMessage must be a string.");
    } else location.errorMessages.set(errorNumber, errorMessage);
  },
  revokeToken: () => location.revokeToken(),
  expireToken: () => location.expireToken(),
  state: () => snapshot(location, now()),
});
