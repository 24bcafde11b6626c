import type { ErrorResponse } from "../errors.js";
import type { NotificationType, OutgoingNotification } from "../notifications/types.js";
import { encodeVppTokenFile, fingerprint, formatAppleDate, randomSToken, randomUId } from "../token.js";
import type { MdmInfo } from "../wire.js";
import type { AssetStore } from "./assets.js";
import type { AssignmentStore } from "./assignments.js";
import { Library, type NotificationConfig } from "./library.js";
import { SimulatorSetupError } from "./setup-error.js";
import type { UserStore } from "./users.js";
import type { VersionClock } from "./versioning.js";

export type { NotificationConfig } from "./library.js";

/** What a test passes to `addLocation`. */
export interface LocationSpec {
  readonly orgName: string;
  readonly locationName?: string;
  readonly countryISO2ACode?: string;
  /** ISO-8601 instant at which the token expires. */
  readonly expiresAt: string;
  /** Apple's library id; random 16 digits by default. Two locations may share one to model shared libraries. */
  readonly uId?: string;
  readonly defaultPlatform?: string;
  readonly websiteURL?: string;
}

/** Where a location's token stands. */
export type TokenState = "active" | "expired" | "revoked";

/** Sends a notification for a location (the notifier checks subscription and URL). */
export type NotificationSink = (location: Location, outgoing: OutgoingNotification) => void;

/**
 * One Apple location (organizational unit) as reached through one content token: identity and token state
 * here, client config and the three data collections in its {@link Library}, which a renewed token shares.
 */
export class Location {
  readonly uId: string;
  readonly orgName: string;
  readonly locationName: string;
  readonly countryISO2ACode: string;
  readonly defaultPlatform: string;
  readonly websiteURL: string;
  readonly expiresAt: Date;
  /** The inner random token; see {@link vppTokenFile} for what MDMs upload and send as bearer. */
  readonly sToken = randomSToken();
  /** SHA-256 prefix of the token, safe to log and to print. */
  readonly fingerprint: string;
  /** The data and client config; shared with the token this one renewed, if any. */
  readonly library: Library;
  private revoked = false;
  private forcedExpired = false;
  private readonly tokenFile: string;

  constructor(
    spec: LocationSpec,
    /** Where notifications go; the simulator wires it to its notifier. */
    readonly notify: NotificationSink,
    /** The library of the location this token renews; a fresh one otherwise. */
    library?: Library,
  ) {
    this.library = library ?? new Library();
    const expiresAt = new Date(spec.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) {
      throw new SimulatorSetupError(
        "SIM_INVALID_DATE",
        `expiresAt must be an ISO-8601 date, got ${spec.expiresAt}.`,
      );
    }
    if (typeof spec.orgName !== "string" || spec.orgName.trim() === "") {
      throw new SimulatorSetupError("SIM_INVALID_LOCATION", "orgName must not be empty.");
    }
    this.expiresAt = expiresAt;
    this.uId = spec.uId ?? randomUId();
    this.orgName = spec.orgName;
    this.locationName = spec.locationName ?? spec.orgName;
    this.countryISO2ACode = spec.countryISO2ACode ?? "US";
    this.defaultPlatform = spec.defaultPlatform ?? "volumestore";
    this.websiteURL = spec.websiteURL ?? "https://business.apple.com";
    this.fingerprint = fingerprint(this.sToken);
    this.tokenFile = encodeVppTokenFile({
      token: this.sToken,
      expDate: formatAppleDate(expiresAt),
      orgName: spec.orgName,
    });
  }

  /** The shared version clock of the library. */
  get clock(): VersionClock {
    return this.library.clock;
  }

  /** Owned assets. */
  get assets(): AssetStore {
    return this.library.assets;
  }

  /** Users, active and retired. */
  get users(): UserStore {
    return this.library.users;
  }

  /** Current licenses. */
  get assignments(): AssignmentStore {
    return this.library.assignments;
  }

  /** The MDM that claimed the location, if any. */
  get mdmInfo(): MdmInfo | undefined {
    return this.library.mdmInfo;
  }

  set mdmInfo(value: MdmInfo | undefined) {
    this.library.mdmInfo = value;
  }

  /** Apple's wording of some errors at this location, replacing the table's (see {@link worded}). */
  get errorMessages(): Map<number, string> {
    return this.library.errorMessages;
  }

  /** Where notifications go, once an MDM set it. */
  get notificationConfig(): NotificationConfig | undefined {
    return this.library.notificationConfig;
  }

  set notificationConfig(value: NotificationConfig | undefined) {
    this.library.notificationConfig = value;
  }

  /** The notification types the MDM subscribed to. */
  get subscribedNotificationTypes(): readonly NotificationType[] {
    return this.library.subscribedNotificationTypes;
  }

  set subscribedNotificationTypes(value: readonly NotificationType[]) {
    this.library.subscribedNotificationTypes = value;
  }

  /** The spec of a token for the same location (same `uId`, names and library) that expires at `expiresAt`. */
  renewalSpec(expiresAt: string): LocationSpec {
    return {
      orgName: this.orgName,
      locationName: this.locationName,
      countryISO2ACode: this.countryISO2ACode,
      expiresAt,
      uId: this.uId,
      defaultPlatform: this.defaultPlatform,
      websiteURL: this.websiteURL,
    };
  }

  /**
   * The `.vpptoken` file content: base64 of `{"token","expDate","orgName"}`. Apple's sToken is this whole
   * string, and real clients send it as the bearer; the simulator accepts it and the inner token alike.
   */
  vppTokenFile(): string {
    return this.tokenFile;
  }

  /** Whether a bearer value is this location's token, in either form. */
  acceptsBearer(bearer: string): boolean {
    return bearer === this.sToken || bearer === this.tokenFile;
  }

  /** The token state at `now`; revocation wins over expiry. */
  tokenState(now: Date): TokenState {
    if (this.revoked) return "revoked";
    if (this.forcedExpired || now.getTime() >= this.expiresAt.getTime()) return "expired";
    return "active";
  }

  /** `tokenExpirationDate` as Apple formats it. */
  tokenExpirationDate(): string {
    return formatAppleDate(this.expiresAt);
  }

  /** Apple revoked the token (password change, admin action): later calls get 9625. */
  revokeToken(): void {
    this.revoked = true;
  }

  /** The token expires now, whatever the clock says: later calls get 9621. */
  expireToken(): void {
    this.forcedExpired = true;
  }

  /** An error as this location words it: its `errorMessage` replaced when a test set one for that number. */
  worded<E extends ErrorResponse>(error: E): E {
    const errorMessage = this.errorMessages.get(error.errorNumber);
    return errorMessage === undefined ? error : { ...error, errorMessage };
  }
}
