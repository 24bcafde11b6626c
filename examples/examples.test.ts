import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

/** When an example's process is killed (a failure that carries the example's output). */
const RUN_TIMEOUT_MS = 120_000;
/**
 * The full demo opens PGlite in its own process (initdb: 2-10 s idle, 25-42 s on a loaded 2-core machine)
 * before seconds of work, and no hook can take that open off the test: so it gets an open's budget (as
 * PGLITE_OPEN_TIMEOUT_MS in packages/eventstore-postgres/test/support/pglite.ts) plus the default test
 * timeout for the work. The test's own deadline sits just above, so a hung demo is killed and reported with
 * its output rather than cut off by vitest.
 */
const PGLITE_OPEN_TIMEOUT_MS = 120_000;
const FULL_DEMO_TIMEOUT_MS = PGLITE_OPEN_TIMEOUT_MS + 30_000;

const runExample = (path: string, timeout = RUN_TIMEOUT_MS) =>
  run(tsx, ["--conditions=source", path], {
    cwd: root,
    timeout,
    env: { ...process.env, NO_COLOR: "1" },
  });

describe("examples run in CI", () => {
  it("quickstart walks the seed story and keeps R13/R16 and the token secret", async () => {
    const { stdout } = await runExample("examples/quickstart/main.ts");
    expect(stdout).toContain("carol: awaiting-terms");
    expect(stdout).toContain("resumed install for carol: failed (no-license-available");
    expect(stdout).toContain("alice: already-assigned");
    expect(stdout).toContain("holders right after the switch: alice, bob");
    expect(stdout).toContain("R13 and R16 hold at every event");
    expect(stdout).toContain("the token appears in the log: no");
  });

  it("full demo runs the product end to end on PGlite and the Apple simulator (R4, R6, R9, R11-R23)", {
    timeout: FULL_DEMO_TIMEOUT_MS + 10_000,
  }, async () => {
    const { stdout, stderr } = await runExample("examples/full-demo/main.ts", FULL_DEMO_TIMEOUT_MS);
    expect(stderr).toBe("");
    expect(stdout).toContain("without the acknowledgement: acknowledgement-required; vault: empty");
    expect(stdout).toContain("token readable in it: no");
    expect(stdout).toMatch(/sync-1: apps 4, .*ignored foreign users 1 and assignments 1, drift 0/);
    expect(stdout).toContain("Swift Playgrounds (free): 2147483647 purchased (Apple: 2147483647");
    expect(stdout).toMatch(/invitation link for carol: https:\/\/\S+inviteCode=\w+/);
    expect(stdout).toContain("terms: alice accepted, bob accepted, carol accepted");
    expect(stdout).toContain("resumed install for bob: assigned");
    expect(stdout).toContain("resumed install for carol: failed (no-license-available");
    // Batched delivery: one request per kind of change, settled by Apple's notifications before any status poll.
    expect(stdout).toContain(
      "outbound: 3 users created at Apple in 1 request, settled by Apple's notifications",
    );
    expect(stdout).toContain(
      "outbound: 2 associations at Apple in 1 request, settled by Apple's notifications",
    );
    expect(stdout).toContain("health alert (R23): Pages use exhausted (was normal): 2 of 2 assigned");
    expect(stdout).toContain("Pages at Apple: 2 assigned of 2; in the ledger: 2 held of 2 (alice, bob)");
    expect(stdout).toContain("alice: already-assigned; Pages at Apple: 2 assigned of 2");
    expect(stdout).toContain("right after the switch: 2 held of 2 (alice, bob)");
    expect(stdout).toContain("outbound: 1 disassociation; Pages at Apple: 1 assigned of 2");
    expect(stdout).toContain("ledger: 1 held of 0 (alice); over-allocated: yes");
    expect(stdout).toContain("sync-4: failed (location-claimed)");
    expect(stdout).toContain("Apple calls made by that sync: GET client/config\n");
    expect(stdout).toContain("status claimed-by-other-mdm (by Other MDM)");
    expect(stdout).toContain("Pages: purchased 0, assigned 1, available 0, OVER-ALLOCATED by 1");
    expect(stdout).toContain("installs failed (R17): carol (no-license-available) on Pages");
    expect(stdout).toContain("held at 2026-11-25T12:00:00.000Z (R18): alice, bob");
    expect(stdout).toContain("held at 2026-11-26T12:00:00.000Z (R18): alice");
    expect(stdout).toContain("R13 and R16 hold at every event");
    // R20-R23: the device-licensed deployment beside the user-licensed one.
    expect(stdout).toContain("ALICE-IPAD takes alice's license (MoveLicenseToDevice, R21): assigned");
    expect(stdout).toMatch(/the cart's iPads CART-IPAD-01, (CART-IPAD-0\d, ){6}CART-IPAD-08: assigned\n/);
    expect(stdout).toContain("CART-IPAD-01 checks in again (R13): already-assigned");
    expect(stdout).toContain("HALL-APPLETV (tvOS): refused (platform-not-supported");
    expect(stdout).toContain("outbound: 10 changes at Apple");
    expect(stdout).toContain("Apple confirmed 9 devices' licenses");
    expect(stdout).toContain(
      "Numbers at Apple: 9 assigned of 10: users none; serial numbers ALICE-IPAD, CART-IPAD-01",
    );
    expect(stdout).toContain("Numbers in the ledger: 9 held of 10 (ALICE-IPAD, CART-IPAD-01");
    expect(stdout).toContain(
      "health alert (R23): Numbers use threshold (was normal): 9 of 10 assigned, threshold 90%",
    );
    expect(stdout).toContain("CART-IPAD-08: license reclaimed; Numbers in the ledger: 8 held of 10");
    expect(stdout).toContain("outbound: 1 disassociation at Apple");
    expect(stdout).toContain("disassociations Apple has not confirmed (drift): none");
    // R9: the registered lab Mac's Apple-only license is imported, with no call to Apple, and is not drift.
    expect(stdout).toMatch(/sync-3: apps 4, .*, drift 0, changes 1, imported devices 1\n/);
    expect(stdout).toMatch(/Numbers in the ledger: 9 held of 10 \([^\n]*LAB-MAC-01\)\n/);
    expect(stdout).toContain("outbound: 0 changes at Apple (the import asks nothing of Apple)");
    expect(stdout).toMatch(
      /Numbers at Apple: 8 assigned of 10: users none; serial numbers [^\n]*CART-IPAD-07\n/,
    );
    expect(stdout).toContain(
      "Numbers: purchased 10, assigned 9 (9 to devices), available 1, deployment required to devices",
    );
    expect(stdout).toMatch(
      /Numbers licenses held at 2026-11-26T10:35:00.000Z \(R18\): devices ALICE-IPAD, [^\n]*CART-IPAD-08\n/,
    );
    expect(stdout).toMatch(
      /Numbers licenses held at 2026-11-26T12:00:00.000Z \(R18\): devices ALICE-IPAD, [^\n]*CART-IPAD-07, LAB-MAC-01\n/,
    );
    expect(stdout).toMatch(/durable read models at log position \d+, live/);
    expect(stdout).toMatch(
      /a full in-memory replay of \d+ events \(the auditor's view\) gives the same pages/,
    );
    expect(stdout).toMatch(/appears in none of the \d+ events: no/);
  });

  it("host guide makes the calls of docs/host-guide.md in order on PGlite and the simulator (R12, R15, R18, R19)", {
    timeout: FULL_DEMO_TIMEOUT_MS + 10_000,
  }, async () => {
    const { stdout, stderr } = await runExample("examples/host-guide/main.ts", FULL_DEMO_TIMEOUT_MS);
    expect(stderr).toBe("");
    expect(stdout).toContain("synced: 1 apps");
    expect(stdout).toContain("install for alice: awaiting-terms");
    expect(stdout).toContain("apps: 1; Pages assigned 1; installed 0; holders alice");
    expect(stdout).toContain("audit: R13 and R16 hold at every event");
  });
});
