import fc from "fast-check";
import type { VppAccountCommand } from "../../account/commands.js";
import type { VppAccountEvent } from "../../account/events.js";
import { createVppAccount, type VppAccountPolicy } from "../../account/index.js";
import type { VppAccountState } from "../../account/state.js";
import type { IsoDateTime } from "../../shared/time.js";
import { makeVppToken } from "../tokens.js";
import { decideSteps, emittedBy } from "./steps.js";
import { appleDate, DEFAULT_START, daysAfter, layOutInTime, timeStepArb, type Untimed } from "./time.js";
import { realisticFailureArb, userIdArb, userPool } from "./values.js";

/** Shapes a random VppAccount scenario. */
export interface VppAccountScenarioOptions {
  /** Users invitations pick from (default: 5 users). */
  readonly users?: ReadonlyArray<string>;
  /** Longest command sequence (default 60). */
  readonly maxCommands?: number;
  /** Time of the first command (default {@link DEFAULT_START}). */
  readonly start?: IsoDateTime;
  /** Policy used to decide histories (default: the product defaults). */
  readonly policy?: VppAccountPolicy;
}

/** What a generated `.vpptoken` holds. `expiresInDays` counts from the scenario start (negative: already expired). */
export interface TestTokenSpec {
  readonly orgName: string;
  readonly secret: string;
  readonly expiresInDays: number;
}

/** Tokens of two Apple locations (so R2 is exercised), random secrets, expiries from expired to 400 days. */
export const testTokenSpecArb: fc.Arbitrary<TestTokenSpec> = fc.record({
  orgName: fc.constantFrom("Org A", "Org B"),
  secret: fc.stringMatching(/^[A-Za-z0-9]{16,32}$/),
  expiresInDays: fc.integer({ min: -3, max: 400 }),
});

/** The `.vpptoken` content of a spec, with `expDate` in Apple's `+0000` form. */
export const vppTokenOf = (spec: TestTokenSpec, start: IsoDateTime = DEFAULT_START): string =>
  makeVppToken({
    token: spec.secret,
    orgName: spec.orgName,
    expDate: appleDate(daysAfter(start, spec.expiresInDays)),
  });

/** Content that is not a `.vpptoken` at all, mixed into uploads so `token-malformed` shows up. */
export const MALFORMED_TOKEN = "this is not a vpp token";

/** Sync ids come from a small pool, so completions of stale or foreign syncs happen. */
export const syncIdPool: ReadonlyArray<string> = ["sync-1", "sync-2", "sync-3", "sync-4"];

const untimedAccountCommandArb = (
  tokens: ReadonlyArray<string>,
  users: ReadonlyArray<string>,
): fc.Arbitrary<Untimed<VppAccountCommand>> => {
  const user = userIdArb(users);
  const syncId = fc.constantFrom(...syncIdPool);
  const mostly = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false));
  const command = <T extends VppAccountCommand["type"], D>(type: T, data: fc.Arbitrary<D>) =>
    data.map((d) => ({ type, data: d }));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: command(
        "UploadToken",
        fc.record({
          token: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...tokens) }, fc.constant(MALFORMED_TOKEN)),
          tokenName: fc.constantFrom("Main", "Backup"),
          appleId: fc.constantFrom("admin@example.org", "it@example.org"),
          acknowledgedSingleAccount: mostly,
        }),
      ),
    },
    {
      weight: 4,
      arbitrary: command(
        "RequestSync",
        fc.record({ syncId, trigger: fc.constantFrom("manual", "schedule") }),
      ),
    },
    {
      weight: 2,
      arbitrary: command(
        "CompleteSync",
        fc.record({
          syncId,
          report: fc.record({
            apps: fc.nat(9),
            users: fc.nat(9),
            assignments: fc.nat(9),
            ignoredForeignUsers: fc.nat(3),
            ignoredForeignAssignments: fc.nat(3),
            drift: fc.nat(3),
            changes: fc.nat(20),
          }),
        }),
      ),
    },
    { weight: 1, arbitrary: command("FailSync", fc.record({ syncId, error: realisticFailureArb })) },
    { weight: 1, arbitrary: command("RecordTokenRevoked", fc.constant({})) },
    {
      weight: 1,
      arbitrary: command(
        "RecordLocationClaimed",
        fc.constantFrom(
          { mdmId: "mdm-x", mdmName: "Other MDM X" },
          { mdmId: "mdm-y", mdmName: "Other MDM Y" },
        ),
      ),
    },
    { weight: 1, arbitrary: command("RestoreOwnership", fc.constant({})) },
    { weight: 2, arbitrary: command("InviteUser", fc.record({ userId: user })) },
    { weight: 2, arbitrary: command("AcceptTerms", fc.record({ userId: user })) },
    { weight: 1, arbitrary: command("RetireUser", fc.record({ userId: user })) },
    { weight: 1, arbitrary: command("EraseAppleId", fc.constant({})) },
    {
      weight: 1,
      arbitrary: command(
        "RegisterDevice",
        fc.record({ serialNumber: fc.constantFrom("SERIAL1", "SERIAL2") }),
      ),
    },
    {
      weight: 1,
      arbitrary: command(
        "RetireDevice",
        fc.record({
          serialNumber: fc.constantFrom("SERIAL1", "SERIAL2"),
          reason: fc.constantFrom(
            "device-retired",
            "device-wiped",
            "device-unenrolled",
            "device-moved" as const,
          ),
        }),
      ),
    },
    { weight: 1, arbitrary: command("RevokeLocationLicenses", fc.constant({ reason: "contract ended" })) },
    { weight: 3, arbitrary: command("CheckTokenHealth", fc.constant({})) },
  );
};

/**
 * Random VppAccount commands with times that never go back: token uploads (two locations, random secrets,
 * some expired, some malformed, with and without acknowledgement), syncs requested, completed and failed with
 * ids from a small pool, revocations, claims by other MDMs, and invitations over a small user pool.
 */
export const vppAccountCommandsArb = (
  options: VppAccountScenarioOptions = {},
): fc.Arbitrary<VppAccountCommand[]> => {
  const start = options.start ?? DEFAULT_START;
  const users = options.users ?? userPool();
  return fc
    .array(testTokenSpecArb, { minLength: 1, maxLength: 3 })
    .chain((specs) => {
      const step = fc.tuple(
        timeStepArb,
        untimedAccountCommandArb(
          specs.map((spec) => vppTokenOf(spec, start)),
          users,
        ),
      );
      return fc.array(step, { maxLength: options.maxCommands ?? 60, size: "max" });
    })
    .map((steps) => layOutInTime<VppAccountCommand>(steps, start));
};

/** Decides commands in order and keeps every event accepted ones emitted: a history `decide` could produce. */
export const decideVppAccountHistory = (
  commands: ReadonlyArray<VppAccountCommand>,
  policy?: VppAccountPolicy,
): VppAccountEvent[] => emittedBy(decideSteps(createVppAccount(policy), commands));

/** Event histories of one account, produced by deciding random commands (so every history is reachable). */
export const vppAccountHistoryArb = (
  options: VppAccountScenarioOptions = {},
): fc.Arbitrary<VppAccountEvent[]> =>
  vppAccountCommandsArb(options).map((commands) => decideVppAccountHistory(commands, options.policy));

/** Reachable account states: random histories folded. */
export const vppAccountStateArb = (options: VppAccountScenarioOptions = {}): fc.Arbitrary<VppAccountState> =>
  vppAccountHistoryArb(options).map((events) => {
    const account = createVppAccount(options.policy);
    return account.fold(account.initialState, events);
  });
