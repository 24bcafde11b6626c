import { describe, expect, it } from "vitest";
import { BatchPartiallySubmittedError, isAppleApiError } from "../../src/index.js";
import { collect, harness, rejectionOf, requestsTo } from "./support/setup.js";

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const limits = {
  maxAssets: 2,
  maxClientUserIds: 3,
  maxSerialNumbers: 4,
  maxUsers: 3,
  maxRevokeClientUserIds: 2,
  maxRevokeSerialNumbers: 2,
};

describe("batches chunked by Apple's live limits", () => {
  it("associate: 5 assets x (7 users + 9 devices) in requests Apple accepts, every pair assigned", async () => {
    const { sim, location, client } = await harness({ limits });
    for (const adamId of ids("10", 5)) location.addAsset({ adamId, totalCount: 100, deviceAssignable: true });
    for (const clientUserId of ids("u", 7)) location.addForeignUser({ clientUserId, status: "Associated" });
    const apple = client();
    const operations = await apple.associateAssets({
      assets: ids("10", 5).map((adamId) => ({ adamId })),
      clientUserIds: ids("u", 7),
      serialNumbers: ids("s", 9),
    });
    expect(requestsTo(sim, "assets/associate").every((r) => r.status === 200)).toBe(true);
    expect(operations).toHaveLength(3 * 3);
    for (const { request } of operations) {
      expect(request.assets.length).toBeLessThanOrEqual(2);
      expect(request.clientUserIds?.length ?? 0).toBeLessThanOrEqual(3);
      expect(request.serialNumbers?.length ?? 0).toBeLessThanOrEqual(4);
    }
    for (const { operationId } of operations) {
      expect((await apple.waitForOperation(operationId, { pollIntervalMs: 1 })).eventStatus).toBe("COMPLETE");
    }
    expect(await collect(apple.assignments())).toHaveLength(5 * (7 + 9));
  });

  it("users: create, update and retire are chunked by maxUsers", async () => {
    const { sim, client } = await harness({ limits });
    const apple = client();
    const created = await apple.createUsers(ids("u", 7).map((clientUserId) => ({ clientUserId })));
    expect(created.map((e) => e.request.users.length)).toEqual([3, 3, 1]);
    const updated = await apple.updateUsers(
      ids("u", 4).map((clientUserId) => ({ clientUserId, email: `${clientUserId}@x.org` })),
    );
    expect(updated).toHaveLength(2);
    const retired = await apple.retireUsers(ids("u", 7));
    expect(retired).toHaveLength(3);
    expect(sim.requests.filter((r) => r.path.startsWith("users/")).every((r) => r.status === 200)).toBe(true);
    expect(await collect(apple.users({ activeOnly: true }))).toHaveLength(0);
  });

  it("revoke: chunked by maxRevokeClientUserIds and maxRevokeSerialNumbers", async () => {
    const { sim, client } = await harness({ limits });
    const operations = await client().revokeAssets({
      clientUserIds: ids("u", 3),
      serialNumbers: ids("s", 5),
    });
    expect(
      operations.map((e) => [e.request.clientUserIds?.length ?? 0, e.request.serialNumbers?.length ?? 0]),
    ).toEqual([
      [2, 2],
      [1, 2],
      [0, 1],
    ]);
    expect(requestsTo(sim, "assets/revoke").every((r) => r.status === 200)).toBe(true);
  });

  it("a failure on the first chunk is the plain error: nothing reached Apple", async () => {
    const { sim, client } = await harness({ limits });
    sim.injectFault({ kind: "http-200-error", path: "users/create", errorNumber: 9602 });
    const error = await rejectionOf(
      client().createUsers(ids("u", 7).map((clientUserId) => ({ clientUserId }))),
    );
    expect(isAppleApiError(error, "invalid-request")).toBe(true);
    expect(requestsTo(sim, "users/create")).toHaveLength(1);
  });

  it("a failure part-way reports the submitted operations and the unsent chunks", async () => {
    const { sim, client } = await harness({ limits });
    let sent = 0;
    const failSecond: typeof fetch = async (input, init) => {
      if (String(input).endsWith("users/create") && ++sent === 2) {
        sim.injectFault({ kind: "http-200-error", path: "users/create", errorNumber: 9602 });
      }
      return fetch(input, init);
    };
    const error = await rejectionOf(
      client({ fetch: failSecond }).createUsers(ids("u", 7).map((clientUserId) => ({ clientUserId }))),
    );
    expect(error).toBeInstanceOf(BatchPartiallySubmittedError);
    const partial = error as BatchPartiallySubmittedError<{ users: unknown[] }, { operationId: string }>;
    expect(partial.code).toBe("batch-partially-submitted");
    expect(partial.submitted).toHaveLength(1);
    expect(partial.unsent.map((c) => c.users.length)).toEqual([3, 1]);
    expect(isAppleApiError(partial.cause, "invalid-request")).toBe(true);
  });

  it("an empty batch sends nothing", async () => {
    const { sim, client } = await harness();
    expect(await client().associateAssets({ assets: [{ adamId: "1" }], clientUserIds: [] })).toEqual([]);
    expect(await client().createUsers([])).toEqual([]);
    expect(sim.requests.filter((r) => r.method === "POST")).toEqual([]);
  });
});
