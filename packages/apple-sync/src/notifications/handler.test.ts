import { describe, expect, it } from "vitest";
import { secretLeaks } from "../untrusted/leaks.test-support.js";
import { Scrubber } from "../untrusted/scrubber.js";
import type { NotificationEnvelope } from "./codecs.js";
import { InMemoryDedupeStore, type NotificationDedupeStore } from "./dedupe.js";
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

describe("createNotificationHandler: what a JS caller may really pass", () => {
  const body = envelope("n1", "TEST_NOTIFICATION", {});

  it("answers 401, never a TypeError, to an Authorization header that is not one string", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    const wrong: unknown[] = [
      [`Bearer ${AUTH}`],
      [`Bearer ${AUTH}`, `Bearer ${AUTH}`],
      42,
      undefined,
      null,
      { value: `Bearer ${AUTH}` },
      () => `Bearer ${AUTH}`,
      Symbol("auth"),
    ];
    for (const authorization of wrong) {
      const answer = await handle({ headers: { authorization } as never, body });
      expect(answer.status).toBe(401);
    }
    // The same header twice under two spellings is ambiguous: neither is trusted.
    const twice = { authorization: `Bearer ${AUTH}`, Authorization: "Bearer other" };
    expect((await handle({ headers: twice, body })).status).toBe(401);
    for (const headers of [undefined, null, "authorization", 7, []]) {
      expect((await handle({ headers, body } as never)).status).toBe(401);
    }
    for (const request of [undefined, null, "request", 1]) {
      expect((await handle(request as never)).status).toBe(401);
    }
    const throwing = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("boom");
        },
      },
    );
    expect((await handle({ headers: throwing, body })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("reads Node's header object and a fetch Headers as they are", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    const fetchHeaders = new Headers({ Authorization: `Bearer ${AUTH}` });
    expect((await handle({ headers: fetchHeaders, body })).status).toBe(200);
    const node = { authorization: `Bearer ${AUTH}`, "x-forwarded-for": ["a", "b"] };
    expect((await handle({ headers: node, body: envelope("n2", "TEST_NOTIFICATION", {}) })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("answers 400 to a body that is neither a string nor bytes, and reads bytes as UTF-8", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    for (const wrong of [undefined, null, 42, { notificationId: "n1" }, ["{}"]]) {
      expect((await handle({ headers, body: wrong } as never)).status).toBe(400);
    }
    expect((await handle({ headers, body: Buffer.from(body) })).status).toBe(200);
    const bytes = new TextEncoder().encode(envelope("n2", "TEST_NOTIFICATION", {}));
    expect((await handle({ headers, body: bytes })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("R24: answers 400 to a notificationId outside 1–256 visible ASCII characters", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    for (const notificationId of ["x".repeat(257), "has space", "é", "line\nbreak"]) {
      const answer = await handle({ headers, body: envelope(notificationId, "TEST_NOTIFICATION", {}) });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain("notificationId");
    }
    const numeric = JSON.stringify({
      notificationId: 42,
      notificationType: "TEST_NOTIFICATION",
      notification: {},
    });
    expect((await handle({ headers, body: numeric })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("answers 500 when the dedupe store or the scrubber fails, and survives an onError that throws", async () => {
    const failing: NotificationDedupeStore = {
      begin: async () => {
        throw new Error("database down");
      },
      complete: async () => undefined,
      abandon: async () => undefined,
    };
    const onError = () => {
      throw new Error("logger down");
    };
    const handle = createNotificationHandler({ authToken: AUTH, dedupe: failing, onError });
    expect((await handle({ headers, body })).status).toBe(500);
    const noScrubber = createNotificationHandler({
      authToken: AUTH,
      scrubber: async () => {
        throw new Error("vault down");
      },
    });
    expect((await noScrubber({ headers, body })).status).toBe(500);
    const throwing = createNotificationHandler({
      authToken: AUTH,
      onTest: () => {
        throw new Error("callback failed");
      },
      onError,
    });
    expect((await throwing({ headers, body })).status).toBe(500);
  });
});

describe("createNotificationHandler: text from Apple is untrusted", () => {
  const token = "Zm9vYmFyLXNlY3JldC10b2tlbi1vZi10aGUtbG9jYXRpb24tNDI=";

  it("R24: scrubs the token from every field before the dedupe store, callbacks, onOther and onError see it", async () => {
    const begun: string[] = [];
    const store = new InMemoryDedupeStore();
    const dedupe: NotificationDedupeStore = {
      begin: (id) => {
        begun.push(id);
        return store.begin(id);
      },
      complete: (id) => store.complete(id),
      abandon: (id) => store.abandon(id),
    };
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    const handle = createNotificationHandler({
      authToken: AUTH,
      dedupe,
      scrubber: async () => Scrubber.of([token]),
      onAssetManagement: (payload, env) => {
        seen.push(payload, env);
        throw new Error("fails, so onError is told");
      },
      onOther: (env) => void seen.push(env),
      onError: (error, env) => void errors.push(error, env),
    });
    const managed = envelope(`n-${token.slice(0, 20)}`, "ASSET_MANAGEMENT", {
      assignments: [{ adamId: "361304891", clientUserId: `u ${token}` }],
      eventId: encodeURIComponent(token),
      result: "FAILURE",
      type: "ASSOCIATE",
      error: { errorNumber: 9709, errorMessage: `refused for Bearer ${token.match(/.{1,9}/g)?.join(" ")}` },
    });
    const other = envelope("n-other", "SUBSCRIPTION_COUNT", {
      [token]: { note: `${"x".repeat(300)}${token}` },
    });

    expect((await handle({ headers, body: managed })).status).toBe(500);
    expect((await handle({ headers, body: other })).status).toBe(200);

    const everything = JSON.stringify({ begun, seen, errors: errors.map(String) });
    expect(secretLeaks(everything, [token])).toEqual([]);
    expect(everything).toContain("[redacted]");
    expect(seen[0]).toMatchObject({ assignments: [{ adamId: "361304891" }], error: { errorNumber: 9709 } });
  });

  it("R24: leaves ids of the ledger's grammar as they are, and never cleans an odd id into a valid one", async () => {
    const { seen, options } = recorder();
    const handle = createNotificationHandler(options);
    await handle({ headers, body: envelope("n1", "ASSET_COUNT", { adamId: " 42", countDelta: 1 }) });
    await handle({ headers, body: envelope("n2", "ASSET_COUNT", { adamId: "361304891", countDelta: 1 }) });
    const [odd, plain] = seen.map((s) => (s.payload as { adamId: string }).adamId);
    expect(odd).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(plain).toBe("361304891");
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
