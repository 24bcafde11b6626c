/**
 * Quickstart: a host MDM walks through the seed story with the core and an in-memory event store.
 * Run it with `npm run demo` (or `pnpm tsx --conditions=source examples/quickstart/main.ts`).
 */
import {
  createVppLedger,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemorySnapshotStore,
  type InstallOutcome,
  InstallResumer,
  requestInstall,
} from "@vpp-ledger/core";
import { makeVppToken } from "@vpp-ledger/core/testing";
import {
  AccountOverview,
  InstallMonitor,
  LicenseAudit,
  LicenseHistory,
  PurchasedApps,
  project,
} from "@vpp-ledger/projections";
import * as E from "fp-ts/lib/Either.js";

const say = (line: string) => console.log(line);
const tenant = "acme";
const pages = "361309726"; // an App Store adamId
const admin = { kind: "admin", id: "admin-42" } as const;
let commandNo = 0;
const cmd = (
  actor: { kind: "admin" | "device" | "apple-sync" | "schedule" | "system"; id?: string } = admin,
) => ({
  commandId: `quickstart-${++commandNo}`,
  actor,
});
const must = <A>(outcome: E.Either<{ code: string; message: string }, A>): A => {
  if (E.isLeft(outcome)) throw new Error(`${outcome.left.code}: ${outcome.left.message}`);
  return outcome.right;
};
const describeInstall = (outcome: InstallOutcome): string =>
  outcome.status === "failed" ? `failed (${outcome.reason.code}: ${outcome.reason.message})` : outcome.status;

const store = new InMemoryEventStore();
const ledger = createVppLedger({ store, snapshots: new InMemorySnapshotStore(), snapshotEvery: 50 });

say("1. The admin uploads the Apple VPP token and acknowledges the account can never be switched (R1-R3).");
const token = makeVppToken({
  orgName: "ACME Corp",
  expDate: "2027-11-20T10:00:00+0000",
  token: "never-printed",
});
const refused = await ledger.account(
  tenant,
  {
    type: "UploadToken",
    data: {
      token,
      tokenName: "ACME main",
      appleId: "it@acme.test",
      acknowledgedSingleAccount: false,
      at: "2026-11-25T09:00:00Z",
    },
  },
  cmd(),
);
say(`   without the acknowledgement: ${E.isLeft(refused) ? refused.left.code : "accepted?!"}`);
must(
  await ledger.account(
    tenant,
    {
      type: "UploadToken",
      data: {
        token,
        tokenName: "ACME main",
        appleId: "it@acme.test",
        acknowledgedSingleAccount: true,
        at: "2026-11-25T09:01:00Z",
      },
    },
    cmd(),
  ),
);

say("2. A sync imports the purchased count: 2 licenses of Pages (R7, R11).");
must(
  await ledger.account(
    tenant,
    { type: "RequestSync", data: { syncId: "sync-1", trigger: "manual", at: "2026-11-25T09:02:00Z" } },
    cmd(),
  ),
);
const busy = await ledger.account(
  tenant,
  { type: "RequestSync", data: { syncId: "sync-2", trigger: "schedule", at: "2026-11-25T09:02:30Z" } },
  cmd({ kind: "schedule" }),
);
say(`   a second sync while the first runs: ${E.isLeft(busy) ? busy.left.code : "started?!"}`);
must(
  await ledger.license(
    tenant,
    pages,
    { type: "SyncPurchasedCount", data: { purchased: 2, at: "2026-11-25T09:03:00Z" } },
    cmd({ kind: "apple-sync", id: "sync-1" }),
  ),
);
must(
  await ledger.account(
    tenant,
    {
      type: "CompleteSync",
      data: {
        syncId: "sync-1",
        at: "2026-11-25T09:03:00Z",
        report: {
          apps: 1,
          users: 0,
          assignments: 0,
          ignoredForeignUsers: 0,
          ignoredForeignAssignments: 0,
          drift: 0,
          changes: 1,
        },
      },
    },
    cmd({ kind: "apple-sync", id: "sync-1" }),
  ),
);

say("3. The admin deploys Pages as a required install (R12).");
must(
  await ledger.license(
    tenant,
    pages,
    { type: "DeployApp", data: { action: "required", at: "2026-11-25T09:05:00Z" } },
    cmd(),
  ),
);

