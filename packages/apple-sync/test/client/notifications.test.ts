import { afterEach, describe, expect, it } from "vitest";
import {
  createNotificationHandler,
  isAppleApiError,
  type NotificationEnvelope,
  type NotificationHandlerOptions,
} from "../../src/index.js";
import { serveNotifications } from "./support/notification-server.js";
import { harness, rejectionOf } from "./support/setup.js";

const AUTH = "notif-7d1e4c0b9a2f";
const ALL_TYPES = ["ASSET_MANAGEMENT", "ASSET_COUNT", "USER_MANAGEMENT", "USER_ASSOCIATED"] as const;
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const receiver = async (options: Partial<NotificationHandlerOptions> = {}) => {
  const received: Array<{ type: string; payload: unknown; envelope: NotificationEnvelope }> = [];
  const on =
    (type: string) =>
    (payload: unknown, envelope: NotificationEnvelope): void => {
      received.push({ type, payload, envelope });
    };
  const server = await serveNotifications(
    createNotificationHandler({
      authToken: AUTH,
      onAssetManagement: on("ASSET_MANAGEMENT"),
      onAssetCount: on("ASSET_COUNT"),
      onUserManagement: on("USER_MANAGEMENT"),
      onUserAssociated: on("USER_ASSOCIATED"),
      onTest: on("TEST_NOTIFICATION"),
      ...options,
    }),
  );
  servers.push(server);
  return { received, url: server.url };
};

describe("notifications delivered by the simulator to a mounted handler", () => {
  it("UNLIMITED_ASSET can be subscribed to and reaches onUnlimitedAsset, decoded", async () => {
    const { sim, location, client } = await harness();
    const unlimited: unknown[] = [];
    const { received, url } = await receiver({ onUnlimitedAsset: (payload) => void unlimited.push(payload) });
    await client().configureNotifications({ url, authToken: AUTH, types: ["UNLIMITED_ASSET"] });
    location.addAsset({ adamId: "1001", totalCount: 5 });

    location.setUnlimited("1001", true);
    await sim.settle();

    expect(received.map((r) => r.type)).toEqual(["TEST_NOTIFICATION"]);
    expect(unlimited).toEqual([{ adamId: "1001", pricingParam: "STDQ", unlimited: true }]);
  });

  it("receives each notification type, decoded", async () => {
    const { sim, location, client } = await harness();
    const { received, url } = await receiver();
    const apple = client();
    const config = await apple.configureNotifications({ url, authToken: AUTH, types: ALL_TYPES });
    expect(config.notificationUrl).toBe(url);
    expect(received.map((r) => r.type)).toEqual(["TEST_NOTIFICATION"]);

    location.addAsset({ adamId: "1001", totalCount: 5 });
    location.setTotalCount("1001", 8);
    await apple.createUsers([{ clientUserId: "u-1", email: "ana@example.com" }]);
    await sim.settle();
    location.acceptInvitation("u-1");
    await sim.settle();
    await apple.associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u-1"] });
    await sim.settle();

    expect(received.map((r) => r.type)).toEqual([
      "TEST_NOTIFICATION",
      "ASSET_COUNT",
      "USER_MANAGEMENT",
      "USER_ASSOCIATED",
      "ASSET_MANAGEMENT",
    ]);
    expect(received[1]?.payload).toMatchObject({ adamId: "1001", countDelta: 3 });
    expect(received[2]?.payload).toMatchObject({ type: "CREATE", result: "SUCCESS" });
    expect(received[3]?.payload).toMatchObject({
      associatedUsers: [{ clientUserId: "u-1", status: "Associated" }],
    });
    expect(received[4]?.payload).toMatchObject({ type: "ASSOCIATE", result: "SUCCESS" });
    expect(received.every((r) => r.envelope.uId === location.uId)).toBe(true);
    expect(sim.notifications.every((n) => n.delivered)).toBe(true);
  });

  it("processes a re-delivered notificationId once", async () => {
    const { sim, location, client } = await harness();
    const { received, url } = await receiver();
    await client().configureNotifications({ url, authToken: AUTH, types: ALL_TYPES });
    location.addAsset({ adamId: "1001", totalCount: 5 });
    location.setTotalCount("1001", 6);
    await sim.settle();
    const original = sim.notifications.find((n) => n.notificationType === "ASSET_COUNT")!;
    const redelivery = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${AUTH}`, "content-type": "application/json" },
      body: JSON.stringify(original.envelope),
    });
    expect(redelivery.status).toBe(200);
    expect(await redelivery.text()).toContain("duplicate");
    expect(received.filter((r) => r.type === "ASSET_COUNT")).toHaveLength(1);
  });

  it("answers 401 to a caller without the notification token", async () => {
    const { received, url } = await receiver();
    const body = JSON.stringify({
      notificationId: "n-1",
      notificationType: "TEST_NOTIFICATION",
      notification: {},
    });
    const none = await fetch(url, { method: "POST", body });
    const wrong = await fetch(url, { method: "POST", headers: { authorization: "Bearer guess" }, body });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(received).toEqual([]);
  });

  it("Apple rejects the configuration (9728) when the handler refuses its TEST_NOTIFICATION", async () => {
    const { client } = await harness();
    const { url } = await receiver({ authToken: "a-different-token" });
    const error = await rejectionOf(
      client().configureNotifications({ url, authToken: AUTH, types: ALL_TYPES }),
    );
    expect(isAppleApiError(error, "invalid-request")).toBe(true);
    expect(error).toMatchObject({ errorNumber: 9728 });
  });

  it("refuses a notification URL Apple would reject, before sending", async () => {
    const { sim, client } = await harness();
    const error = await rejectionOf(
      client().configureNotifications({
        url: "http://mdm.example.com/hook",
        authToken: AUTH,
        types: ALL_TYPES,
      }),
    );
    expect(isAppleApiError(error, "invalid-request")).toBe(true);
    expect((error as Error).message).toContain("https");
    expect(sim.requests.filter((r) => r.path === "client/config")).toEqual([]);
  });
});
