import {
  type AppleSimulator,
  type AppleSimulatorOptions,
  type SimLocation,
  startAppleSimulator,
} from "@vpp-ledger/apple-simulator";
import {
  createVppAccountAggregate,
  createVppLedger,
  decodeLedgerEvent,
  type EventStore,
  InMemoryEventStore,
  type LedgerEvent,
  type SnapshotStore,
  type VppAccountPolicy,
  type VppLedger,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { afterEach } from "vitest";
import {
  type AppleClient,
  type AppleClientOptions,
  appleAccountId,
  createAppleClient,
  InMemoryTokenVault,
  linkAccount,
  type SyncDeps,
} from "../../../src/index.js";
import { type TestClock, testClock } from "./clock.js";

/** This server's identity on Apple locations. */
export const OUR_MDM = { id: "vpp-ledger-sync-tests", name: "vpp-ledger sync tests", metadata: "tests" };
/** Another product's identity. */
export const OTHER_MDM = { id: "other-mdm-42", name: "Other MDM", metadata: "other.example.net" };

/** The tenant most tests use. */
export const TENANT = "acme";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test. */
export const onTestEnd = (cleanup: () => Promise<void>): void => {
  cleanups.push(cleanup);
};

/** A simulator, a ledger on a store, a vault and a client for one tenant: the parts of a host. */
export interface SyncHarness {
  readonly sim: AppleSimulator;
  readonly loc: SimLocation;
  readonly store: EventStore;
  readonly ledger: VppLedger;
  readonly vault: InMemoryTokenVault;
  readonly clock: TestClock;
  readonly client: AppleClient;
  readonly deps: SyncDeps;
  /** A fresh client of the tenant (e.g. with a wrapped fetch). */
  newClient(options?: Partial<AppleClientOptions>): AppleClient;
  /** Uploads the location's token through {@link linkAccount}. */
  link(): Promise<void>;
  /** Every ledger event, decoded, in log order. */
  events(): Promise<LedgerEvent[]>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  readonly simulator?: AppleSimulatorOptions;
  readonly store?: EventStore;
  readonly snapshots?: SnapshotStore;
  readonly client?: Partial<AppleClientOptions>;
  /** The account policy of the ledger (default: 12 h syncs). */
  readonly policy?: VppAccountPolicy;
}

/** Fast retries: the simulator's faults are retried in milliseconds, not Apple's seconds. */
export const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 };

/** Starts a simulator with one location ("ACME School") and a ledger whose tenant is not linked yet. */
export const startHarness = async (options: HarnessOptions = {}): Promise<SyncHarness> => {
  const sim = await startAppleSimulator({ maxRequestPerSecond: 10_000, ...options.simulator });
  onTestEnd(() => sim.close());
  const loc = sim.addLocation({ orgName: "ACME School", expiresAt: "2027-11-25T10:00:00Z" });
  const store = options.store ?? new InMemoryEventStore();
  const ledger = createVppLedger({
    store,
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
    ...(options.policy ? { accountAggregate: createVppAccountAggregate(options.policy) } : {}),
  });
  const vault = new InMemoryTokenVault();
  const clock = testClock();
  const newClient = (extra: Partial<AppleClientOptions> = {}) =>
    createAppleClient({
      vault,
      accountId: appleAccountId(TENANT),
      baseUrl: sim.baseUrl,
      mdmInfo: OUR_MDM,
      retry: FAST_RETRY,
      ...options.client,
      ...extra,
    });
  const client = newClient();
  return {
    sim,
    loc,
    store,
    ledger,
    vault,
    clock,
    client,
    deps: { ledger, client, now: clock.now },
    newClient,
    link: async () => {
      const linked = await linkAccount(
        { ledger, vault },
        {
          tenantId: TENANT,
          tokenFile: loc.vppTokenFile(),
          tokenName: "ACME token",
          appleId: "admin@acme.example",
          acknowledgedSingleAccount: true,
          at: clock.now(),
        },
        { commandId: "link-1", actor: { kind: "admin", id: "admin-1" } },
      );
      if (E.isLeft(linked)) throw new Error(`link failed: ${linked.left.message}`);
    },
    events: async () => {
      const all: LedgerEvent[] = [];
      for await (const recorded of store.readAll()) {
        const decoded = decodeLedgerEvent(recorded);
        if (decoded) all.push(decoded);
      }
      return all;
    },
  };
};

/** Unwraps a `Right`, failing the test with the `Left`'s message. */
export const right = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${either.left.message}`);
  return either.right;
};

/** Event types of a list of ledger events, in order. */
export const typesOf = (events: ReadonlyArray<LedgerEvent>): string[] => events.map((e) => e.event.type);
