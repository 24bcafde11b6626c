import fc from "fast-check";
import type { LicenseCommand } from "../../license/commands.js";
import type { DeploymentAction, LicenseEvent, ReclaimReason } from "../../license/events.js";
import { License } from "../../license/index.js";
import type { Platform, PoolMetadataInput, PricingParam } from "../../license/pool.js";
import type { LicenseState } from "../../license/state.js";
import type { IsoDateTime } from "../../shared/time.js";
import {
  deviceEventArbs,
  devicePool,
  licensingArb,
  platformArb,
  untimedDeviceCommandArbs,
} from "./license-devices.js";
import { decideSteps, emittedBy } from "./steps.js";
import { DEFAULT_START, isoDateTimeArb, layOutInTime, timeStepArb, type Untimed } from "./time.js";
import { failureArb, identifierArb, realisticFailureArb, userIdArb, userPool } from "./values.js";

/** Shapes a random License scenario. Small pools and counts make collisions and exhaustion likely. */
export interface LicenseScenarioOptions {
  /** Users the commands pick from (default: 5 users). */
  readonly users?: ReadonlyArray<string>;
  /** Devices (serial numbers) the commands pick from (default: 4); empty for a users-only scenario. */
  readonly devices?: ReadonlyArray<string>;
  /** Largest purchased count Apple reports (default: the pool size + 1, so pools both fill up and shrink). */
  readonly maxPurchased?: number;
  /** Longest command sequence (default 60). */
  readonly maxCommands?: number;
  /** Time of the first command (default {@link DEFAULT_START}). */
  readonly start?: IsoDateTime;
}

/** Every deployment action. */
export const deploymentActionArb: fc.Arbitrary<DeploymentAction> = fc.constantFrom(
  "required",
  "available",
  "uninstall",
);

/**
 * Pool metadata as a sync sends it: each field present or not (a notification sends none), platforms in any
 * order with repeats, so normalisation and "absent keeps the old value" are exercised.
 */
export const poolMetadataArb: fc.Arbitrary<PoolMetadataInput> = fc.record(
  {
    pricingParam: fc.constantFrom<PricingParam>("STDQ", "PLUS"),
    supportedPlatforms: fc.oneof(
      fc.constant<Platform[]>(["iOS"]),
      fc.constant<Platform[]>(["iOS", "macOS"]),
      fc.array(platformArb, { maxLength: 4 }),
    ),
    // Mostly assignable, so device licenses are granted often enough to fill pools.
    deviceAssignable: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  },
  { requiredKeys: [] },
);

/** Every reclaim reason. */
export const reclaimReasonArb: fc.Arbitrary<ReclaimReason> = fc.constantFrom(
  "app-uninstalled",
  "user-retired",
  "apple-refused",
  "apple-revoked",
  "moved-to-device",
);

const untimedLicenseCommandArb = (
  users: ReadonlyArray<string>,
  devices: ReadonlyArray<string>,
  maxPurchased: number,
): fc.Arbitrary<Untimed<LicenseCommand>> => {
  const user = userIdArb(users);
  // Most users have accepted the terms: a workflow only asks for a license after the invitation (R15).
  const termsAccepted = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false));
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: maxPurchased }), poolMetadataArb)
        .map(([purchased, metadata]) => ({
          type: "SyncPurchasedCount" as const,
          data: { purchased, ...metadata },
        })),
    },
    {
      weight: 2,
      // Uninstall less often than not, so pools spend most of a scenario deployed.
      arbitrary: fc
        .tuple(
          fc.constantFrom<DeploymentAction>("required", "available", "required", "uninstall"),
          devices.length > 0 ? fc.option(licensingArb, { nil: undefined }) : fc.constant(undefined),
        )
        .map(([action, licensing]) => ({
          type: "DeployApp" as const,
          data: licensing === undefined ? { action } : { action, licensing },
        })),
    },
    {
      weight: 1,
      arbitrary: user.map((userId) => ({ type: "RequestInstall" as const, data: { userId } })),
    },
    {
      weight: 6,
      arbitrary: fc
        .record({ userId: user, termsAccepted })
        .map((data) => ({ type: "AssignLicense" as const, data })),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ userId: user, reason: reclaimReasonArb })
        .map((data) => ({ type: "ReclaimLicense" as const, data })),
    },
    {
      weight: 1,
      arbitrary: user.map((userId) => ({ type: "RecordAppInstalled" as const, data: { userId } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ userId: user, reason: realisticFailureArb })
        .map((data) => ({ type: "RecordInstallFailure" as const, data })),
    },
    ...(devices.length > 0 ? untimedDeviceCommandArbs(users, devices) : []),
  );
};

