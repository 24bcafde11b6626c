import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  type AssetCountNotification,
  type AssetManagementNotification,
  createNotificationHandler,
  NOTIFICATION_CODECS,
  NotificationEnvelope,
  type UserAssociatedNotification,
  type UserManagementNotification,
} from "../../../src/index.js";
import { serveNotifications } from "../support/notification-server.js";
import { type DocumentedFixture, documentedFixture, documentedFixtures } from "./fixtures.js";

const AUTH = "SUp3rS3Cr3t";
const all = documentedFixtures("notifications");

/** Decodes a documented notification as the handler does: the envelope, then the payload by type. */
const decoded = (fixture: DocumentedFixture) => {
  const envelope = NotificationEnvelope.decode(fixture.body);
  if (E.isLeft(envelope)) throw new Error(`${fixture.name}: envelope does not decode`);
  const type = envelope.right.notificationType;
  const codec = Object.hasOwn(NOTIFICATION_CODECS, type)
    ? NOTIFICATION_CODECS[type as keyof typeof NOTIFICATION_CODECS]
    : undefined;
  if (!codec) return { envelope: envelope.right, payload: undefined };
  const payload = (codec.decode as (u: unknown) => E.Either<unknown, unknown>)(envelope.right.notification);
  if (E.isLeft(payload)) throw new Error(`${fixture.name}: payload does not decode`);
  return { envelope: envelope.right, payload: payload.right };
};
const payloadOf = <N>(name: string): N => decoded(documentedFixture("notifications", name)).payload as N;

describe("Apple's documented notifications, decoded by the handler's codecs", () => {
  it("every fixture names its source and type; each envelope and known payload decodes", () => {
    expect(all.length).toBeGreaterThanOrEqual(19);
    for (const fixture of all) {
      expect(fixture.source, fixture.name).toMatch(/^(https:\/\/developer\.apple\.com\/|[\w-]+\/[\w-]+:)/);
      const { envelope } = decoded(fixture);
      expect(envelope.notificationType, fixture.name).toBe(fixture.endpoint);
      expect(envelope.uId, fixture.name).toMatch(/^\d+$/);
    }
  });

  it("ASSET_MANAGEMENT: the operation, its result and the holders it settles (devices, users, revocations)", () => {
    const zentral = payloadOf<AssetManagementNotification>("zentral-associate-success");
    expect(zentral).toEqual({
      eventId: "1451d195-7818-44cc-844e-efd2557084c4",
      result: "SUCCESS",
      type: "ASSOCIATE",
      assignments: [{ adamId: "409203825", pricingParam: "STDQ", serialNumber: "C02000000000" }],
    });
    expect(payloadOf<AssetManagementNotification>("zentral-disassociate-success").type).toBe("DISASSOCIATE");
    expect(payloadOf<AssetManagementNotification>("apple-associate-success").assignments).toHaveLength(3);
    const user = payloadOf<AssetManagementNotification>("setup-associate-success");
    expect(user.assignments).toEqual([{ adamId: "361309726", clientUserId: "user-1", pricingParam: "STDQ" }]);
    const revoke = payloadOf<AssetManagementNotification>("apple-revoke-success");
    expect(revoke.type).toBe("REVOKE");
    expect(revoke.assignments?.map((a) => a.adamId)).toEqual(["408709785", "329103948"]);
  });

  it("ASSET_MANAGEMENT FAILURE: Apple's 9709 and the device and user it refused", () => {
    const failure = payloadOf<AssetManagementNotification>("apple-associate-failure-9709");
    expect(failure).toMatchObject({ result: "FAILURE", type: "ASSOCIATE", error: { errorNumber: 9709 } });
    expect(failure.assignments).toEqual([
      { adamId: "1234", pricingParam: "STDQ", serialNumber: "device1" },
      { adamId: "1234", pricingParam: "STDQ", clientUserId: "user1" },
    ]);
  });

  it("ASSET_COUNT: a signed delta on the (adamId, pricingParam) pool", () => {
    expect(payloadOf<AssetCountNotification>("apple-asset-count")).toEqual({
      adamId: "408709785",
      countDelta: -12,
      pricingParam: "STDQ",
    });
    expect(payloadOf<AssetCountNotification>("zentral-asset-count").countDelta).toBe(1);
    expect(payloadOf<AssetCountNotification>("wwdc21-asset-count").countDelta).toBe(50);
    expect(payloadOf<AssetCountNotification>("setup-asset-count")).toMatchObject({
      adamId: "361309726",
      countDelta: 25,
    });
  });

  it("USER_MANAGEMENT and USER_ASSOCIATED: the user, its status, and its Apple Account hash once associated", () => {
    for (const [name, type, status] of [
      ["apple-user-create", "CREATE", "Registered"],
      ["apple-user-update", "UPDATE", "Registered"],
      ["apple-user-retire", "RETIRE", "Retired"],
      ["setup-user-create-associated", "CREATE", "Associated"],
    ] as const) {
      const payload = payloadOf<UserManagementNotification>(name);
      expect(payload, name).toMatchObject({ result: "SUCCESS", type });
      expect(payload.users?.[0]?.status, name).toBe(status);
    }
    expect(payloadOf<UserManagementNotification>("setup-user-create-associated").users?.[0]?.idHash).toBe(
      "rRVS8rlBrJjRqYwL8aNGDJG2CbU=",
    );
    expect(payloadOf<UserAssociatedNotification>("apple-user-associated").associatedUsers).toEqual([
      {
        clientUserId: "client-100",
        email: "client-100@apple.com",
        idHash: "leSKk3IaE2vk2KLmv2k3/200D3=",
        inviteCode: "f551b37da07146628e8dcbe0111f0364",
        status: "Associated",
      },
    ]);
  });
});

describe("Apple's documented notifications, posted over real HTTP to the notification handler", () => {
  it.each(all.map((f) => [f.name, f] as const))(
    "%s: answered 200, its callback gets the decoded payload",
    async (_, fixture) => {
      const received: Array<{ readonly type: string; readonly payload: unknown; readonly id: string }> = [];
      const record = (type: string) => (payload: unknown, envelope: { readonly notificationId: string }) => {
        received.push({ type, payload, id: envelope.notificationId });
      };
      // A handler per notification: Apple's examples reuse ids, and a repeat would be acknowledged, not delivered.
      const handler = createNotificationHandler({
        authToken: AUTH,
        onAssetManagement: record("ASSET_MANAGEMENT"),
        onAssetCount: record("ASSET_COUNT"),
        onUserManagement: record("USER_MANAGEMENT"),
        onUserAssociated: record("USER_ASSOCIATED"),
        onTest: record("TEST_NOTIFICATION"),
        onOther: (envelope) => {
          received.push({ type: envelope.notificationType, payload: undefined, id: envelope.notificationId });
        },
      });
      const server = await serveNotifications(handler);
      try {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { authorization: `Bearer ${AUTH}`, "content-type": "application/json" },
          body: JSON.stringify(fixture.body),
        });
        expect(response.status).toBe(200);
        const { envelope, payload } = decoded(fixture);
        expect(received).toEqual([{ type: fixture.endpoint, payload, id: envelope.notificationId }]);
      } finally {
        await server.close();
      }
    },
  );
});
