import { InMemoryCheckpointStore, InstallResumer } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "./support/backends.js";

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`PostgreSQL workflow state store (${kind.name})`, () => {
    const backend = kind.setup();

    it("loads nothing for a workflow that never saved, then the last snapshot saved, per workflow", async () => {
      const { workflowStates } = await backend.open();
      expect(await workflowStates.load("install-resumer")).toBeUndefined();
      await workflowStates.save("install-resumer", { position: 10n, state: [["acme", "u1", "111 222"]] });
      await workflowStates.save("other", { position: 3n, state: { n: 1 } });
      await workflowStates.save("install-resumer", { position: 12n, state: [] });
      expect(await workflowStates.load("install-resumer")).toEqual({ position: 12n, state: [] });
      expect(await workflowStates.load("other")).toEqual({ position: 3n, state: { n: 1 } });
    });

    it("only moves forward: a snapshot older than the saved one changes nothing", async () => {
      const { workflowStates } = await backend.open();
      await workflowStates.save("w", { position: 100n, state: { at: 100 } });
      await workflowStates.save("w", { position: 99n, state: { at: 99 } });
      expect(await workflowStates.load("w")).toEqual({ position: 100n, state: { at: 100 } });
    });

    it("refuses a state that is not JSON data and a negative position, with a TypeError and nothing written", async () => {
      const { workflowStates } = await backend.open();
      await expect(workflowStates.save("w", { position: 1n, state: undefined })).rejects.toThrow(TypeError);
      await expect(workflowStates.save("w", { position: -1n, state: {} })).rejects.toThrow(RangeError);
      expect(await workflowStates.load("w")).toBeUndefined();
    });

    it("R15: an install resumer given the storage's workflowStates snapshots its waiting list there", async () => {
      const { store, workflowStates } = await backend.open();
      const ledger = (await import("@vpp-ledger/core")).createVppLedger({ store });
      const resumer = new InstallResumer(ledger, store, new InMemoryCheckpointStore(), {
        states: workflowStates,
        snapshotEvery: 1,
      });
      const at = "2026-12-01T09:00:00Z";
      const context = (id: string) => ({ commandId: id, actor: { kind: "admin" as const } });
      await ledger.license(
        "acme",
        "111",
        { type: "SyncPurchasedCount", data: { purchased: 2, at } },
        context("a"),
      );
      await ledger.license(
        "acme",
        "111",
        { type: "RequestInstall", data: { userId: "u1", at } },
        context("b"),
      );
      await resumer.run();
      expect(await workflowStates.load("install-resumer")).toMatchObject({ state: [["acme", "u1", "111"]] });
    });
  });
}
