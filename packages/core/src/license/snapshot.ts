import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { SnapshotCodec } from "../app/aggregate.js";
import { decodeWith, Identifier, NonNegativeInt } from "../shared/codec.js";
import { type DomainError, domainError } from "../shared/errors.js";
import { IsoDateTime } from "../shared/time.js";
import { DeploymentAction } from "./events.js";
import { Holders } from "./holders.js";
import { Platform, PricingParam } from "./pool.js";
import { isConsistentLicenseState, type LicenseState } from "./state.js";
import { Licensing, SerialNumber, UsageLevel } from "./terms.js";

const Stored = t.type({
  purchased: NonNegativeInt,
  deployment: t.union([DeploymentAction, t.null]),
  licensing: Licensing,
  // As strict as the events: a corrupt snapshot must be refused (and rebuilt from events), never trusted.
  holders: t.array(t.tuple([Identifier, IsoDateTime])),
  devices: t.array(t.tuple([SerialNumber, IsoDateTime])),
  assignments: NonNegativeInt,
  reclaims: NonNegativeInt,
  metadata: t.type({
    pricingParam: t.union([PricingParam, t.null]),
    supportedPlatforms: t.union([t.readonlyArray(Platform), t.null]),
    deviceAssignable: t.union([t.boolean, t.null]),
  }),
  usageAlert: UsageLevel,
});

const decodeStored = decodeWith(Stored, "License snapshot");

const inconsistent = domainError(
  "snapshot-inconsistent",
  "License snapshot: its holders do not match its assignment and reclaim counts; it is ignored and the pool replayed",
);

/**
 * Snapshot shape of a pool: JSON with holders as an array of `[userId, assignedAt]` pairs and the assignment
 * and reclaim counts. Checked, not trusted: a snapshot that fails the codec, repeats a holder, or whose holders
 * are not `assignments - reclaims` (emptied or padded by hand, from another stream) is refused, so the handler
 * replays the events instead of over-assigning from a forged state (R13, R16).
 */
export const licenseSnapshot: SnapshotCodec<LicenseState> = {
  // 3 added the asset's metadata, 4 the licensing mode and device holders, 5 the recorded use level; older
  // snapshots are ignored and the pool replayed from its events.
  schemaVersion: 5,
  encode: (state) => ({
    purchased: state.purchased,
    deployment: state.deployment,
    licensing: state.licensing,
    holders: [...state.holders],
    devices: [...state.devices],
    assignments: state.assignments,
    reclaims: state.reclaims,
    metadata: state.metadata,
    usageAlert: state.usageAlert,
  }),
  decode: (stored) =>
    E.flatMap((s: t.TypeOf<typeof Stored>): E.Either<DomainError, LicenseState> => {
      const state: LicenseState = {
        ...s,
        holders: Holders.from(s.holders),
        devices: Holders.from(s.devices),
      };
      const noRepeats = state.holders.size === s.holders.length && state.devices.size === s.devices.length;
      return noRepeats && isConsistentLicenseState(state) ? E.right(state) : E.left(inconsistent);
    })(decodeStored(stored)),
};
