import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgliteEventStore } from "@vpp-ledger/eventstore-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliOnTerminal } from "./support/run-cli.js";
import { SEED, seedAll, seedDevice } from "./support/seed.js";

// Each run opens PGlite in a child process: seconds on a loaded machine.
const SLOW = 90_000;
const clean = `vpp-license:${SEED.tenant}:${SEED.cleanApp}`;
const over = `vpp-license:${SEED.tenant}:${SEED.overApp}`;
const broken = `vpp-license:${SEED.tenant}:${SEED.brokenApp}`;

describe("vpp-ledger on a PGlite directory (the real binary in a child process)", () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "vpp-cli-"));
    dir = join(root, "ledger");
    const storage = await createPgliteEventStore({ dataDir: dir });
    await seedAll(storage.store);
    await seedDevice(storage.store);
    await storage.close();
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("R19: audit names the first violation (rule, stream, version) and the unreadable stream, exit 1", {
    timeout: SLOW,
  }, async () => {
    const run = await runCli(["audit", "--store", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/audited 12 events .* events\/s/);
    expect(run.stdout).toMatch(new RegExp(`R16\\s*│\\s*${over}\\s*│\\s*3\\s*│\\s*8\\b`));
    expect(run.stdout).toMatch(new RegExp(`R24\\s*│\\s*${broken}\\s*│\\s*2\\b`));
  });

  it("R19: on a terminal, audit draws a progress bar with events/s and an ETA, then prints its rate", {
    timeout: SLOW,
  }, async () => {
    const run = await runCliOnTerminal(["audit", "--store", dir, "--app", SEED.cleanApp]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/audit \[=+\] 100% \| 12 events \| \d+ events\/s \| ETA \d+s/);
    expect(run.stdout).toMatch(/audited 12 events \(5 in scope, 1 pools\) .*: \d+ events\/s/);
  });

  it("R19: audit of one clean app as JSON is clean, exit 0", { timeout: SLOW }, async () => {
    const run = await runCli(["audit", "--store", dir, "--app", SEED.cleanApp, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      clean: true,
      eventsRead: 12,
      eventsChecked: 5,
      pools: 1,
      violation: null,
    });
  });

  it("R19: audit --until a position before the violation is clean, and --at an instant before it too", {
    timeout: SLOW,
  }, async () => {
    const until = await runCli(["audit", "--store", dir, "--until", "7", "--format", "csv"]);
    expect(until.code).toBe(0);
    expect(until.stdout.trim()).toBe("rule,stream,version,position,tenant,app,user,actor,message");
    const at = await runCli(["audit", "--store", dir, "--at", "2026-04-02T12:00:00Z", "--format", "json"]);
    expect(at.code).toBe(0);
    expect(JSON.parse(at.stdout)).toMatchObject({
      clean: true,
      violation: null,
      unreadable: [],
      eventsChecked: 7,
    });
  });

  it("R18: who-held answers the holders at an instant from the pool's stream", {
    timeout: SLOW,
  }, async () => {
    const run = await runCli([
      "who-held",
      "--store",
      dir,
      "--tenant",
      SEED.tenant,
      "--app",
      SEED.cleanApp,
      "--at",
      "2026-03-05T00:00:00Z",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ holder: string; kind: string; until: string | null }>;
    expect(rows.map((row) => [row.holder, row.kind])).toEqual([
      ["u1", "user"],
      ["u2", "user"],
    ]);
    expect(rows[0]?.until).toBe("2026-03-10T09:00:00Z");
  });

  it("R18: history of one user across the tenant's apps, as CSV", { timeout: SLOW }, async () => {
    const run = await runCli([
      "history",
      "--store",
      dir,
      "--tenant",
      SEED.tenant,
      "--user",
      "u1",
      "--format",
      "csv",
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "app,holder,kind,from,until,reason,assigned_version,assigned_position,assigned_by,reclaimed_version,reclaimed_by",
    );
    expect(lines.slice(1)).toEqual([
      `${SEED.cleanApp},u1,user,2026-03-02T09:00:00Z,2026-03-10T09:00:00Z,app-uninstalled,2,2,admin:admin-1,4,admin:admin-1`,
      `${SEED.overApp},u1,user,2026-04-02T09:00:00Z,,,2,7,admin:admin-1,,`,
    ]);
  });

  it("R18 R20: history of a device and who-held name device licenses with their serial number", {
    timeout: SLOW,
  }, async () => {
    const history = await runCli([
      "history",
      "--store",
      dir,
      "--tenant",
      SEED.tenant,
      "--device",
      SEED.serial,
      "--format",
      "json",
    ]);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toEqual([
      expect.objectContaining({
        app: SEED.deviceApp,
        holder: SEED.serial,
        kind: "device",
        until: null,
        assigned_position: "12",
      }),
    ]);
    const held = await runCli([
      "who-held",
      "--store",
      dir,
      "--tenant",
      SEED.tenant,
      "--app",
      SEED.deviceApp,
      "--at",
      "2026-07-01T00:00:00Z",
      "--format",
      "csv",
    ]);
    expect(held.code).toBe(0);
    expect(held.stdout.trim().split("\n")[1]).toBe(
      `${SEED.deviceApp},${SEED.serial},device,2026-06-02T09:00:00Z,,,2,12,admin:admin-1,,`,
    );
  });

  it("streams inspect prints each event decoded on one line; an undecodable one is named, exit 1", {
    timeout: SLOW,
  }, async () => {
    const good = await runCli(["streams", "inspect", clean, "--store", dir]);
    expect(good.code).toBe(0);
    const lines = good.stdout.trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      'v2 @2 2026-03-02T09:00:00Z LicenseAssigned by admin:admin-1 {"at":"2026-03-02T09:00:00Z","userId":"u1"}',
    );
    const bad = await runCli(["streams", "inspect", broken, "--store", dir, "--format", "json"]);
    expect(bad.code).toBe(1);
    const events = bad.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ version: "1", position: "9", type: "PurchasedCountSynced" });
    expect(events[1]).toMatchObject({ version: "2", type: "LicenseAssigned" });
    expect(String(events[1]?.error)).toMatch(/corrupt-event/);
  });

  it("migrate creates a new store; read-models status and rebuild work on it", {
    timeout: SLOW * 2,
  }, async () => {
    const fresh = join(root, "fresh");
    const migrated = await runCli(["migrate", "--store", fresh]);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/event store schema "vpp_ledger": migration 0 → \d+ \(applied 1, /);
    expect(migrated.stdout).toMatch(/read models schema "vpp_read_models": migration \d+ \(current\)/);
    const rebuilt = await runCli(["read-models", "rebuild", "--store", fresh, "--processor", "console"]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/rebuilt generation 2 \(was 1\): 0 events/);
    const status = await runCli(["read-models", "status", "--store", fresh, "--format", "json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ serving: 2, head: "0", parked: [] });
  });
});
