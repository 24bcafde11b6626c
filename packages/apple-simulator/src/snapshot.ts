import { holderOf, responseAsset } from "./model/licensing.js";
import type { Location, TokenState } from "./model/location.js";
import type { NotificationType } from "./notifications/types.js";
import {
  type MdmInfo,
  type ResponseAsset,
  type ResponseAssignment,
  type ResponseUser,
  toResponseAssignment,
  toResponseUser,
} from "./wire.js";

/** A read-only copy of a location for assertions. Holds no secret but the notification URL. */
export interface LocationSnapshot {
  readonly uId: string;
  readonly orgName: string;
  readonly locationName: string;
  readonly countryISO2ACode: string;
  readonly tokenExpirationDate: string;
  /** Token state at the simulator's clock. */
  readonly tokenState: TokenState;
  readonly assets: readonly ResponseAsset[];
  /** Every user row, retired ones included. */
  readonly users: readonly ResponseUser[];
  /** Every current assignment, with the holder's state for user assignments. */
  readonly assignments: readonly ResponseAssignment[];
  readonly mdmInfo: MdmInfo | undefined;
  readonly versionIds: { readonly assets: string; readonly users: string; readonly assignments: string };
  readonly notificationUrl: string | undefined;
  readonly subscribedNotificationTypes: readonly NotificationType[];
}

/** Copies the location's state; `now` is the simulator's clock, for the token state. */
export const snapshot = (location: Location, now: Date): LocationSnapshot =>
  structuredClone({
    uId: location.uId,
    orgName: location.orgName,
    locationName: location.locationName,
    countryISO2ACode: location.countryISO2ACode,
    tokenExpirationDate: location.tokenExpirationDate(),
    tokenState: location.tokenState(now),
    assets: location.assets.list().map((asset) => responseAsset(location, asset)),
    users: location.users.list().map(toResponseUser),
    assignments: location.assignments
      .list()
      .map((record) => toResponseAssignment(record, holderOf(location, record))),
    mdmInfo: location.mdmInfo,
    versionIds: {
      assets: location.assets.collection.versionId(),
      users: location.users.collection.versionId(),
      assignments: location.assignments.collection.versionId(),
    },
    notificationUrl: location.notificationConfig?.url,
    subscribedNotificationTypes: [...location.subscribedNotificationTypes],
  });
