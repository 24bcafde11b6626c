import type { ErrorResponse } from "../errors.js";
import type { NotificationType, OutgoingNotification } from "../notifications/types.js";
import { encodeVppTokenFile, fingerprint, formatAppleDate, randomSToken, randomUId } from "../token.js";
import type { MdmInfo } from "../wire.js";
import { AssetStore } from "./assets.js";
import { AssignmentStore } from "./assignments.js";
import { SimulatorSetupError } from "./setup-error.js";
import { UserStore } from "./users.js";
import { VersionClock } from "./versioning.js";

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

/** The notification settings an MDM stored with `POST client/config`. */
export interface NotificationConfig {
  readonly url: string;
  readonly authToken: string;
}

/** Sends a notification for a location (the notifier checks subscription and URL). */
export type NotificationSink = (location: Location, outgoing: OutgoingNotification) => void;

/**
 * One Apple location (organizational unit) and its content token: identity, token state, client config and
 * the three data collections, which share one version clock.
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
  readonly clock = new VersionClock();
  readonly assets = new AssetStore(this.clock);
  readonly users = new UserStore(this.clock);
  readonly assignments = new AssignmentStore(this.clock);
  mdmInfo: MdmInfo | undefined;
  /** Apple's wording of some errors at this location, replacing the table's (see {@link worded}). */
  readonly errorMessages = new Map<number, string>();
  notificationConfig: NotificationConfig | undefined;
  subscribedNotificationTypes: readonly NotificationType[] = [];
  private revoked = false;
  private forcedExpired = false;
  private readonly tokenFile: string;

  constructor(
    spec: LocationSpec,
    /** Where notifications go; the simulator wires it to its notifier. */
    readonly notify: NotificationSink,
  ) {
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
