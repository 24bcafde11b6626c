/**
 * The whole product on embedded defaults: the ledger on PGlite (in memory), Apple played by the simulator on
 * 127.0.0.1, the sync, the batched Apple delivery, Apple's notifications over HTTP, the licensing and health
 * reactors, user- and device-licensed deployments, and the read models.
 * Run it with `npm run demo` (or `pnpm tsx --conditions=source examples/full-demo/main.ts`).
 */
import { isOverAllocated, requestInstall } from "@vpp-ledger/core";
import { APPS, appleCounts, OTHER_MDM, startAppleSide } from "./apple-side.js";
import { demoClock } from "./demo-clock.js";
import { deviceLicensingStep } from "./device-step.js";
import { startHost } from "./host.js";
import { linkStep } from "./link-step.js";
import { appleLine, ledgerLine } from "./pool-lines.js";
import { printReadModels } from "./read-models.js";
import { printSync, tokenInLog } from "./story-checks.js";
import { ADMIN, by, describeDelivery, describeInstall, must, say, storyCallbacks } from "./story-kit.js";

const TENANT = "lycee-voltaire";
const PAGES = APPS.pages.adamId;
const USERS = ["alice", "bob", "carol"] as const;
const device = (user: string) => ({ kind: "device", id: `${user}-ipad` }) as const;
const appNames = new Map<string, string>(Object.values(APPS).map((app) => [app.adamId, app.name]));

const started = Date.now();
const clock = demoClock("2026-11-25T09:00:00Z");
const apple = await startAppleSide(clock);
const { sim, loc } = apple;
const story = storyCallbacks(appNames);
const host = await startHost(TENANT, apple, clock, story.callbacks).catch(async (error: unknown) => {
  await sim.close(); // or its server would keep the process alive
  throw error;
});
const { ledger, scheduler } = host;
const install = async (user: string) =>
  describeInstall(
    must(
      await requestInstall(
        ledger,
        { tenantId: TENANT, adamId: PAGES, userId: user, at: clock.now() },
        by(device(user)),
      ),
    ),
  );
const pagesAtApple = () => appleLine(loc, PAGES);
const pagesInLedger = () => ledgerLine(ledger, TENANT, PAGES);

