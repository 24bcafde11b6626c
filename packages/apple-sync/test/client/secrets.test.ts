import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { type ClientObservation, isAppleApiError } from "../../src/index.js";
import { secretLeaks } from "../../src/untrusted/leaks.test-support.js";
import { collect, harness, OTHER_MDM, OUR_MDM, rejectionOf } from "./support/setup.js";

/** Every way an error can be shown: message, stack, inspect (with causes) and JSON. */
const renderings = (error: unknown): string[] => [
  String(error),
  (error as Error).stack ?? "",
  inspect(error, { depth: 10 }),
  JSON.stringify(error, Object.getOwnPropertyNames(error)),
];

describe("the sToken never leaks", () => {
  it("is absent from every error the client can throw, and from observations", async () => {
    const { sim, location, sToken, vault, virtualClient } = await harness({ maxRequestPerSecond: 1_000 });
    location.addAsset({ adamId: "1001", totalCount: 1 });
    const observations: ClientObservation[] = [];
    const observer = (observation: ClientObservation) => observations.push(observation);
    const apple = virtualClient({ observer, mdmInfo: OUR_MDM, retry: { maxAttempts: 2 } });
    const errors: unknown[] = [];
    const capture = async (promise: Promise<unknown>) => errors.push(await rejectionOf(promise));

    for (const kind of ["rate-limit", "unavailable", "server-error"] as const) {
      sim.injectFault({ kind, path: "client/config", times: 2 });
      await capture(apple.getClientConfig());
    }
    sim.injectFault({ kind: "malformed-json", path: "client/config", times: 2 });
    await capture(apple.getClientConfig());
    sim.injectFault({ kind: "missing-field", path: "users/create", field: "eventId", times: 2 });
    await capture(apple.createUsers([{ clientUserId: "u-1" }]));
    for (const errorNumber of [9709, 9602, 9637] as const) {
      sim.injectFault({ kind: "http-200-error", path: "assets/associate", errorNumber });
      await capture(apple.associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u"] }));
    }
    await capture(apple.operationStatus("unknown-operation"));
    sim.injectFault({ kind: "unavailable", path: "client/config", retryAfterSeconds: 60 });
    await capture(virtualClient({ deadlineMs: 1_000 }).getClientConfig());
    sim.injectFault({ kind: "server-error", path: "client/config", times: 2 });
    await capture(virtualClient({ deadlineMs: 1_000, retry: { baseDelayMs: 5_000 } }).getClientConfig());
    await capture(virtualClient({ baseUrl: "http://127.0.0.1:9/mdm/v2" }).getClientConfig());
    location.setMdmInfo(OTHER_MDM);
    await capture(collect(apple.assets()));
    location.revokeToken();
    await capture(virtualClient().getClientConfig());
    await vault.put("acct-1", `${sToken}x`);
    await capture(virtualClient().getClientConfig());

    // Apple (or a proxy) echoing the bearer back, in a body and in a network error.
    const echo: typeof fetch = async (input, init) => {
      if (String(input).endsWith("service/config")) return fetch(input, init);
      const bearer = new Headers(init?.headers).get("authorization") ?? "";
      return new Response(JSON.stringify({ errorNumber: 9602, errorMessage: `bad request with ${bearer}` }), {
        status: 400,
      });
    };
    await vault.put("acct-1", sToken);
    await capture(virtualClient({ fetch: echo }).getClientConfig());
    const leakyNetwork: typeof fetch = async (input, init) => {
      if (String(input).endsWith("service/config")) return fetch(input, init);
      const bearer = new Headers(init?.headers).get("authorization") ?? "";
      throw new TypeError("fetch failed", { cause: new Error(`socket hang up sending ${bearer}`) });
    };
    await capture(virtualClient({ fetch: leakyNetwork }).getClientConfig());

    const codes = new Set(errors.map((error) => (isAppleApiError(error) ? error.code : "not-typed")));
    expect([...codes].sort()).toEqual(
      [
        "deadline-exceeded",
        "forbidden",
        "invalid-request",
        "malformed-response",
        "mdm-conflict",
        "not-enough-licenses",
        "server-error",
        "throttled",
        "token-revoked",
        "transport",
        "unauthorized",
        "unavailable",
      ].sort(),
    );
    const secrets = [sToken, location.sToken];
    for (const error of errors) {
      for (const text of renderings(error)) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    const echoed = errors.at(-2) as { errorMessage?: string };
    expect(echoed.errorMessage).toBe("bad request with Bearer [redacted]");
    expect((errors.at(-1) as Error).message).toContain("socket hang up sending Bearer [redacted]");
    expect(JSON.stringify(observations)).not.toContain(location.sToken);
    expect(inspect(apple, { depth: 10 })).not.toContain(location.sToken);
  });
});

describe("Apple's ids in messages and observations (R24)", () => {
  it("R24: an eventId or versionId carrying the token never reaches an error message or an observation", async () => {
    const { location, sToken, virtualClient } = await harness({ maxRequestPerSecond: 1_000 });
    const secrets = [sToken, location.sToken];
    const observations: ClientObservation[] = [];
    // Apple (or a proxy) answering with ids built from the bearer: a pending operation, a list whose version moves.
    let page = 0;
    const echoing: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith("service/config")) return fetch(input, init);
      const json = (body: object) => new Response(JSON.stringify(body), { status: 200 });
      if (url.pathname.endsWith("/status")) return json({ eventStatus: "PENDING" });
      const index = Number(url.searchParams.get("pageIndex") ?? 0);
      page++;
      return json({
        assets: [],
        currentPageIndex: index,
        // Growing without end: the walk goes on through the churn until its bound, then gives up.
        totalPages: page + 2,
        versionId: `${page}-${location.sToken}`,
        nextPageIndex: index + 1,
      });
    };
    const apple = virtualClient({
      fetch: echoing,
      observer: (observation) => observations.push(observation),
    });

    const pending = await rejectionOf(
      apple.waitForOperation(`evt-${location.sToken}`, { pollIntervalMs: 1, timeoutMs: 1 }),
    );
    const unstable = await rejectionOf(collect(apple.assets()));

    expect([pending, unstable].map((error) => (isAppleApiError(error) ? error.code : "untyped"))).toEqual([
      "operation-still-pending",
      "walk-unstable",
    ]);
    expect(observations.some((observation) => observation.type === "walk-churned")).toBe(true);
    for (const text of [...renderings(pending), ...renderings(unstable), JSON.stringify(observations)]) {
      for (const secret of secrets) expect(secretLeaks(text, [secret])).toEqual([]);
    }
  });
});
