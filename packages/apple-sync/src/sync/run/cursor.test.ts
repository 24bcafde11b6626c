import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AppleAsset, choosePoolAsset } from "./asset-keys.js";
import { planReads } from "./cursor.js";

const DAY = 86_400_000;
const cursor = { usersVersionId: "u1", assignmentsVersionId: "a1", fullAt: "2026-06-01T00:00:00.000Z" };
const at = (ms: number) => new Date(Date.parse(cursor.fullAt) + ms).toISOString();

describe("planReads", () => {
  it("reads incrementally from a complete cursor within the full-read interval", () => {
    expect(planReads({ cursor, now: at(DAY - 1), fullEveryMs: DAY, countsDisagree: false })).toEqual({
      mode: "incremental",
      usersSince: "u1",
      assignmentsSince: "a1",
    });
  });

  it("reads in full without a cursor, on schedule, and when counts disagree", () => {
    const plan = (c: typeof cursor | undefined, now: string, disagree = false) =>
      planReads({ cursor: c, now, fullEveryMs: DAY, countsDisagree: disagree });
    expect(plan(undefined, at(0))).toEqual({ mode: "full", reason: "no-cursor" });
    expect(plan({ ...cursor, usersVersionId: undefined as unknown as string }, at(0))).toMatchObject({
      reason: "no-cursor",
    });
    expect(plan(cursor, at(DAY))).toEqual({ mode: "full", reason: "schedule" });
    expect(plan({ ...cursor, fullAt: undefined as unknown as string }, at(0))).toMatchObject({
      reason: "schedule",
    });
    expect(plan(cursor, at(1), true)).toEqual({ mode: "full", reason: "counts-disagree" });
  });
});

const asset = (pricingParam: "STDQ" | "PLUS" | undefined, purchased: number): AppleAsset => ({
  adamId: "1",
  pricingParam,
  purchased,
  assigned: 0,
  supportedPlatforms: undefined,
  deviceAssignable: undefined,
});

describe("choosePoolAsset", () => {
  it("keeps the pricingParam the pool has, else STDQ (Apple's default), else the larger count", () => {
    const stdq = asset("STDQ", 5);
    const plus = asset("PLUS", 9);
    expect(choosePoolAsset([stdq, plus], "PLUS").chosen).toBe(plus);
    expect(choosePoolAsset([plus, stdq], null).chosen).toBe(stdq);
    expect(choosePoolAsset([asset(undefined, 2), plus], undefined).chosen).toBe(plus);
  });

  it("never sums: the chosen count is one asset's, and every other asset is reported", () => {
    const arbitrary = fc.array(
      fc.record({ p: fc.constantFrom("STDQ" as const, "PLUS" as const), n: fc.nat(1_000) }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(arbitrary, fc.constantFrom("STDQ" as const, "PLUS" as const, null), (specs, current) => {
        const assets = specs.map(({ p, n }) => asset(p, n));
        const { chosen, others } = choosePoolAsset(assets, current);
        expect(assets).toContain(chosen);
        expect(others).toHaveLength(assets.length - 1);
        if (assets.some((a) => a.pricingParam === current)) expect(chosen.pricingParam).toBe(current);
      }),
    );
  });
});
