import { afterEach, describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import { type Receiver, startReceiver } from "../../test/support/receiver.js";

const start = useSimulators();
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
const receiver = async () => {
  const started = await startReceiver();
  receivers.push(started);
  return started;
};

const mdmInfo = {
  id: "522d5c43-44ca-4f7e-ba7a-53570cf60765",
  name: "vpp-ledger",
  metadata: "mdm.example.com",
};

describe("client/config", () => {
  it("GET returns the location's config with common fields and no mdmInfo before one is set", async () => {
    const { client, location } = await startWithLocation(start);
    const { status, body } = await client.get("client/config");
    expect(status).toBe(200);
    expect(body).toEqual({
      countryISO2ACode: "US",
      defaultPlatform: "volumestore",
      locationName: "Main",
      subscribedNotificationTypes: [],
      tokenExpirationDate: location.state().tokenExpirationDate,
      uId: location.uId,
      websiteURL: "https://business.apple.com",
    });
  });

  it("POST mdmInfo claims the location; every later response echoes it", async () => {
    const { client, location } = await startWithLocation(start);
    const posted = await client.post("client/config", { mdmInfo });
    expect(posted.body.mdmInfo).toEqual(mdmInfo);
    expect((await client.get("assets")).body.mdmInfo).toEqual(mdmInfo);
    expect((await client.get("users")).body.mdmInfo).toEqual(mdmInfo);
    expect(location.state().mdmInfo).toEqual(mdmInfo);
  });

  it("shows another MDM's claim made with setMdmInfo", async () => {
    const { client, location } = await startWithLocation(start);
    await client.post("client/config", { mdmInfo });
    location.setMdmInfo({ id: "other", name: "Other MDM", metadata: "other.example" });
    expect((await client.get("assignments")).body.mdmInfo).toEqual({
      id: "other",
      name: "Other MDM",
      metadata: "other.example",
    });
  });

  it.each([
    [{ id: "x", name: "y" }, 9723],
    [{ id: "", name: "y", metadata: "" }, 9723],
    [{ id: "x".repeat(101), name: "y", metadata: "" }, 9724],
    [{ id: "x", name: "y".repeat(101), metadata: "" }, 9725],
    [{ id: "x", name: "y", metadata: "z".repeat(256) }, 9713],
  ])("rejects mdmInfo %j with %i and changes nothing", async (info, errorNumber) => {
    const { client, location } = await startWithLocation(start);
    const { status, body } = await client.post("client/config", { mdmInfo: info });
    expect([status, body.errorNumber]).toEqual([400, errorNumber]);
    expect(location.state().mdmInfo).toBeUndefined();
  });

  it("requires notificationUrl and notificationAuthToken together (9710)", async () => {
    const { client } = await startWithLocation(start);
    const onlyUrl = await client.post("client/config", { notificationUrl: "https://mdm.example/n" });
    expect(onlyUrl.body.errorNumber).toBe(9710);
    const onlyToken = await client.post("client/config", { notificationAuthToken: "secret" });
    expect(onlyToken.body.errorNumber).toBe(9710);
  });

  it("caps notification URL and token length at maxNotificationLength (9711)", async () => {
    const { client } = await startWithLocation(start, { limits: { maxNotificationLength: 40 } });
    const { body } = await client.post("client/config", {
      notificationUrl: `https://mdm.example/${"n".repeat(40)}`,
      notificationAuthToken: "secret",
    });
    expect(body.errorNumber).toBe(9711);
  });

  it("refuses a plain-HTTP URL that is not loopback (9712)", async () => {
    const { client } = await startWithLocation(start);
    const { body } = await client.post("client/config", {
      notificationUrl: "http://mdm.example/n",
      notificationAuthToken: "secret",
    });
    expect(body.errorNumber).toBe(9712);
  });

  it("sends TEST_NOTIFICATION with the bearer auth token, then stores the config", async () => {
    const { sim, client, location } = await startWithLocation(start);
    const target = await receiver();
    const { status, body } = await client.post("client/config", {
      notificationUrl: target.url,
      notificationAuthToken: "n0tif-secret",
      notificationTypes: ["ASSET_MANAGEMENT", "ASSET_COUNT"],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      notificationUrl: target.url,
      notificationAuthToken: "n0tif-secret",
      subscribedNotificationTypes: ["ASSET_MANAGEMENT", "ASSET_COUNT"],
    });
    expect(target.received).toHaveLength(1);
    const [test] = target.received;
    expect(test?.headers.authorization).toBe("Bearer n0tif-secret");
    expect(test?.envelope).toEqual({
      notification: {},
      notificationId: expect.any(String),
      notificationType: "TEST_NOTIFICATION",
      uId: location.uId,
    });
    expect(sim.notifications.map((record) => record.notificationType)).toEqual(["TEST_NOTIFICATION"]);
  });

  it("rejects the config with 9728 when TEST_NOTIFICATION is not delivered, and stores nothing", async () => {
    const { client, location } = await startWithLocation(start);
    const target = await receiver();
    target.respondWith(500);
    const { status, body } = await client.post("client/config", {
      mdmInfo,
      notificationUrl: target.url,
      notificationAuthToken: "secret",
    });
    expect([status, body.errorNumber]).toEqual([400, 9728]);
    expect(location.state()).toMatchObject({ mdmInfo: undefined, notificationUrl: undefined });
  });

  it("clears the notification config with two empty strings", async () => {
    const { client, location } = await startWithLocation(start);
    const target = await receiver();
    await client.post("client/config", { notificationUrl: target.url, notificationAuthToken: "s" });
    const { body } = await client.post("client/config", { notificationUrl: "", notificationAuthToken: "" });
    expect(body.notificationUrl).toBeUndefined();
    expect(location.state().notificationUrl).toBeUndefined();
  });

  it("rejects unknown notification types (9602)", async () => {
    const { client } = await startWithLocation(start);
    const { body } = await client.post("client/config", { notificationTypes: ["ASSET_MANAGEMENT", "NOPE"] });
    expect(body.errorNumber).toBe(9602);
  });
});
