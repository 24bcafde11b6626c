import { afterEach, describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import { type Receiver, startReceiver } from "../../test/support/receiver.js";
import type { AppleSimulatorOptions, RealismOptions } from "../index.js";

const start = useSimulators();
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** A location on a manual clock whose MDM listens for ASSET_MANAGEMENT on a local receiver. */
const listening = async (realism: RealismOptions, options?: AppleSimulatorOptions) => {
  const setup = await startWithLocation(start, {
    ...options,
    realism: { preset: "instant", clock: "manual", ...realism },
  });
  const receiver = await startReceiver();
  receivers.push(receiver);
  const config = await setup.client.post("client/config", {
    notificationUrl: receiver.url,
    notificationAuthToken: "hook-secret",
    notificationTypes: ["ASSET_MANAGEMENT"],
  });
  expect(config.status).toBe(200);
  receiver.received.length = 0;
  setup.location.addAsset({ adamId: "1", totalCount: 100 });
  return { ...setup, receiver };
};

const associateEach = async (client: Awaited<ReturnType<typeof listening>>["client"], count: number) => {
  for (let index = 0; index < count; index += 1) {
    await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: [`S${index}`] });
  }
};

/** Lets the loopback POSTs of due deliveries land. */
const drain = async (sim: Awaited<ReturnType<typeof listening>>["sim"]) => {
  for (let round = 0; round < 5; round += 1) {
    await sim.settle();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("realistic mode: notifications", () => {
  it("delivers late: nothing arrives before notificationDelayMs has passed on the clock", async () => {
    const { sim, client, receiver } = await listening({ notificationDelayMs: [30_000, 30_000] });
    await associateEach(client, 1);
    await sim.advanceTime(29_999);
    await drain(sim);
    expect(receiver.received).toEqual([]);
    await sim.advanceTime(1);
    await drain(sim);
    expect(receiver.received.map((received) => received.envelope.notificationType)).toEqual([
      "ASSET_MANAGEMENT",
    ]);
  });

  it("delivers some twice with the same notificationId (notificationDuplicateRate)", async () => {
    const { sim, client, receiver } = await listening({
      notificationDelayMs: [1, 10],
      notificationDuplicateRate: 1,
    });
    await associateEach(client, 2);
    for (let step = 0; step < 4; step += 1) {
      await sim.advanceTime(10);
      await drain(sim);
    }
    const ids = receiver.received.map((received) => received.envelope.notificationId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
    expect(sim.notifications.filter((record) => record.notificationType !== "TEST_NOTIFICATION")).toEqual(
      expect.arrayContaining([expect.objectContaining({ copies: 2, delivered: true })]),
    );
  });

  it("loses some entirely (notificationDropRate): logged as dropped, never posted", async () => {
    const { sim, client, receiver } = await listening({ notificationDropRate: 1 });
    await associateEach(client, 3);
    await sim.advanceTime(60_000);
    await drain(sim);
    expect(receiver.received).toEqual([]);
    const sent = sim.notifications.filter((record) => record.notificationType === "ASSET_MANAGEMENT");
    expect(sent.map((record) => [record.dropped, record.attempts.length])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
  });

  it("retries a failed delivery after the simulated retry delays, 3 attempts at most", async () => {
    const { sim, client, receiver } = await listening({
      notificationDelayMs: [1_000, 1_000],
      notificationRetryDelaysMs: [60_000, 120_000],
    });
    receiver.respondWith(500, 500, 500);
    await associateEach(client, 1);
    await sim.advanceTime(1_000);
    await drain(sim);
    expect(receiver.received).toHaveLength(1);
    await sim.advanceTime(60_000);
    await drain(sim);
    expect(receiver.received).toHaveLength(2);
    await sim.advanceTime(120_000);
    await drain(sim);
    await sim.advanceTime(600_000);
    await drain(sim);
    expect(receiver.received).toHaveLength(3);
    const [record] = sim.notifications.filter((entry) => entry.notificationType === "ASSET_MANAGEMENT");
    expect(record?.delivered).toBe(false);
  });

  it("with the same seed, drops and duplicates the same notifications", async () => {
    const run = async () => {
      const { sim, client } = await listening({
        seed: 9,
        notificationDelayMs: [1, 5],
        notificationDropRate: 0.3,
        notificationDuplicateRate: 0.3,
      });
      await associateEach(client, 10);
      return sim.notifications
        .filter((record) => record.notificationType === "ASSET_MANAGEMENT")
        .map((record) => `${record.dropped}/${record.copies}`);
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain("true/1");
    expect(first).toContain("false/2");
  });
});
