import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, STACK_LINE } from "./support/run-cli.js";

// None of these opens a store: usage is checked first, and a path that is no PGlite directory is refused as such.
const root = mkdtempSync(join(tmpdir(), "vpp-cli-usage-"));
const missing = join(root, "missing");
const aFile = join(root, "a-file");
writeFileSync(aFile, "not a database");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("vpp-ledger refuses bad usage and an unreadable store: exit 2, one clear line, no stack trace", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, RegExp]> = [
    ["no store", ["audit"], /no store given: pass --store .* or set VPP_LEDGER_STORE/],
    [
      "a path with no database",
      ["audit", "--store", missing],
      /not a PGlite data directory \(no PG_VERSION\)/,
    ],
    ["a file for a directory", ["audit", "--store", aFile], /is a file, not a PGlite data directory/],
    [
      "an unknown format",
      ["audit", "--store", missing, "--format", "xml"],
      /--format must be table, json or csv/,
    ],
    [
      "both --until and --at",
      ["audit", "--store", missing, "--until", "3", "--at", "2026-01-01T00:00:00Z"],
      /--until or --at, not both/,
    ],
    [
      "an instant without offset",
      ["audit", "--store", missing, "--at", "2026-01-01T00:00:00"],
      /with an offset/,
    ],
    [
      "a password in an argument",
      ["audit", "--store", "postgres://auditor:s3cret@127.0.0.1/ledger"],
      /holds a password/,
    ],
    ["an unknown scheme", ["audit", "--store", "mysql://db/ledger"], /not a store this CLI opens/],
    [
      "an app that is no adamId",
      ["who-held", "--store", missing, "--tenant", "acme", "--app", "x1"],
      /--app: must be 1–20 digits/,
    ],
    [
      "a missing --at",
      ["who-held", "--store", missing, "--tenant", "acme", "--app", "1"],
      /--at is required/,
    ],
    ["an unknown option", ["audit", "--unknown-flag"], /unknown option/],
    ["an unknown command", ["replay"], /unknown command/],
    [
      "both --user and --device",
      ["history", "--store", missing, "--tenant", "acme", "--user", "u1", "--device", "d1"],
      /--user or --device, not both/,
    ],
    [
      "an invalid stream id",
      ["streams", "inspect", "vpp-license:acme:x1", "--store", missing],
      /not a valid stream id/,
    ],
  ];

  it.each(cases)("%s", { timeout: 30_000 }, async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toContain("s3cret");
  });

  it("--help and --version exit 0", async () => {
    const help = await runCli(["audit", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: vpp-ledger audit \[options\]/);
    expect(help.stdout).toMatch(/--until <position>/);
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe("0.1.0");
  });
});
