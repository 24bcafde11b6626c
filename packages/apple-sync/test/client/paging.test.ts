import { describe, expect, it } from "vitest";
import {
  type ClientObservation,
  createAppleClient,
  InMemoryTokenVault,
  isAppleApiError,
} from "../../src/index.js";
import { lazyAssignmentsServer } from "./support/lazy-pages.js";
import { collect, harness, pagesOf, rejectionOf, requestsTo } from "./support/setup.js";

const serials = (count: number, prefix = "SN") =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, "0")}`);

describe("paged reads", () => {
  it("follows every page with a small page size: each item exactly once, pages in order", async () => {
    const { sim, location, client } = await harness({ pageSize: 7 });
    location.addAsset({ adamId: "1001", totalCount: 1_000, deviceAssignable: true });
    for (let i = 0; i < 40; i++) location.addAsset({ adamId: String(5000 + i), totalCount: 1 });
    for (const serialNumber of serials(150)) location.addForeignAssignment({ adamId: "1001", serialNumber });
    const apple = client();

    const pages = await pagesOf(apple.assignments());
    expect(pages.map((p) => p.pageIndex)).toEqual(Array.from({ length: 22 }, (_, i) => i));
    expect(pages.every((p) => p.totalPages === 22 && !p.churned)).toBe(true);
    expect(pages.filter((p) => p.isLast).map((p) => p.pageIndex)).toEqual([21]);
    const got = pages.flatMap((p) => p.items.map((a) => a.serialNumber));
    expect(got.sort()).toEqual(serials(150));

    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
    const queried = requestsTo(sim, "assignments").map((r) => r.query.pageIndex);
    expect(queried[0]).toBeUndefined();
    expect(
      queried
        .slice(1)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));

    expect(await collect(apple.assets())).toHaveLength(41);
  });

  it("never has more than 5 pages in flight, and does fetch in parallel", async () => {
    const { sim, location, client } = await harness({ pageSize: 5, latencyMs: 25 });
    location.addAsset({ adamId: "1001", totalCount: 1_000, deviceAssignable: true });
    for (const serialNumber of serials(120)) location.addForeignAssignment({ adamId: "1001", serialNumber });
    await client().getClientConfig();
    sim.clearLogs();
    expect(await collect(client({ maxPagesInFlight: 50 }).assignments())).toHaveLength(120);
    expect(sim.inFlight("assignments").max).toBeLessThanOrEqual(5);
    expect(sim.inFlight("assignments").max).toBeGreaterThan(1);
  });

  it("goes on through a change mid-walk (Apple's guidance), keeping the first page's versionId for the next read", async () => {
    const { location, client } = await harness({ pageSize: 5 });
    location.addAsset({ adamId: "1001", totalCount: 1_000, deviceAssignable: true });
    for (const serialNumber of serials(30)) location.addForeignAssignment({ adamId: "1001", serialNumber });
    const observations: ClientObservation[] = [];
    const apple = client({ observer: (e) => observations.push(e), maxPagesInFlight: 1 });
    const pages = [];
    let firstVersion: string | undefined;
    for await (const page of apple.assignments()) {
      pages.push(page);
      if (page.pageIndex === 0) {
        firstVersion = page.response.versionId;
        location.addForeignAssignment({ adamId: "1001", serialNumber: "SN-LATE" });
      }
    }
    expect(pages[0]?.pageIndex).toBe(0);
    expect(pages.map((p) => p.pageIndex)).toEqual(pages.map((_, i) => i));
    expect(pages.every((p) => p.versionId === firstVersion)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ isLast: true, churned: true });
    const seen = new Set(pages.flatMap((p) => p.items.map((a) => a.serialNumber)));
    for (const serial of serials(30)) expect(seen.has(serial)).toBe(true);
    expect(observations.filter((e) => e.type === "walk-churned")).toHaveLength(1);
    // The first page's version, read again incrementally, brings what changed during the walk.
    const since = await collect(apple.assignments({ sinceVersionId: firstVersion! }));
    expect(since.map((a) => a.serialNumber)).toContain("SN-LATE");
  });

  it("gives up with walk-unstable only when the data grows far faster than the walk reads it", async () => {
    const { location, client } = await harness({ pageSize: 5 });
    location.addAsset({ adamId: "1001", totalCount: 100_000, deviceAssignable: true });
    for (const serialNumber of serials(30)) location.addForeignAssignment({ adamId: "1001", serialNumber });
    let added = 0;
    const walk = async () => {
      for await (const _ of client({ walkGrowthAllowance: 2, maxPagesInFlight: 1 }).assignments()) {
        for (let i = 0; i < 10; i++)
          location.addForeignAssignment({ adamId: "1001", serialNumber: `SN-CHURN-${added++}` });
      }
    };
    const error = await rejectionOf(walk());
    expect(isAppleApiError(error, "walk-unstable")).toBe(true);
    expect((error as unknown as { pagesRead: number }).pagesRead).toBe(15);
  });

  it("reads only what changed with sinceVersionId", async () => {
    const { location, client } = await harness({ pageSize: 4 });
    location.addAsset({ adamId: "1001", totalCount: 100, deviceAssignable: true });
    for (const serialNumber of serials(10)) location.addForeignAssignment({ adamId: "1001", serialNumber });
    location.addForeignUser({ clientUserId: "u-1" });
    const apple = client();
    const full = await pagesOf(apple.assignments());
    const since = full.find((p) => p.isLast)!.versionId;
    const users = await pagesOf(apple.users());
    const usersSince = users.find((p) => p.isLast)!.versionId;

    location.addForeignAssignment({ adamId: "1001", serialNumber: "SN-NEW" });
    location.addForeignUser({ clientUserId: "u-2" });
    const delta = await collect(apple.assignments({ sinceVersionId: since }));
    expect(delta.map((a) => a.serialNumber)).toEqual(["SN-NEW"]);
    expect((await collect(apple.users({ sinceVersionId: usersSince }))).map((u) => u.clientUserId)).toEqual([
      "u-2",
    ]);
  });

  it("an unknown sinceVersionId is invalid-request 9721: a full read is needed", async () => {
    const { client } = await harness();
    const error = await rejectionOf(collect(client().assignments({ sinceVersionId: "999-deadbeef" })));
    expect(error).toMatchObject({ code: "invalid-request", errorNumber: 9721 });
  });

  it("streams 200,000 assignments holding at most 5 pages beyond what the consumer took", async () => {
    // The simulator's setup of 200,000 assignments is quadratic, so a lazy page server plays Apple here.
    const apple = await lazyAssignmentsServer({ total: 200_000, pageSize: 1_000 });
    const vault = new InMemoryTokenVault();
    await vault.put("acct-1", "c3luLXRva2VuLWZvci1wYWdpbmc=");
    let items = 0;
    let pages = 0;
    let maxAhead = 0;
    for await (const page of createAppleClient({
      vault,
      accountId: "acct-1",
      baseUrl: apple.baseUrl,
    }).assignments()) {
      items += page.items.length;
      pages++;
      maxAhead = Math.max(maxAhead, apple.served() - 1 - pages);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await apple.close();
    expect(items).toBe(200_000);
    expect(pages).toBe(200);
    expect(apple.maxInFlight()).toBeLessThanOrEqual(5);
    expect(maxAhead).toBeLessThanOrEqual(5);
  }, 60_000);
});