say("4. Three users' devices try to install: each is first invited to the VPP program (R15).");
for (const user of ["alice", "bob", "carol"]) {
  const outcome = must(
    await requestInstall(
      ledger,
      { tenantId: tenant, adamId: pages, userId: user, at: "2026-11-25T10:00:00Z" },
      cmd({ kind: "device", id: `${user}-iphone` }),
    ),
  );
  say(`   ${user}: ${describeInstall(outcome)}`);
}

say("5. They accept the invitation; waiting installs resume and consume one license each (R12, R16).");
const resumer = new InstallResumer(ledger, store, new InMemoryCheckpointStore());
const react = async () => {
  for (const { request, outcome } of await resumer.run())
    say(`   resumed install for ${request.userId}: ${describeInstall(must(outcome))}`);
};
await react();
for (const [user, minute] of [
  ["alice", 10],
  ["bob", 20],
  ["carol", 30],
] as const) {
  must(
    await ledger.account(
      tenant,
      { type: "AcceptTerms", data: { userId: user, at: `2026-11-25T11:${minute}:00Z` } },
      cmd({ kind: "apple-sync" }),
    ),
  );
  say(`   ${user} accepted the terms`);
  await react();
}

say("6. Alice re-installs: nothing more is consumed (R13).");
say(
  `   alice: ${describeInstall(must(await requestInstall(ledger, { tenantId: tenant, adamId: pages, userId: "alice", at: "2026-11-25T12:00:00Z" }, cmd({ kind: "device", id: "alice-ipad" }))))}`,
);

say(
  "7. The admin switches Pages to Uninstall; Bob's device reports it removed, and only then is his license reclaimed (R14).",
);
must(
  await ledger.license(
    tenant,
    pages,
    { type: "DeployApp", data: { action: "uninstall", at: "2026-11-26T08:00:00Z" } },
    cmd(),
  ),
);
say(
  `   holders right after the switch: ${[...(await ledger.loadLicense(tenant, pages)).state.holders.keys()].join(", ")}`,
);
must(
  await ledger.license(
    tenant,
    pages,
    {
      type: "ReclaimLicense",
      data: { userId: "bob", reason: "app-uninstalled", at: "2026-11-26T09:00:00Z" },
    },
    cmd({ kind: "device", id: "bob-iphone" }),
  ),
);

say("8. Read models rebuilt from the log (R4, R11, R17, R18, R19):");
const overview = new AccountOverview();
const apps = new PurchasedApps();
const monitor = new InstallMonitor();
const history = new LicenseHistory();
const audit = new LicenseAudit();
const { events } = await project(store, [overview, apps, monitor, history, audit]);
const account = overview.get(tenant, "2026-11-26T10:00:00Z");
say(
  `   account: ${account?.tokenName} (${account?.orgName}), Apple ID ${account?.appleId}, expires ${account?.expiresAt}, last sync ${account?.lastSuccessfulSyncAt}, status ${account?.status}`,
);
for (const app of apps.list(tenant))
  say(
    `   app ${app.adamId}: purchased ${app.purchased}, assigned ${app.assigned}, available ${app.available}, deployment ${app.deployment}`,
  );
for (const row of monitor.installs(tenant))
  say(
    `   install ${row.userId}: ${row.state}${row.failure ? ` (${row.failure.code})` : ""}, terms ${row.terms}`,
  );
say(
  `   who held a Pages license on 2026-11-25T12:00Z: ${history.holdersAt(tenant, pages, "2026-11-25T12:00:00Z").join(", ")}`,
);
say(
  `   ... and on 2026-11-26T10:00Z: ${history.holdersAt(tenant, pages, "2026-11-26T10:00:00Z").join(", ")}`,
);
const report = audit.report();
say(
  `   audit of ${events} events: ${report.firstViolation ? `VIOLATION ${report.firstViolation.rule}` : "R13 and R16 hold at every event"}`,
);
let leaked = false;
for await (const recorded of store.readAll()) leaked ||= JSON.stringify(recorded.data).includes(token);
say(`   the token appears in the log: ${leaked ? "YES (bug)" : "no, only its fingerprint"}`);
