import { Location, type LocationSpec, type NotificationSink } from "./location.js";
import { SimulatorSetupError } from "./setup-error.js";

/** The locations a simulator serves, found by bearer token or by fingerprint. */
export class LocationRegistry {
  private readonly locations: Location[] = [];

  constructor(private readonly sink: NotificationSink) {}

  /** Creates a location with a fresh random token. */
  add(spec: LocationSpec): Location {
    const location = new Location(spec, this.sink);
    this.locations.push(location);
    return location;
  }

  /**
   * A new token for an existing location: same `uId`, data and client config, a fresh sToken. The old token
   * keeps working until it expires, unless `revokePrevious` (Apple's handling of the old one is not documented).
   */
  renew(previous: Location, expiresAt: string, revokePrevious: boolean): Location {
    const location = new Location(previous.renewalSpec(expiresAt), this.sink, previous.library);
    if (revokePrevious) previous.revokeToken();
    this.locations.push(location);
    return location;
  }

  /** The location whose token (inner token or whole token file) is `bearer`. */
  byBearer(bearer: string): Location | undefined {
    return this.locations.find((location) => location.acceptsBearer(bearer));
  }

  /** The location with this token fingerprint. */
  byFingerprint(fingerprint: string): Location | undefined {
    return this.locations.find((location) => location.fingerprint === fingerprint);
  }

  /** The location with this fingerprint, or a setup error. */
  requireFingerprint(fingerprint: string): Location {
    const location = this.byFingerprint(fingerprint);
    if (location === undefined) {
      throw new SimulatorSetupError(
        "SIM_UNKNOWN_LOCATION",
        `No location has token fingerprint ${fingerprint}.`,
      );
    }
    return location;
  }

  /** Every location, in creation order. */
  list(): readonly Location[] {
    return this.locations;
  }
}
