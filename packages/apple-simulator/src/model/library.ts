import type { NotificationType } from "../notifications/types.js";
import type { MdmInfo } from "../wire.js";
import { AssetStore } from "./assets.js";
import { AssignmentStore } from "./assignments.js";
import { UserStore } from "./users.js";
import { VersionClock } from "./versioning.js";

/** The notification settings an MDM stored with `POST client/config`. */
export interface NotificationConfig {
  readonly url: string;
  readonly authToken: string;
}

/**
 * What Apple keeps per location (library, `uId`) whatever token is used to reach it: the data collections with
 * their shared version clock, and the client config an MDM stored. A renewed token reaches the same library.
 */
export class Library {
  readonly clock = new VersionClock();
  readonly assets = new AssetStore(this.clock);
  readonly users = new UserStore(this.clock);
  readonly assignments = new AssignmentStore(this.clock);
  mdmInfo: MdmInfo | undefined;
  /** Apple's wording of some errors at this location, replacing the table's. */
  readonly errorMessages = new Map<number, string>();
  notificationConfig: NotificationConfig | undefined;
  subscribedNotificationTypes: readonly NotificationType[] = [];
  /** Serial for the foreign records paging churn adds, so their ids stay unique. */
  churnSerial = 0;
}