try {
  say(`0. Embedded defaults: event store on PGlite (in memory), Apple simulator at ${sim.baseUrl}`);
  say("1. Apple: the school's location holds Pages (2 licenses), Keynote (5), Numbers (10) and a free app;");
  say("   another MDM created a user there and gave it a Keynote license.");

  const tokenForms = await linkStep(TENANT, { host, apple, clock });

  clock.set("2026-11-25T09:05:00Z");
  say("3. Sync now (R7): purchased counts imported (R11), the other MDM's records ignored (R9).");
  printSync(must(await scheduler.syncNow(TENANT, { actor: ADMIN })));
  for (const adamId of Object.values(APPS).map((app) => app.adamId)) {
    const pool = (await ledger.loadLicense(TENANT, adamId)).state;
    const atApple = appleCounts(loc, adamId);
    say(
      `   ${appNames.get(adamId)}: ${pool.purchased} purchased (Apple: ${atApple.total}, ${atApple.assigned} assigned)`,
    );
  }
  say(`   Apple location managed by: ${loc.state().mdmInfo?.name} (R6)`);
  const endpoint = await host.listenForNotifications();
  say(`   Apple's notifications now arrive at ${endpoint.url}`);

  clock.set("2026-11-25T09:10:00Z");
  say("4. The admin deploys Pages as a required install (R12).");
  must(
    await ledger.license(
      TENANT,
      PAGES,
      { type: "DeployApp", data: { action: "required", at: clock.now() } },
      by(),
    ),
  );

  clock.set("2026-11-25T10:00:00Z");
  say("5. Three users' iPads try to install Pages: each is invited to the VPP program first (R15).");
  for (const user of USERS) say(`   ${user}: ${await install(user)}`);
  const invited = await host.deliver();
  say(`   outbound: ${invited.delivered} users created at Apple ${describeDelivery(invited)}`);

  clock.set("2026-11-25T10:30:00Z");
  say("6. They accept the invitation at Apple; USER_ASSOCIATED notifications record it, before any sync.");
  for (const user of USERS) loc.acceptInvitation(user);
  await sim.settle();
  const terms = (await ledger.loadAccount(TENANT)).state.users;
  say(`   terms: ${USERS.map((user) => `${user} ${terms.get(user)}`).join(", ")}`);
  for (const { userId, outcome } of await host.resumeWaitingInstalls())
    say(`   resumed install for ${userId}: ${describeInstall(must(outcome))}`);
  const associated = await host.deliver();
  await sim.settle();
  say(`   outbound: ${associated.delivered} associations at Apple ${describeDelivery(associated)}`);
  await host.react();
  clock.set("2026-11-25T11:00:00Z");
  printSync(must(await scheduler.syncNow(TENANT, { actor: ADMIN })));
  say(`   Pages at Apple: ${pagesAtApple()}; in the ledger: ${await pagesInLedger()}`);

  clock.set("2026-11-25T12:00:00Z");
  say("7. Alice re-installs Pages on her iPad: nothing more is consumed (R13).");
  say(`   alice: ${await install("alice")}; Pages at Apple: ${pagesAtApple()}`);

  clock.set("2026-11-26T08:00:00Z");
  say(
    "8. The admin switches Pages to Uninstall; a license comes back only once the device reports it (R14).",
  );
  must(
    await ledger.license(
      TENANT,
      PAGES,
      { type: "DeployApp", data: { action: "uninstall", at: clock.now() } },
      by(),
    ),
  );
  say(`   right after the switch: ${await pagesInLedger()}`);
  clock.set("2026-11-26T09:00:00Z");
  must(
    await ledger.license(
      TENANT,
      PAGES,
      { type: "ReclaimLicense", data: { userId: "bob", reason: "app-uninstalled", at: clock.now() } },
      by(device("bob")),
    ),
  );
  const reclaimed = await host.deliver();
  await sim.settle();
  say(`   bob's iPad reported Pages removed: ledger ${await pagesInLedger()}`);
  say(`   outbound: ${reclaimed.delivered} disassociation; Pages at Apple: ${pagesAtApple()}`);
  await host.react();

  clock.set("2026-11-26T10:00:00Z");
  say("9. Apple refunds both Pages licenses; the ASSET_COUNT notification brings the exact count (R16).");
  loc.setTotalCount(PAGES, 0);
  await sim.settle();
  const refunded = (await ledger.loadLicense(TENANT, PAGES)).state;
  say(
    `   ledger: ${await pagesInLedger()}; over-allocated: ${isOverAllocated(refunded) ? "yes, reported until reclaimed" : "no"}`,
  );
  await host.react();

  await deviceLicensingStep({
    tenantId: TENANT,
    host,
    apple,
    clock,
    confirmedDevices: story.confirmedDevices,
  });

  clock.set("2026-11-26T11:00:00Z");
  say("11. Another MDM claims the location; the next sync checks ownership first and stops (R6, R8).");
  loc.setMdmInfo(OTHER_MDM);
  sim.clearLogs();
  printSync(must(await scheduler.syncNow(TENANT, { actor: ADMIN })));
  say(`   Apple calls made by that sync: ${sim.requests.map((r) => `${r.method} ${r.path}`).join(", ")}`);
  const claimed = (await ledger.loadAccount(TENANT)).state.claimedBy;
  say(`   recorded: location held by ${claimed?.mdmName} (${claimed?.mdmId}) since ${claimed?.at}`);

  clock.set("2026-11-26T12:00:00Z");
  say("12. The console's read models (durable, following the log live), checked against a full replay:");
  await printReadModels(
    { store: host.storage.store, readModels: host.readModels, feed: host.readModelFeed },
    {
      tenantId: TENANT,
      at: clock.now(),
      appNames,
      holdersOf: [
        { adamId: PAGES, instants: ["2026-11-25T12:00:00.000Z", "2026-11-26T12:00:00.000Z"] },
        { adamId: APPS.numbers.adamId, instants: ["2026-11-26T10:35:00.000Z", "2026-11-26T12:00:00.000Z"] },
      ],
    },
  );

  say("13. The token in the event log (data and metadata of every event):");
  say(`   ${await tokenInLog(host.storage.store, tokenForms)}`);
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await sim.close();
  await host.close();
}
