import { describe, expect, it } from "vitest";
import { chunk, chunkManageAssets, chunkRevoke, chunkUsers } from "./batching.js";
import { isAppleApiError } from "./errors.js";

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const limits = { maxAssets: 2, maxClientUserIds: 3, maxSerialNumbers: 2 };

describe("batching by Apple's limits", () => {
  it("chunk splits into consecutive slices of at most the size", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it("associate: every asset reaches every user and device, no request above any limit", () => {
    const assets = ids("a", 5).map((adamId) => ({ adamId }));
    const users = ids("u", 7);
    const devices = ids("s", 3);
    const requests = chunkManageAssets({ assets, clientUserIds: users, serialNumbers: devices }, limits);
    for (const request of requests) {
      expect(request.assets.length).toBeLessThanOrEqual(2);
      expect(request.clientUserIds?.length ?? 0).toBeLessThanOrEqual(3);
      expect(request.serialNumbers?.length ?? 0).toBeLessThanOrEqual(2);
    }
    const pairs = new Set(
      requests.flatMap((r) =>
        r.assets.flatMap((a) =>
          [...(r.clientUserIds ?? []), ...(r.serialNumbers ?? [])].map((t) => `${a.adamId}>${t}`),
        ),
      ),
    );
    expect(pairs.size).toBe(5 * (7 + 3));
    expect(requests.length).toBe(3 * 3);
  });

  it("associate: duplicates are merged (Apple rejects them with 9703–9705) and empty input sends nothing", () => {
    const requests = chunkManageAssets(
      { assets: [{ adamId: "1" }, { adamId: "1" }], clientUserIds: ["u1", "u1", "u2"] },
      limits,
    );
    expect(requests).toEqual([{ assets: [{ adamId: "1" }], clientUserIds: ["u1", "u2"] }]);
    expect(chunkManageAssets({ assets: [{ adamId: "1" }] }, limits)).toEqual([]);
    expect(chunkManageAssets({ assets: [], clientUserIds: ["u1"] }, limits)).toEqual([]);
  });

  it("revoke: chunked by maxRevokeClientUserIds and maxRevokeSerialNumbers", () => {
    const requests = chunkRevoke(
      { clientUserIds: ids("u", 5), serialNumbers: ids("s", 1) },
      { maxRevokeClientUserIds: 2, maxRevokeSerialNumbers: 2 },
    );
    expect(requests).toEqual([
      { clientUserIds: ["u0", "u1"], serialNumbers: ["s0"] },
      { clientUserIds: ["u2", "u3"] },
      { clientUserIds: ["u4"] },
    ]);
  });

  it("users: chunked by maxUsers; identical repeats merged, conflicting repeats refused", () => {
    const users = ids("u", 5).map((clientUserId) => ({ clientUserId }));
    expect(chunkUsers([...users, { clientUserId: "u0" }], 2).map((c) => c.length)).toEqual([2, 2, 1]);
    let caught: unknown;
    try {
      chunkUsers(
        [
          { clientUserId: "u0", email: "a@x" },
          { clientUserId: "u0", email: "b@x" },
        ],
        2,
      );
    } catch (error) {
      caught = error;
    }
    expect(isAppleApiError(caught, "invalid-request")).toBe(true);
  });
});
