import { describe, expect, it } from "vitest";
import { SERVICE_CONFIG_TTL_MS } from "../../src/index.js";
import { harness, requestsTo } from "./support/setup.js";

describe("service config cache", () => {
  it("is fetched once for many calls, and refreshed only after five minutes", async () => {
    const { sim, clock, virtualClient } = await harness();
    const apple = virtualClient();
    await Promise.all([
      apple.getClientConfig(),
      apple.serviceConfig(),
      apple.createUsers([{ clientUserId: "u-1" }]),
    ]);
    await apple.getClientConfig();
    expect(requestsTo(sim, "service/config")).toHaveLength(1);
    clock.advance(SERVICE_CONFIG_TTL_MS - 1_000);
    await apple.getClientConfig();
    expect(requestsTo(sim, "service/config")).toHaveLength(1);
    clock.advance(2_000);
    await apple.getClientConfig();
    await apple.getClientConfig();
    expect(requestsTo(sim, "service/config")).toHaveLength(2);
  });

  it("keeps serving the previous config when a refresh fails", async () => {
    const { sim, clock, virtualClient } = await harness({ limits: { maxUsers: 2 } });
    const apple = virtualClient({ retry: { maxAttempts: 2 } });
    await apple.serviceConfig();
    clock.advance(SERVICE_CONFIG_TTL_MS + 1);
    sim.injectFault({ kind: "server-error", path: "service/config", times: 2 });
    const operations = await apple.createUsers([
      { clientUserId: "a" },
      { clientUserId: "b" },
      { clientUserId: "c" },
    ]);
    expect(operations).toHaveLength(2);
    expect(requestsTo(sim, "service/config").map((r) => r.status)).toEqual([200, 500, 500]);
  });
});
