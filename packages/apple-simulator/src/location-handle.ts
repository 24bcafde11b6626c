/**
 * The test-facing handle of one location: set up what Apple would hold (assets, users made by another MDM,
 * purchases, invitations accepted), play Apple's side (token revoked, location claimed) and read a snapshot.
 */
import type { LocationActions } from "./location-actions.js";
import type { AssetSpec, PricingParam } from "./model/assets.js";
import { assign, deviceTarget, responseAsset, userTarget } from "./model/licensing.js";
import type { Location } from "./model/location.js";
import { SimulatorSetupError } from "./model/setup-error.js";
import type { UserRecord } from "./model/users.js";
import { type LocationSnapshot, snapshot } from "./snapshot.js";
import {
  type MdmInfo,
  type ResponseAsset,
  type ResponseAssignment,
  type ResponseUser,
  toResponseAssignment,
  toResponseUser,
} from "./wire.js";

/** A user created by another MDM (or by hand in Apple Business Manager). */
export interface ForeignUserSpec {
  readonly clientUserId: string;
  readonly email?: string;
  readonly status?: "Registered" | "Associated";
}

/** A license assigned by another MDM: to a user (clientUserId) or a device (serialNumber). */
export interface ForeignAssignmentSpec {
  readonly adamId: string;
  /** Which of the adamId's assets (default: STDQ when owned, else PLUS). */
  readonly pricingParam?: PricingParam;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
}

/** The public handle of a simulated location (as reached through one token). */
export interface SimLocation extends LocationActions {
  /** Apple's library id, sent as `uId` on every response. */
  readonly uId: string;
  readonly orgName: string;
  readonly locationName: string;
  /** The bearer secret Apple would hand out (random). Never log it; use {@link fingerprint}. */
  readonly sToken: string;
  /** SHA-256 prefix of the token, as the request log shows it. */
  readonly fingerprint: string;
  /** The `.vpptoken` file content: base64 of `{"token","expDate","orgName"}`; also accepted as bearer. */
  vppTokenFile(): string;
  /** Adds a purchased asset. */
  addAsset(spec: AssetSpec): ResponseAsset;
  /**
   * Purchase, refund or transfer: sets `totalCount` and sends ASSET_COUNT with the delta unless `notify: false`.
   * `pricingParam` picks the asset when the adamId is owned under both.
   */
  setTotalCount(
    adamId: string,
    totalCount: number,
    options?: { readonly notify?: boolean; readonly pricingParam?: PricingParam },
  ): ResponseAsset;
  /** Adds a user that another MDM created. */
  addForeignUser(spec: ForeignUserSpec): ResponseUser;
  /** Adds an assignment that another MDM made; it takes a license like any other. */
  addForeignAssignment(spec: ForeignAssignmentSpec): ResponseAssignment;
  /** The user accepts the invitation: Associated with an idHash, and USER_ASSOCIATED is sent. */
  acceptInvitation(clientUserId: string): ResponseUser;
  /** Another MDM claims the location; every later response carries its mdmInfo. */
  setMdmInfo(mdmInfo: MdmInfo): void;
  /**
   * Words error `errorNumber` this way at this location from now on (`undefined`: Apple's wording again):
   * in error answers to its token, in event `failures` and in notification `error`s. For clients' handling
   * of text Apple sends (an echoed token, a megabyte, control characters).
   */
  setErrorMessage(errorNumber: number, errorMessage: string | undefined): void;
  /** Apple revokes the token: later calls get 9625 (HTTP 401). */
  revokeToken(): void;
  /** The token expires now: later calls get 9621 (HTTP 401). */
  expireToken(): void;
  /** A read-only copy of everything the location holds, for assertions. */
  state(): LocationSnapshot;
}

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