/**
 * Random License commands with times that never go back: purchased counts that go up and down, deployment
 * changes, install requests, assignments (with and without accepted terms), reclaims and install reports, over a small user pool.
 * Commands are valid messages; whether each is accepted depends on the state, which is the point.
 */
export const licenseCommandsArb = (options: LicenseScenarioOptions = {}): fc.Arbitrary<LicenseCommand[]> => {
  const users = options.users ?? userPool();
  const devices = options.devices ?? devicePool();
  const step = fc.tuple(
    timeStepArb,
    untimedLicenseCommandArb(users, devices, options.maxPurchased ?? users.length + devices.length + 1),
  );
  return fc
    .array(step, { maxLength: options.maxCommands ?? 60, size: "max" })
    .map((steps) => layOutInTime<LicenseCommand>(steps, options.start));
};

/** Decides commands in order and keeps every event accepted ones emitted: a history `decide` could produce. */
export const decideLicenseHistory = (commands: ReadonlyArray<LicenseCommand>): LicenseEvent[] =>
  emittedBy(decideSteps(License, commands));

/** Event histories of one pool, produced by deciding random commands (so every history is reachable). */
export const licenseHistoryArb = (options: LicenseScenarioOptions = {}): fc.Arbitrary<LicenseEvent[]> =>
  licenseCommandsArb(options).map(decideLicenseHistory);

/** Reachable pool states: random histories folded. */
export const licenseStateArb = (options: LicenseScenarioOptions = {}): fc.Arbitrary<LicenseState> =>
  licenseHistoryArb(options).map((events) => License.fold(License.initialState, events));

const event = <T extends LicenseEvent["type"], D>(type: T, data: fc.Arbitrary<D>) =>
  data.map((d) => ({ type, data: d }));

/**
 * One arbitrary per License event type, with any values the event's codec accepts (unicode ids, any offsets,
 * huge counts): for codec round trips. The values need not be reachable by `decide`.
 */
export const licenseEventArbs = {
  PurchasedCountSynced: event(
    "PurchasedCountSynced",
    fc
      .tuple(
        fc.record({ purchased: fc.maxSafeNat(), previous: fc.maxSafeNat(), at: isoDateTimeArb }),
        poolMetadataArb,
      )
      .map(([counts, metadata]) => ({ ...counts, ...metadata })),
  ),
  OverAllocationDetected: event(
    "OverAllocationDetected",
    fc.record({ purchased: fc.maxSafeNat(), assigned: fc.maxSafeNat(), at: isoDateTimeArb }),
  ),
  AppDeployed: event(
    "AppDeployed",
    fc.record(
      { action: deploymentActionArb, at: isoDateTimeArb, licensing: licensingArb },
      { requiredKeys: ["action", "at"] },
    ),
  ),
  InstallRequested: event("InstallRequested", fc.record({ userId: identifierArb, at: isoDateTimeArb })),
  LicenseAssigned: event("LicenseAssigned", fc.record({ userId: identifierArb, at: isoDateTimeArb })),
  LicenseReclaimed: event(
    "LicenseReclaimed",
    fc.record({ userId: identifierArb, reason: reclaimReasonArb, at: isoDateTimeArb }),
  ),
  AppInstalled: event("AppInstalled", fc.record({ userId: identifierArb, at: isoDateTimeArb })),
  InstallFailed: event(
    "InstallFailed",
    fc.record({ userId: identifierArb, reason: failureArb, at: isoDateTimeArb }),
  ),
  ...deviceEventArbs,
} satisfies { readonly [K in LicenseEvent["type"]]: fc.Arbitrary<Extract<LicenseEvent, { type: K }>> };

/** Any License event (see {@link licenseEventArbs}). */
export const licenseEventArb: fc.Arbitrary<LicenseEvent> = fc.oneof(...Object.values(licenseEventArbs));
