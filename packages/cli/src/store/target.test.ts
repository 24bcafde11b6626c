import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "../errors.js";
import { resolveStoreTarget } from "./target.js";

describe("--store", () => {
  it("tells a server, an EventStoreDB cluster and a PGlite directory apart", () => {
    expect(resolveStoreTarget("postgres://ops@db.internal/ledger", {})).toMatchObject({ kind: "postgres" });
    expect(resolveStoreTarget("postgresql://ops@db/ledger", {})).toMatchObject({ kind: "postgres" });
    expect(resolveStoreTarget("esdb://node1:2113?tls=false", {})).toMatchObject({ kind: "esdb" });
    expect(resolveStoreTarget("./data/ledger", {})).toEqual({
      kind: "pglite",
      dataDir: resolve("./data/ledger"),
      display: resolve("./data/ledger"),
    });
  });

  it("refuses a password in the argument, but takes one from the environment or a file, hidden when shown", () => {
    expect(() => resolveStoreTarget("postgres://ops:hunter2@db/ledger", {})).toThrow(CliUsageError);
    const fromEnv = resolveStoreTarget(undefined, { VPP_LEDGER_STORE: "postgres://ops:hunter2@db/ledger" });
    expect(fromEnv).toMatchObject({ kind: "postgres", url: "postgres://ops:hunter2@db/ledger" });
    expect(fromEnv.display).toBe("postgres://ops:***@db/ledger");
    const dir = mkdtempSync(join(tmpdir(), "vpp-cli-target-"));
    const file = join(dir, "store-url");
    writeFileSync(file, "esdb://admin:changeit@node1:2113\n");
    const fromFile = resolveStoreTarget(undefined, { VPP_LEDGER_STORE_FILE: file });
    rmSync(dir, { recursive: true, force: true });
    expect(fromFile).toMatchObject({ kind: "esdb", url: "esdb://admin:changeit@node1:2113" });
    expect(fromFile.display).not.toContain("changeit");
  });

  it("says what to do when the store is missing, unreadable or of an unknown scheme", () => {
    expect(() => resolveStoreTarget(undefined, {})).toThrow(/pass --store .* or set VPP_LEDGER_STORE/);
    expect(() => resolveStoreTarget(undefined, { VPP_LEDGER_STORE_FILE: "/nonexistent/file" })).toThrow(
      /cannot read VPP_LEDGER_STORE_FILE/,
    );
    expect(() => resolveStoreTarget("mysql://db/ledger", {})).toThrow(
      /use postgres:\/\/, esdb:\/\/ or a PGlite/,
    );
  });
});
