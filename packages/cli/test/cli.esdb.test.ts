import { EventStoreDBClient } from "@eventstore/db-client";
import { EsdbEventStore } from "@vpp-ledger/eventstore-esdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The in-process server that speaks EventStoreDB's gRPC protocol (no real server can be installed here).
import { type FakeEsdb, startFakeEsdb } from "../../eventstore-esdb/test/support/fake-esdb/server.js";
import { runCli, STACK_LINE } from "./support/run-cli.js";
import { SEED, seedAll } from "./support/seed.js";

describe("vpp-ledger on EventStoreDB (the real binary, over gRPC to an in-process server)", () => {
  let fake: FakeEsdb;

  beforeAll(async () => {
    fake = await startFakeEsdb();
    const client = EventStoreDBClient.connectionString(fake.connectionString);
    await seedAll(new EsdbEventStore(client));
    await client.dispose();
  });

  afterAll(() => fake.close());

  it("R19: audit reads the $all log and names the violation and the unreadable stream, exit 1", async () => {
    const run = await runCli(["audit", "--store", fake.connectionString, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      violation: {
        rule: "R16",
        userId: "u2",
        place: { streamId: `vpp-license:acme:${SEED.overApp}`, streamVersion: "3" },
      },
      unreadable: [{ streamId: `vpp-license:acme:${SEED.brokenApp}`, streamVersion: "2" }],
    });
  });

  it("streams inspect decodes a stream; read models and migrations are refused there, exit 2", async () => {
    const inspect = await runCli([
      "streams",
      "inspect",
      `vpp-license:acme:${SEED.cleanApp}`,
      "--store",
      fake.connectionString,
    ]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout.trim().split("\n")).toHaveLength(5);
    for (const args of [["read-models", "status"], ["migrate"]]) {
      const run = await runCli([...args, "--store", fake.connectionString]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/PostgreSQL/);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });
});
