import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import {
  type AppleClient,
  type AppleDelivery,
  appleAccountId,
  createAppleClient,
  createNotificationHandler,
  EncryptedTokenVault,
  InMemoryByteStore,
  ledgerNotificationHandlers,
  SyncScheduler,
} from "@vpp-ledger/apple-sync";
import {
  type CommandFailure,
  createVppLedger,
  type HealthAlert,
  HealthReactor,
  type InstallOutcome,
  InstallResumer,
  LicensingReactor,
  LiveProcessor,
  LogProcessor,
  type VppLedger,
} from "@vpp-ledger/core";
import { createPgliteEventStore, type PostgresStorage } from "@vpp-ledger/eventstore-postgres";
import { createPgliteReadModels, type PostgresReadModels } from "@vpp-ledger/projections-postgres";
import type * as E from "fp-ts/lib/Either.js";
import type { AppleSide } from "./apple-side.js";
import type { DemoClock } from "./demo-clock.js";
import { listenForAppleNotifications, type NotificationEndpoint } from "./notification-endpoint.js";
import { type DeliveryCallbacks, type DeliveryRun, demoDelivery } from "./outbound.js";

/** This MDM server's identity on Apple locations: the ownership marker of R6/R8. */
export const OUR_MDM = { id: "vpp-ledger-demo", name: "vpp-ledger demo MDM", metadata: "mdm.demo.test" };

/** What the host does with what the delivery hands it, and with the health reactor's alerts (page the admin). */
export type HostCallbacks = DeliveryCallbacks & { readonly onAlert: (alert: HealthAlert) => void };

/** An install the reactor resumed after the user accepted the VPP terms. */
export interface ResumedInstall {
  readonly userId: string;
  readonly outcome: E.Either<CommandFailure, InstallOutcome>;
}

/** The MDM server's side: ledger on PGlite, vault, Apple client, scheduler, outbound delivery, reactor. */
export interface DemoHost {
  readonly storage: PostgresStorage;
  /** The console's durable read models, beside the log in the same PGlite. */
  readonly readModels: PostgresReadModels;
  /** The processor that keeps them following the log as it grows. */
  readonly readModelFeed: LiveProcessor;
  readonly ledger: VppLedger;
  readonly vault: EncryptedTokenVault;
  /** The vault's storage: only sealed records reach it. */
  readonly vaultRecords: InMemoryByteStore;
  readonly client: AppleClient;
  readonly scheduler: SyncScheduler;
  /** The batched ledger → Apple delivery (its drift report: `pendingDisassociations()`). */
  readonly delivery: AppleDelivery;
  /** One catch-up run of the delivery from its checkpoint, until Apple has settled what it sent. */
  deliver(): Promise<DeliveryRun>;
  /** Reads the log from the reactor's checkpoint and resumes installs unblocked by accepted terms (R15). */
  resumeWaitingInstalls(): Promise<ResumedInstall[]>;
  /**
   * Runs the licensing reactor (retired users and devices lose their licenses, R21) then the health reactor
   * (pool use and token health alerts, R23), each from its checkpoint.
   */
  react(): Promise<void>;
  /** Serves Apple's notifications on a local HTTP server and subscribes the location to them. */
  listenForNotifications(): Promise<NotificationEndpoint>;
  /** Stops everything this host started. */
  close(): Promise<void>;
}

/** Starts the host for one tenant on embedded defaults: no server, nothing written to disk. */
export const startHost = async (
  tenantId: string,
  apple: AppleSide,
  clock: DemoClock,
  callbacks: HostCallbacks,
): Promise<DemoHost> => {
  // One embedded database, in memory (it ends with the process): the log and the console's read models.
  const pglite = await PGlite.create();
  const storage = await createPgliteEventStore({ pglite });
  const readModels = await createPgliteReadModels({ pglite });
  // The read models follow the log live, woken at each append's commit, exactly once per event (docs/processors.md).
  const readModelFeed = new LiveProcessor(
    new LogProcessor(readModels.feed({ name: "console", store: storage.store, parked: storage.parked })),
    { wakeup: storage.wakeup, onError: (error) => console.error("read models:", error) },
  );
  readModelFeed.start();
  const ledger = createVppLedger({ store: storage.store, snapshots: storage.snapshots });
  const vaultRecords = new InMemoryByteStore();
  // A real host reads this key from its KMS; the demo makes one that lives as long as the process.
  const vault = new EncryptedTokenVault({
    store: vaultRecords,
    currentKey: { id: "demo-key-1", key: randomBytes(32) },
  });
  const client = createAppleClient({
    vault,
    accountId: appleAccountId(tenantId),
    baseUrl: apple.sim.baseUrl,
    mdmInfo: OUR_MDM,
  });
  const clientFor = (tenant: string) => (tenant === tenantId ? client : undefined);
  let syncs = 0;
  const scheduler = new SyncScheduler({
    ledger,
    clientFor: () => client,
    now: clock.now,
    newSyncId: () => `sync-${++syncs}`,
  });
  scheduler.register(tenantId);

  // Readers' positions and parked streams live beside the log, as durable as it is (R24).
  const { checkpoints, parked } = storage;
  const { onAlert, ...deliveryCallbacks } = callbacks;
  const { delivery, deliver } = demoDelivery(ledger, clientFor, storage, clock, deliveryCallbacks);

  const resumer = new InstallResumer(ledger, storage.store, checkpoints, {
    parked,
    states: storage.workflowStates,
  });
  const resumeWaitingInstalls = async (): Promise<ResumedInstall[]> =>
    (await resumer.run()).map(({ request, outcome }) => ({ userId: request.userId, outcome }));

  const licensing = new LicensingReactor(ledger, storage.store, checkpoints, { parked });
  const health = new HealthReactor(ledger, storage.store, checkpoints, { parked, onAlert });
  const react = async (): Promise<void> => {
    await licensing.run();
    // The health reactor records a crossing, then alerts when it reads that record back: a second run sees it.
    await health.run();
    await health.run();
  };

  const endpoints: NotificationEndpoint[] = [];
  const listenForNotifications = async (): Promise<NotificationEndpoint> => {
    const authToken = randomBytes(24).toString("base64url");
    const handle = createNotificationHandler({
      authToken,
      ...ledgerNotificationHandlers(ledger, tenantId, { client, now: clock.now, delivery }),
      onError: (error) => console.error("notification callback failed:", error),
    });
    const endpoint = await listenForAppleNotifications(handle);
    endpoints.push(endpoint);
    await client.configureNotifications({
      url: endpoint.url,
      authToken,
      types: ["ASSET_MANAGEMENT", "ASSET_COUNT", "USER_ASSOCIATED", "USER_MANAGEMENT"],
    });
    return endpoint;
  };

  return {
    storage,
    readModels,
    readModelFeed,
    ledger,
    vault,
    vaultRecords,
    client,
    scheduler,
    delivery,
    deliver,
    resumeWaitingInstalls,
    react,
    listenForNotifications,
    close: async () => {
      await scheduler.stop({ abort: true });
      delivery.close();
      for (const endpoint of endpoints) await endpoint.close();
      await readModelFeed.stop();
      await readModels.close();
      await storage.close();
      await pglite.close();
    },
  };
};
