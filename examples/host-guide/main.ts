/**
 * What a host MDM calls, in order: the code of docs/host-guide.md (its snippets are copied from the regions
 * below by `npm run docs:snippets`, and a test fails when they differ). Runs on embedded defaults: PGlite in
 * memory and the Apple simulator on 127.0.0.1. `pnpm tsx --conditions=source examples/host-guide/main.ts`.
 */

import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { startAppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  appleAccountId,
  createAppleClient,
  EncryptedTokenVault,
  InMemoryByteStore,
  linkAccount,
  SyncScheduler,
} from "@vpp-ledger/apple-sync";
import {
  createVppLedger,
  InstallResumer,
  LiveProcessor,
  LogProcessor,
  requestInstall,
} from "@vpp-ledger/core";
import { createPgliteEventStore } from "@vpp-ledger/eventstore-postgres";
import { LicenseAudit, project } from "@vpp-ledger/projections";
import { createPgliteReadModels } from "@vpp-ledger/projections-postgres";
import * as E from "fp-ts/lib/Either.js";

const must = <A>(outcome: E.Either<{ readonly code: string; readonly message: string }, A>): A => {
  if (E.isLeft(outcome)) throw new Error(`${outcome.left.code}: ${outcome.left.message}`);
  return outcome.right;
};
const sim = await startAppleSimulator();
const location = sim.addLocation({ orgName: "ACME", locationName: "HQ", expiresAt: "2030-01-01T00:00:00Z" });
location.addAsset({ adamId: "361309726", totalCount: 2 });
const tokenFile = location.vppTokenFile();
const kmsKey = randomBytes(32);
const now = () => new Date().toISOString();

// #region create-ledger
// One embedded PostgreSQL (PGlite) holds the log, snapshots, checkpoints and the console's read models.
// On a server: createPostgresEventStore({ connectionString }) and createPostgresReadModels({ pool }).
const pglite = await PGlite.create();
const storage = await createPgliteEventStore({ pglite });
const ledger = createVppLedger({ store: storage.store, snapshots: storage.snapshots });
// #endregion create-ledger

try {
  // #region link
  // The token file's secret goes only into the vault (sealed with your KMS key); events keep a fingerprint.
  const vault = new EncryptedTokenVault({
    store: new InMemoryByteStore(), // a durable ByteStore in production
    currentKey: { id: "kms-key-1", key: kmsKey },
  });
  must(
    await linkAccount(
      { ledger, vault },
      {
        tenantId: "acme",
        tokenFile,
        tokenName: "ACME VPP",
        appleId: "it@acme.example",
        acknowledgedSingleAccount: true, // R2: one Apple account per tenant, for good
        at: now(),
      },
      { commandId: "link-1", actor: { kind: "admin", id: "it-admin" } },
    ),
  );
  // #endregion link

  // #region sync
  // Twice a day by itself (`scheduler.start()`), or now, on demand (R7).
  const client = createAppleClient({
    vault,
    accountId: appleAccountId("acme"),
    baseUrl: sim.baseUrl, // Apple's by default
    mdmInfo: { id: "acme-mdm", name: "ACME MDM", metadata: "mdm.acme.example" }, // claims the location (R6)
  });
  const scheduler = new SyncScheduler({
    ledger,
    clientFor: () => client,
    now,
    newSyncId: () => `sync-${randomBytes(4).toString("hex")}`,
  });
  scheduler.register("acme");
  const synced = must(await scheduler.syncNow("acme", { actor: { kind: "admin", id: "it-admin" } }));
  // #endregion sync
  if (synced.status === "failed") throw new Error(`sync failed: ${synced.failure.code}`);
  console.log(`synced: ${synced.report.apps} apps`);

  // #region deploy
  must(
    await ledger.license(
      "acme",
      "361309726",
      { type: "DeployApp", data: { action: "required", at: now() } },
      { commandId: "deploy-pages-1", actor: { kind: "admin", id: "it-admin" } },
    ),
  );
  // #endregion deploy

  // #region request-install
  // A device checks in and wants the app: the ledger invites the user first (R15), or assigns a license (R12).
  const install = must(
    await requestInstall(
      ledger,
      { tenantId: "acme", adamId: "361309726", userId: "alice", at: now() },
      { commandId: "checkin-7781", actor: { kind: "device", id: "alice-ipad" } },
    ),
  );
  // #endregion request-install
  console.log(`install for alice: ${install.status}`);

  // #region resume-installs
  // When alice accepts Apple's terms (a notification or a sync records TermsAccepted), her waiting installs resume.
  const resumer = new InstallResumer(ledger, storage.store, storage.checkpoints, {
    parked: storage.parked,
    states: storage.workflowStates,
  });
  const resumerFeed = new LiveProcessor(resumer.processor, { wakeup: storage.wakeup });
  resumerFeed.start();
  // #endregion resume-installs
  must(
    await ledger.account(
      "acme",
      { type: "AcceptTerms", data: { userId: "alice", at: now() } },
      { commandId: "terms-alice", actor: { kind: "apple-sync" } },
    ),
  );

  // #region read-models
  // The console's pages: durable tables fed exactly once by a live processor, queried with paging.
  const readModels = await createPgliteReadModels({ pglite });
  const consoleFeed = new LiveProcessor(
    new LogProcessor(readModels.feed({ name: "console", store: storage.store, parked: storage.parked })),
    { wakeup: storage.wakeup },
  );
  consoleFeed.start();
  // #endregion read-models
  while ((await consoleFeed.lag()).events !== 0n || resumer.waiting > 0) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // #region query
  // Serving a page of the console: keyset paging, pass `page.next` as `after` for the next one.
  const page = await readModels.queries.purchasedApps("acme", { limit: 50 });
  const installs = await readModels.queries.installs("acme", { state: "installed", limit: 100 });
  const holders = await readModels.queries.holdersAt("acme", "361309726", now()); // R18, no replay
  // #endregion query
  const pages = page.items.find((app) => app.adamId === "361309726");
  console.log(
    `apps: ${page.items.length}; Pages assigned ${pages?.assigned}; installed ${installs.items.length}; holders ${holders.join(", ")}`,
  );

  // #region audit
  // An auditor replays the whole log (R19); `vpp-ledger audit --store …` does the same from a shell.
  const audit = new LicenseAudit();
  await project(storage.store, [audit]);
  const finding = audit.report().firstViolation;
  // #endregion audit
  console.log(`audit: ${finding ? `violation of ${finding.rule}` : "R13 and R16 hold at every event"}`);

  await resumerFeed.stop();
  await consoleFeed.stop();
  await readModels.close();
} finally {
  await storage.close();
  await pglite.close();
  await sim.close();
}
