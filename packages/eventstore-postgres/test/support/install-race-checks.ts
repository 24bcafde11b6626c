import {
  type CheckpointStore,
  createVppLedger,
  type EventStore,
  type LicenseState,
  licenseEvents,
  licenseStreamId,
  type SnapshotStore,
} from "@vpp-ledger/core";
import { type AuditReport, catchUp, LicenseAudit } from "@vpp-ledger/projections";
import { expect } from "vitest";
import { collect } from "./events.js";
import { APP, type RaceResult, TENANT } from "./install-race.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The pool after the race (R13, R16): versions 1..n with nothing doubled (the count sync, the deployment,
 * then exactly one event per user), `purchased` distinct users assigned, every other user failed once with
 * `no-license-available`, and each client's outcome agreeing with the log.
 */
export const expectSettledPool = async (
  store: EventStore,
  users: ReadonlyArray<string>,
  purchased: number,
  result: RaceResult,
): Promise<void> => {
  const recorded = await collect(store.readStream(licenseStreamId(TENANT, APP), { batchSize: 97 }));
  expect(recorded.map((event) => event.streamVersion)).toEqual(
    range(recorded.length).map((i) => BigInt(i + 1)),
  );
  for (let i = 1; i < recorded.length; i++) {
    expect(recorded[i]!.globalPosition).toBeGreaterThan(recorded[i - 1]!.globalPosition);
  }
  const events = recorded.map((event) => licenseEvents.decode(event));
  expect(events.slice(0, 2).map((event) => event.type)).toEqual(["PurchasedCountSynced", "AppDeployed"]);
  expect(events).toHaveLength(2 + users.length);

  const assigned = events.flatMap((event) => (event.type === "LicenseAssigned" ? [event.data.userId] : []));
  expect(assigned).toHaveLength(purchased);
  const holders = new Set(assigned);
  expect(holders.size).toBe(purchased);
  const failures = events.flatMap((event) => (event.type === "InstallFailed" ? [event.data] : []));
  expect(failures.map((failure) => failure.userId).sort()).toEqual(
    users.filter((u) => !holders.has(u)).sort(),
  );
  expect(new Set(failures.map((failure) => failure.reason.code))).toEqual(new Set(["no-license-available"]));

  expect(result.outcomes.size).toBe(users.length);
  for (const userId of users) {
    const outcome = result.outcomes.get(userId);
    if (holders.has(userId)) expect(outcome, userId).toEqual({ status: "assigned" });
    else
      expect(outcome, userId).toMatchObject({ status: "failed", reason: { code: "no-license-available" } });
  }
};

/** An auditor that tails the log as its own process would, keeping its checkpoint in `checkpoints`. */
export interface TailingAudit {
  /** Lets the auditor catch up one last time, then returns its report. */
  stop(): Promise<AuditReport>;
}

/**
 * Starts a {@link LicenseAudit} (R19) that repeatedly catches up from its saved checkpoint while the race runs.
 * Resuming from a checkpoint must neither skip nor repeat an event: at the end it has checked exactly the
 * events of the log.
 */
export const tailAudit = (store: EventStore, checkpoints: CheckpointStore): TailingAudit => {
  const audit = new LicenseAudit();
  let stopping = false;
  const done = (async () => {
    for (;;) {
      const last = stopping;
      await catchUp(store, audit, checkpoints, { batchSize: 64 });
      if (last) return audit.report();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  // Observed through stop(); a failure before then must not count as unhandled.
  done.catch(() => undefined);
  return {
    stop: () => {
      stopping = true;
      return done;
    },
  };
};

/** The whole log: every event once, the audit clean, the auditor's checkpoint at the last position. */
export const expectCleanAudit = async (
  store: EventStore,
  checkpoints: CheckpointStore,
  report: AuditReport,
): Promise<void> => {
  const log = await collect(store.readAll({ batchSize: 1000 }));
  expect(report.firstViolation).toBeNull();
  expect(report.eventsChecked).toBe(log.length);
  expect(report.pools).toBe(1);
  expect(await checkpoints.load("license-audit")).toBe(log.at(-1)?.globalPosition);
};

const comparable = (state: LicenseState) => ({ ...state, holders: [...state.holders.entries()].sort() });

/**
 * The pool's snapshot survived the racing saves: never ahead of the stream (at its last version when every
 * append saves one), and loading from it gives the same state as replaying every event.
 */
export const expectSnapshotAgrees = async (
  storage: { readonly store: EventStore; readonly snapshots: SnapshotStore },
  snapshotEvery: number,
): Promise<void> => {
  const streamId = licenseStreamId(TENANT, APP);
  const version = await storage.store.streamVersion(streamId);
  const stored = await storage.snapshots.load(streamId);
  expect(stored?.streamVersion).toBeLessThanOrEqual(version);
  if (snapshotEvery === 1) expect(stored?.streamVersion).toBe(version);
  const fromSnapshot = await createVppLedger(storage).loadLicense(TENANT, APP);
  const fromEvents = await createVppLedger({ store: storage.store }).loadLicense(TENANT, APP);
  expect(fromSnapshot.version).toBe(version);
  expect(comparable(fromSnapshot.state)).toEqual(comparable(fromEvents.state));
};
