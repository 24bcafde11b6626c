import { describe, expect, it } from "vitest";
import type { NotificationEnvelope } from "./codecs.js";
import { InMemoryDedupeStore } from "./dedupe.js";
import { createNotificationHandler, type NotificationHandlerOptions } from "./handler.js";

const AUTH = "notif-secret-2f7c9a";
const headers = { authorization: `Bearer ${AUTH}`, "content-type": "application/json" };
const envelope = (notificationId: string, notificationType: string, notification: object) =>
  JSON.stringify({ notificationId, notificationType, notification, uId: "2049025000431439" });

const recorder = () => {
  const seen: Array<{ type: string; payload: unknown; envelope: NotificationEnvelope }> = [];
  const record =
    (type: string) =>
    (payload: unknown, env: NotificationEnvelope): void => {
      seen.push({ type, payload, envelope: env });
    };
  const options: NotificationHandlerOptions = {
    authToken: AUTH,
    onAssetManagement: record("ASSET_MANAGEMENT"),
    onAssetCount: record("ASSET_COUNT"),
    onUserManagement: record("USER_MANAGEMENT"),
    onUserAssociated: record("USER_ASSOCIATED"),
    onTest: record("TEST_NOTIFICATION"),
  };
  return { seen, options };
};

describe("createNotificationHandler", () => {
  it("answers 401 to a missing or wrong bearer token and calls nothing", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    const body = envelope("n1", "TEST_NOTIFICATION", {});
    expect((await handle({ headers: {}, body })).status).toBe(401);
    expect((await handle({ headers: { authorization: "Bearer nope" }, body })).status).toBe(401);
    expect((await handle({ headers: { authorization: AUTH }, body })).status).toBe(401);
    expect((await handle({ headers: { Authorization: `Bearer ${AUTH}x` }, body })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("accepts any of several tokens while rotating, header name in any case", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler({ ...options, authToken: ["old-token-123", AUTH] });
    const body = envelope("n1", "TEST_NOTIFICATION", {});
    expect((await handle({ headers: { Authorization: "bearer old-token-123" }, body })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("decodes and dispatches each notification type", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    const bodies = [
      envelope("n1", "ASSET_MANAGEMENT", {
        assignments: [{ adamId: "361304891", pricingParam: "STDQ", clientUserId: "u1" }],
        eventId: "e1",
        result: "FAILURE",
        type: "ASSOCIATE",
        error: { errorNumber: 9709, errorMessage: "There aren't enough assets available" },
      }),
      envelope("n2", "ASSET_COUNT", { adamId: "361304891", countDelta: -2, pricingParam: "STDQ" }),
      envelope("n3", "USER_MANAGEMENT", {
        eventId: "e2",
        result: "SUCCESS",
        type: "CREATE",
        users: [{ clientUserId: "u1" }],
      }),
      envelope("n4", "USER_ASSOCIATED", {
        associatedUsers: [{ clientUserId: "u1", idHash: "h1", inviteCode: "c1", status: "Associated" }],
      }),
      envelope("n5", "TEST_NOTIFICATION", {}),
    ];
    for (const body of bodies) expect((await handle({ headers, body })).status).toBe(200);
    expect(seen.map((s) => s.type)).toEqual([
      "ASSET_MANAGEMENT",
      "ASSET_COUNT",
      "USER_MANAGEMENT",
      "USER_ASSOCIATED",
      "TEST_NOTIFICATION",
    ]);
    expect(seen[0]?.payload).toMatchObject({ result: "FAILURE", error: { errorNumber: 9709 } });
    expect(seen[1]?.payload).toEqual({ adamId: "361304891", countDelta: -2, pricingParam: "STDQ" });
    expect(seen[3]?.envelope.uId).toBe("2049025000431439");
  });

  it("processes a duplicate notificationId once and acknowledges the repeat", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    const body = envelope("dup-1", "ASSET_COUNT", { adamId: "1", countDelta: 1 });
    const first = await handle({ headers, body });
    const second = await handle({ headers, body });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toContain("duplicate");
    expect(seen).toHaveLength(1);
  });

  it("answers 409 to a repeat that arrives while the first is still being processed", async () => {
    let release: () => void = () => {};
    let calls = 0;
    const handle = createNotificationHandler({
      authToken: AUTH,
      onTest: () => {
        calls++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const body = envelope("slow-1", "TEST_NOTIFICATION", {});
    const first = handle({ headers, body });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await handle({ headers, body })).status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    expect(calls).toBe(1);
  });

  it("answers 500 when a callback throws, so Apple's retry is processed", async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const handle = createNotificationHandler({
      authToken: AUTH,
      dedupe: new InMemoryDedupeStore(10),
      onAssetCount: () => {
        attempts++;
        if (attempts === 1) throw new Error("database down");
      },
      onError: (error) => errors.push(error),
    });
    const body = envelope("retry-1", "ASSET_COUNT", { adamId: "1", countDelta: 1 });
    expect((await handle({ headers, body })).status).toBe(500);
    expect((await handle({ headers, body })).status).toBe(200);
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it("answers 400 naming the field for a malformed notification, and 413 for an oversized body", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler({ ...options, maxBodyBytes: 2_000 });
    const notJson = await handle({ headers, body: "{" });
    const missing = await handle({ headers, body: envelope("n1", "ASSET_COUNT", { adamId: "1" }) });
    const noId = await handle({
      headers,
      body: JSON.stringify({ notificationType: "TEST_NOTIFICATION", notification: {} }),
    });
    const huge = await handle({
      headers,
      body: envelope("n2", "TEST_NOTIFICATION", { pad: "x".repeat(3_000) }),
    });
    expect([notJson.status, missing.status, noId.status, huge.status]).toEqual([400, 400, 400, 413]);
    expect(missing.body).toContain("notification.countDelta");
    expect(noId.body).toContain("notificationId");
    expect(seen).toEqual([]);
  });

  it("acknowledges types it has no callback for through onOther", async () => {
    const others: string[] = [];
    const handle = createNotificationHandler({
      authToken: AUTH,
      onOther: (env) => void others.push(env.notificationType),
    });
    const body = envelope("s1", "SUBSCRIPTION_COUNT", { productId: "p", countDelta: 1 });
    expect((await handle({ headers, body })).status).toBe(200);
    expect(others).toEqual(["SUBSCRIPTION_COUNT"]);
  });

  it("refuses to start without a token", () => {
    expect(() => createNotificationHandler({ authToken: "" })).toThrow(/authToken/);
    expect(() => createNotificationHandler({ authToken: [] })).toThrow(/authToken/);
  });
});

describe("InMemoryDedupeStore", () => {
  it("evicts the least recently seen id beyond its capacity", async () => {
    const store = new InMemoryDedupeStore(2);
    for (const id of ["a", "b"]) {
      await store.begin(id);
      await store.complete(id);
    }
    expect(await store.begin("a")).toBe("done");
    expect(await store.begin("c")).toBe("new");
    expect(await store.begin("b")).toBe("new");
    expect(await store.begin("a")).toBe("new");
  });
});
