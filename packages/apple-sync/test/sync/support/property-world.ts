import type { FaultSpec } from "@vpp-ledger/apple-simulator";
import fc from "fast-check";

/** One app at Apple: its purchased count (free apps are unlimited). */
export interface AppSpec {
  readonly adamId: string;
  readonly totalCount: number;
  readonly free: boolean;
}

/** A random Apple location, the users of ours and of another MDM, and what our users ask to install. */
export interface World {
  readonly apps: ReadonlyArray<AppSpec>;
  /** Our users (invited by the ledger); `accepts` says whether they accept Apple's invitation. */
  readonly ours: ReadonlyArray<{ readonly userId: string; readonly accepts: boolean }>;
  readonly foreign: ReadonlyArray<{ readonly clientUserId: string; readonly associated: boolean }>;
  /** Licenses another MDM assigned, as (foreign user index, app index); those that do not fit are dropped. */
  readonly foreignAssignments: ReadonlyArray<readonly [number, number]>;
  /** Installs our users request, as (our user index, app index). */
  readonly installs: ReadonlyArray<readonly [number, number]>;
  readonly faults: ReadonlyArray<FaultSpec>;
}

const FAULT_PATHS = [
  "client/config",
  "assets",
  "users",
  "assignments",
  "users/create",
  "assets/associate",
  "status",
] as const;

const fault: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.record({ kind: fc.constant("rate-limit" as const), path: fc.constantFrom(...FAULT_PATHS) }),
  fc.record({
    kind: fc.constant("unavailable" as const),
    path: fc.constantFrom(...FAULT_PATHS),
    retryAfterSeconds: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("malformed-json" as const), path: fc.constantFrom(...FAULT_PATHS) }),
);

/** Small worlds: a few apps and users, so a run takes a fraction of a second. */
export const worlds: fc.Arbitrary<World> = fc
  .record({
    apps: fc.array(
      fc.record({ totalCount: fc.integer({ min: 0, max: 4 }), free: fc.nat(4).map((n) => n === 0) }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    ours: fc.array(fc.boolean(), { maxLength: 5 }),
    foreign: fc.array(fc.boolean(), { maxLength: 3 }),
    foreignAssignments: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 6 }),
    installs: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 10 }),
    faults: fc.array(fault, { maxLength: 4 }),
  })
  .map(({ apps, ours, foreign, foreignAssignments, installs, faults }) => ({
    apps: apps.map((app, i) => ({ adamId: String(1000 + i), totalCount: app.totalCount, free: app.free })),
    ours: ours.map((accepts, i) => ({ userId: `u-${i}`, accepts })),
    foreign: foreign.map((associated, i) => ({ clientUserId: `f-${i}`, associated })),
    foreignAssignments:
      foreign.length === 0
        ? []
        : foreignAssignments.map(([u, a]) => [u % foreign.length, a % apps.length] as const),
    installs: ours.length === 0 ? [] : installs.map(([u, a]) => [u % ours.length, a % apps.length] as const),
    faults,
  }));
