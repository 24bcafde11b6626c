import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Entry, planRequests } from "./plan.js";
import { workKey } from "./work.js";

const LIMITS = {
  maxClientUserIds: 3,
  maxSerialNumbers: 2,
  maxUsers: 4,
  maxRevokeClientUserIds: 5,
  maxRevokeSerialNumbers: 3,
};
const NOW = 10_000;

const entryArb: fc.Arbitrary<Entry> = fc
  .record({
    operation: fc.constantFrom("associate", "disassociate", "create-user", "retire-user", "revoke" as const),
    adamId: fc.constantFrom("100", "200"),
    holder: fc.integer({ min: 1, max: 12 }),
    device: fc.boolean(),
    age: fc.integer({ min: 0, max: 3_000 }),
    attempts: fc.integer({ min: 0, max: 1 }),
    due: fc.boolean(),
  })
  .map(({ operation, adamId, holder, device, age, attempts, due }) => {
    const onAsset = operation === "associate" || operation === "disassociate";
    const onDevice = (onAsset || operation === "revoke") && device;
    const work = {
      operation,
      tenantId: "acme",
      ...(onDevice ? { serialNumber: `S-${holder}` } : { userId: `u-${holder}` }),
      ...(onAsset ? { adamId } : {}),
      eventId: `e-${holder}`,
      position: BigInt(holder),
    };
    return { work, queuedAt: NOW - age, attempts, notBefore: due ? 0 : NOW + 500, alone: false };
  });

/** Entries as a lane holds them: one per key. */
const laneArb = fc.uniqueArray(entryArb, { selector: (entry) => workKey(entry.work), maxLength: 40 });

const sizeOf = (entry: Entry) => {
  const { work } = entry;
  if (work.operation === "revoke")
    return work.serialNumber === undefined ? LIMITS.maxRevokeClientUserIds : LIMITS.maxRevokeSerialNumbers;
  if (work.adamId === undefined) return LIMITS.maxUsers;
  return work.serialNumber === undefined ? LIMITS.maxClientUserIds : LIMITS.maxSerialNumbers;
};

/** The group a request must stay in: a revoke names users and devices together. */
const groupOf = ({ work }: Entry) =>
  work.operation === "revoke"
    ? "revoke"
    : `${work.operation}/${work.adamId}/${work.serialNumber === undefined}`;

const isDevice = (entry: Entry) => entry.work.serialNumber !== undefined;

describe("planRequests", () => {
  it("every request is one operation on one app for one kind of holder (a revoke: users and devices), within Apple's limits", () => {
    fc.assert(
      fc.property(laneArb, fc.boolean(), (entries, force) => {
        const plan = planRequests(entries, LIMITS, { now: NOW, lingerMs: 1_000, force });
        for (const request of plan.requests) {
          const [first] = request;
          expect(first).toBeDefined();
          for (const kind of [request.filter(isDevice), request.filter((e) => !isDevice(e))])
            if (kind[0] !== undefined) expect(kind.length).toBeLessThanOrEqual(sizeOf(kind[0]));
          for (const entry of request) expect(groupOf(entry)).toBe(groupOf(first as Entry));
        }
      }),
    );
  });

  it("nothing is sent before it is due, nothing twice; with force everything due goes out in the fewest requests", () => {
    fc.assert(
      fc.property(laneArb, (entries) => {
        const plan = planRequests(entries, LIMITS, { now: NOW, lingerMs: 1_000, force: true });
        const sent = plan.requests.flat();
        expect(new Set(sent).size).toBe(sent.length);
        expect(sent.every((entry) => entry.notBefore <= NOW)).toBe(true);
        expect(sent.length).toBe(entries.filter((entry) => entry.notBefore <= NOW).length);
        const groups = new Map<string, Entry[]>();
        for (const entry of sent) groups.set(groupOf(entry), [...(groups.get(groupOf(entry)) ?? []), entry]);
        // Per group, the most requests one kind of holder needs at its limit (a revoke's kinds share them).
        const fewest = [...groups.values()].reduce((total, group) => {
          const needed = [group.filter(isDevice), group.filter((e) => !isDevice(e))].map((kind) =>
            kind[0] === undefined ? 0 : Math.ceil(kind.length / sizeOf(kind[0])),
          );
          return total + Math.max(...needed);
        }, 0);
        expect(plan.requests.length).toBe(fewest);
        if (entries.some((entry) => entry.notBefore > NOW)) expect(plan.wake).toBe(NOW + 500);
      }),
    );
  });

  it("without force, a request that is not full waits for its linger, then goes; full ones go at once", () => {
    const work = (n: number) => ({
      operation: "associate" as const,
      tenantId: "acme",
      userId: `u-${n}`,
      adamId: "100",
      eventId: `e-${n}`,
      position: BigInt(n),
    });
    const entries = [1, 2, 3, 4].map((n) => ({
      work: work(n),
      queuedAt: NOW - 200,
      attempts: 0,
      notBefore: 0,
      alone: false,
    }));

    const young = planRequests(entries, LIMITS, { now: NOW, lingerMs: 1_000, force: false });
    expect(young.requests.map((r) => r.length)).toEqual([3]);
    expect(young.wake).toBe(NOW - 200 + 1_000);

    const old = planRequests(entries, LIMITS, { now: NOW + 800, lingerMs: 1_000, force: false });
    expect(old.requests.map((r) => r.length)).toEqual([3, 1]);
    expect(old.wake).toBeUndefined();
  });
});
