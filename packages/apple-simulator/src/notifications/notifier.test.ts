import { afterEach, describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import { type Receiver, startReceiver } from "../../test/support/receiver.js";
import type { AppleSimulatorOptions, AssetManagementNotification } from "../index.js";

const start = useSimulators();
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

const ALL_TYPES = ["ASSET_MANAGEMENT", "ASSET_COUNT", "USER_MANAGEMENT", "USER_ASSOCIATED"];

/** A location whose MDM listens on a local receiver, subscribed to `types`. */
const subscribed = async (types = ALL_TYPES, options?: AppleSimulatorOptions) => {
  const setup = await startWithLocation(start, { notificationRetryDelaysMs: [5, 5], ...options });
  const receiver = await startReceiver();
  receivers.push(receiver);
  const config = await setup.client.post("client/config", {
    notificationUrl: receiver.url,
    notificationAuthToken: "hook-secret",
    notificationTypes: types,
  });
  expect(config.status).toBe(200);
  receiver.received.length = 0;
  return { ...setup, receiver };
};

const envelopes = (receiver: Receiver) => receiver.received.map((received) => received.envelope);

describe("notifications", () => {
  it("posts ASSET_MANAGEMENT with the envelope and bearer token once an association completes", async () => {
    const { sim, client, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 5 });
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "1" }],
      serialNumbers: ["S1"],
    });
    await sim.settle();
    expect(receiver.received[0]?.headers.authorization).toBe("Bearer hook-secret");
    expect(envelopes(receiver)).toEqual([
      {
        notification: {
          assignments: [{ adamId: "1", pricingParam: "STDQ", serialNumber: "S1" }],
          eventId: body.eventId,
          result: "SUCCESS",
          type: "ASSOCIATE",
        },
        notificationId: expect.any(String),
        notificationType: "ASSET_MANAGEMENT",
        uId: location.uId,
      },
    ]);
  });

  it("splits 150 assignments into notifications of at most 100 elements", async () => {
    const { sim, client, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 150 });
    const serialNumbers = Array.from({ length: 150 }, (_, index) => `S${index}`);
    await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers });
    await sim.settle();
    const sizes = envelopes(receiver).map(
      (envelope) => (envelope.notification as AssetManagementNotification).assignments.length,
    );
    expect(sizes).toEqual([100, 50]);
    const ids = new Set(envelopes(receiver).map((envelope) => envelope.notificationId));
    expect(ids.size).toBe(2);
  });

  it("reports a failed association with result FAILURE and its one error", async () => {
    const { sim, client, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 0 });
    await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: ["S1"] });
    await sim.settle();
    expect(envelopes(receiver)[0]?.notification).toMatchObject({
      result: "FAILURE",
      type: "ASSOCIATE",
      error: { errorNumber: 9709 },
      assignments: [{ adamId: "1", serialNumber: "S1" }],
    });
  });

  it("words an error as the location was told to, in sync answers, operation failures and notifications", async () => {
    const { sim, client, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 0 });
    location.setErrorMessage(9709, "not enough, says a proxy echoing Bearer x");
    location.setErrorMessage(9602, "bad argument in the location's own words");
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "1" }],
      serialNumbers: ["S1"],
    });
    await sim.settle();
    const status = await client.get("status", { eventId: body.eventId });
    expect(status.body.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9709,
        errorMessage: "not enough, says a proxy echoing Bearer x",
      }),
    ]);
    expect(envelopes(receiver)[0]?.notification).toMatchObject({
      error: { errorNumber: 9709, errorMessage: "not enough, says a proxy echoing Bearer x" },
    });
    const refused = await client.get("status", { eventId: "" });
    expect([refused.status, refused.body.errorMessage]).toEqual([
      400,
      "bad argument in the location's own words",
    ]);
    location.setErrorMessage(9602, undefined);
    expect((await client.get("status", { eventId: "" })).body.errorMessage).toBe(
      "Invalid argument. eventId is required.",
    );
  });

  it("posts USER_MANAGEMENT for created users and USER_ASSOCIATED when a user accepts", async () => {
    const { sim, client, location, receiver } = await subscribed();
    const { body } = await client.post("users/create", {
      users: [{ clientUserId: "u1", email: "u1@example.com" }],
    });
    await sim.settle();
    location.acceptInvitation("u1");
    await sim.settle();
    const [created, associated] = envelopes(receiver);
    expect(created).toMatchObject({
      notificationType: "USER_MANAGEMENT",
      notification: {
        eventId: body.eventId,
        result: "SUCCESS",
        type: "CREATE",
        users: [{ clientUserId: "u1", status: "Registered" }],
      },
    });
    expect(associated).toMatchObject({
      notificationType: "USER_ASSOCIATED",
      notification: {
        associatedUsers: [
          {
            clientUserId: "u1",
            email: "u1@example.com",
            idHash: expect.any(String),
            inviteCode: expect.any(String),
            status: "Associated",
          },
        ],
      },
    });
  });

  it("reports failed user changes with their one error and the users as Apple knows them", async () => {
    const { sim, client, location, receiver } = await subscribed();
    location.addForeignUser({ clientUserId: "taken", email: "t@example.com" });
    await client.post("users/create", { users: [{ clientUserId: "taken" }] });
    await client.post("users/update", { users: [{ clientUserId: "ghost", email: "g@example.com" }] });
    await sim.settle();
    const [duplicate, unknown] = envelopes(receiver).map((envelope) => envelope.notification);
    expect(duplicate).toMatchObject({
      result: "FAILURE",
      type: "CREATE",
      error: { errorNumber: 9716 },
      users: [{ clientUserId: "taken", email: "t@example.com", status: "Registered" }],
    });
    expect(unknown).toMatchObject({
      result: "FAILURE",
      type: "UPDATE",
      error: { errorNumber: 9609 },
      users: [{ clientUserId: "ghost" }],
    });
  });

  it("posts ASSET_COUNT with countDelta on purchase and refund, and not with notify: false", async () => {
    const { sim, location, receiver } = await subscribed();
    location.addAsset({ adamId: "7", totalCount: 10, pricingParam: "PLUS" });
    location.setTotalCount("7", 15);
    location.setTotalCount("7", 12);
    location.setTotalCount("7", 20, { notify: false });
    await sim.settle();
    expect(envelopes(receiver).map((envelope) => envelope.notification)).toEqual([
      { adamId: "7", countDelta: 5, pricingParam: "PLUS" },
      { adamId: "7", countDelta: -3, pricingParam: "PLUS" },
    ]);
  });

  it("sends only the subscribed types", async () => {
    const { sim, client, location, receiver } = await subscribed(["ASSET_COUNT"]);
    location.addAsset({ adamId: "1", totalCount: 5 });
    await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: ["S1"] });
    location.setTotalCount("1", 6);
    await sim.settle();
    expect(envelopes(receiver).map((envelope) => envelope.notificationType)).toEqual(["ASSET_COUNT"]);
  });

  it("retries a failed delivery up to 3 attempts and stops at the first 2xx", async () => {
    const { sim, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 1 });
    receiver.respondWith(500, 503);
    location.setTotalCount("1", 2);
    await sim.settle();
    expect(receiver.received).toHaveLength(3);
    const record = sim.notifications.at(-1);
    expect(record?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(record?.delivered).toBe(true);
  });

  it("gives up after 3 failed attempts, and the same notificationId is resent each time", async () => {
    const { sim, location, receiver } = await subscribed();
    location.addAsset({ adamId: "1", totalCount: 1 });
    receiver.respondWith(500, 500, 500, 500);
    location.setTotalCount("1", 2);
    await sim.settle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(envelopes(receiver).map((envelope) => envelope.notificationId)).size).toBe(1);
    expect(sim.notifications.at(-1)?.delivered).toBe(false);
  });

  it("logs attempts with errors when the receiver is gone", async () => {
    const { sim, location, receiver } = await subscribed();
    await receiver.close();
    location.addAsset({ adamId: "1", totalCount: 1 });
    location.setTotalCount("1", 2);
    await sim.settle();
    const record = sim.notifications.at(-1);
    expect(record?.attempts).toHaveLength(3);
    expect(record?.attempts.every((attempt) => attempt.error !== undefined)).toBe(true);
    expect(JSON.stringify(sim.notifications)).not.toContain("hook-secret");
  });
});
