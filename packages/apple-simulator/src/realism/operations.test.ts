import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import type { AppleSimulatorOptions } from "../index.js";

const start = useSimulators();

const manual = (realism: NonNullable<AppleSimulatorOptions["realism"]>): AppleSimulatorOptions => ({
  realism: typeof realism === "string" ? realism : { clock: "manual", ...realism },
});

const seeded = async (options: AppleSimulatorOptions) => {
  const setup = await startWithLocation(start, options);
  setup.location.addAsset({ adamId: "100", totalCount: 1000 });
  for (const clientUserId of ["u1", "u2", "u3", "u4"]) {
    setup.location.addForeignUser({ clientUserId, status: "Associated" });
  }
  return setup;
};

const associate = async (client: Awaited<ReturnType<typeof seeded>>["client"], serials: string[]) =>
  (await client.post("assets/associate", { assets: [{ adamId: "100" }], serialNumbers: serials })).body
    .eventId as string;

describe("realistic mode: async operations stay PENDING", () => {
  it("keeps an association PENDING within operationPendingMs and completes it once simulated time passes", async () => {
    const { sim, client, location } = await seeded(
      manual({ preset: "instant", operationPendingMs: [5_000, 60_000] }),
    );
    const eventId = await associate(client, ["S1"]);
    await sim.advanceTime(4_999);
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("PENDING");
    expect(location.state().assignments).toEqual([]);
    await sim.advanceTime(55_001);
    const status = (await client.get("status", { eventId })).body;
    expect([status.eventStatus, status.numCompleted]).toEqual(["COMPLETE", 1]);
    expect(sim.simulatedElapsedMs()).toBe(60_000);
  });

  it("draws the pending time per operation from the seed, so the same seed completes the same operations", async () => {
    const completedAfter = async (seed: number) => {
      const { sim, client } = await seeded(
        manual({ preset: "instant", seed, operationPendingMs: [1_000, 50_000] }),
      );
      const ids = [];
      for (let index = 0; index < 6; index += 1) ids.push(await associate(client, [`S${index}`]));
      await sim.advanceTime(25_000);
      const statuses = [];
      for (const eventId of ids) statuses.push((await client.get("status", { eventId })).body.eventStatus);
      return statuses;
    };
    const first = await completedAfter(42);
    expect(await completedAfter(42)).toEqual(first);
    expect(first).toContain("PENDING");
    expect(first).toContain("COMPLETE");
  });

  it("runs a scaled clock: timeScale 100 turns 5–6 s of pending into 50–60 ms", async () => {
    const { sim, client } = await seeded({
      realism: { preset: "instant", timeScale: 100, operationPendingMs: [5_000, 6_000] },
    });
    const eventId = await associate(client, ["S1"]);
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("PENDING");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("COMPLETE");
    await expect(sim.advanceTime(10)).rejects.toMatchObject({ code: "SIM_CLOCK_NOT_MANUAL" });
  });

  it("lets an explicit operationCompletion win over the preset", async () => {
    const { sim, client } = await seeded({ realism: "realistic", operationCompletion: "manual" });
    const eventId = await associate(client, ["S1"]);
    expect(sim.completePendingOperations()).toBe(1);
    const status = (await client.get("status", { eventId })).body;
    expect(["COMPLETE", "FAILED"]).toContain(status.eventStatus);
  });
});

describe("realistic mode: async failures", () => {
  it("reports transient 9644 per item in failures and leaves those targets without a license", async () => {
    const { sim, client, location } = await seeded(
      manual({ preset: "instant", asyncFailureRates: { 9644: 1 } }),
    );
    const eventId = await associate(client, ["S1", "S2"]);
    await sim.advanceTime(0);
    const status = (await client.get("status", { eventId })).body;
    expect(status.eventStatus).toBe("FAILED");
    expect(status.numCompleted).toBe(0);
    expect(status.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9644,
        errorInfo: { assets: [{ adamId: "100", pricingParam: "STDQ" }], serialNumbers: ["S1", "S2"] },
      }),
    ]);
    expect(location.state().assignments).toEqual([]);
  });

  it("fails a share of items and completes the rest (9603, 9709 on associations)", async () => {
    const { sim, client, location } = await seeded(
      manual({ preset: "instant", seed: 3, asyncFailureRates: { 9603: 0.3, 9709: 0.3 } }),
    );
    const serials = Array.from({ length: 40 }, (_, index) => `S${index}`);
    const eventId = await associate(client, serials);
    await sim.advanceTime(0);
    const status = (await client.get("status", { eventId })).body;
    const failed = status.failures.flatMap((failure: { errorInfo: { serialNumbers: string[] } }) => [
      ...failure.errorInfo.serialNumbers,
    ]);
    const codes = status.failures.map((failure: { errorNumber: number }) => failure.errorNumber).sort();
    expect(codes).toEqual([9603, 9709]);
    expect(status.numCompleted).toBe(40 - failed.length);
    expect(location.state().assignments).toHaveLength(40 - failed.length);
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(40);
  });

  it("never draws 9709 for a disassociation or a user operation, only the transient codes", async () => {
    const { sim, client } = await seeded(manual({ preset: "instant", asyncFailureRates: { 9709: 1 } }));
    const disassociated = await client.post("assets/disassociate", {
      assets: [{ adamId: "100" }],
      serialNumbers: ["S1"],
    });
    const retired = await client.post("users/retire", { users: [{ clientUserId: "u1" }] });
    await sim.advanceTime(0);
    for (const { body } of [disassociated, retired]) {
      expect((await client.get("status", { eventId: body.eventId })).body.eventStatus).toBe("COMPLETE");
    }
  });

  it("fails user operations with 9603 and leaves those users untouched", async () => {
    const { sim, client, location } = await seeded(
      manual({ preset: "instant", asyncFailureRates: { 9603: 1 } }),
    );
    const { body } = await client.post("users/retire", { users: [{ clientUserId: "u1" }] });
    await sim.advanceTime(0);
    const status = (await client.get("status", { eventId: body.eventId })).body;
    expect(status.failures).toEqual([
      expect.objectContaining({ errorNumber: 9603, errorInfo: { clientUserIds: ["u1"] } }),
    ]);
    expect(location.state().users.find((user) => user.clientUserId === "u1")?.status).toBe("Associated");
  });

  it("refuses impossible settings with the field to fix", async () => {
    await expect(start({ realism: { notificationDropRate: 2 } })).rejects.toMatchObject({
      code: "SIMULATOR_INVALID_REALISM",
      message: expect.stringContaining("notificationDropRate"),
    });
    await expect(start({ realism: { operationPendingMs: [10, 5] } })).rejects.toMatchObject({
      message: expect.stringContaining("operationPendingMs"),
    });
    await expect(start({ realism: { timeScale: 0 } })).rejects.toMatchObject({
      message: expect.stringContaining("timeScale"),
    });
  });
});
