import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Entry, planRequests } from "./plan.js";
import { workKey } from "./work.js";

const LIMITS = { maxClientUserIds: 3, maxSerialNumbers: 2, maxUsers: 4 };
const NOW = 10_000;

const entryArb: fc.Arbitrary<Entry> = fc
  .record({
    operation: fc.constantFrom("associate", "disassociate", "create-user", "retire-user" as const),
    adamId: fc.constantFrom("100", "200"),
    holder: fc.integer({ min: 1, max: 12 }),
    device: fc.boolean(),
    age: fc.integer({ min: 0, max: 3_000 }),
    attempts: fc.integer({ min: 0, max: 1 }),
    due: fc.boolean(),
  })
  .map(({ operation, adamId, holder, device, age, attempts, due }) => {
    const onAsset = operation === "associate" || operation === "disassociate";
    const work = {
      operation,
      tenantId: "acme",
      ...(onAsset && device ? { serialNumber: `S-${holder}` } : { userId: `u-${holder}` }),
      ...(onAsset ? { adamId } : {}),
      eventId: `e-${holder}`,
      position: BigInt(holder),
    };
    return { work, queuedAt: NOW - age, attempts, notBefore: due ? 0 : NOW + 500, alone: false };
  });

/** Entries as a lane holds them: one per key. */
const laneArb = fc.uniqueArray(entryArb, { selector: (entry) => workKey(entry.work), maxLength: 40 });

const sizeOf = (entry: Entry) =>
  entry.work.adamId === undefined
    ? LIMITS.maxUsers
    : entry.work.serialNumber === undefined
      ? LIMITS.maxClientUserIds
      : LIMITS.maxSerialNumbers;

describe("planRequests", () => {
  it("every request is one operation on one app for one kind of holder, within Apple's limit for it", () => {
    fc.assert(
      fc.property(laneArb, fc.boolean(), (entries, force) => {
        const plan = planRequests(entries, LIMITS, { now: NOW, lingerMs: 1_000, force });
        for (const request of plan.requests) {
          const [first] = request;
          expect(first).toBeDefined();
          expect(request.length).toBeLessThanOrEqual(sizeOf(first as Entry));
          for (const entry of request) {
            expect(entry.work.operation).toBe(first?.work.operation);
            expect(entry.work.adamId).toBe(first?.work.adamId);
            expect(entry.work.serialNumber === undefined).toBe(first?.work.serialNumber === undefined);
          }
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
        const groups = new Map<string, number>();
        for (const entry of sent) {
          const key = `${entry.work.operation}/${entry.work.adamId}/${entry.work.serialNumber === undefined}`;
          groups.set(key, (groups.get(key) ?? 0) + 1);
        }
        const fewest = [...groups].reduce((total, [key, n]) => {
          const sample = sent.find(
            (e) => `${e.work.operation}/${e.work.adamId}/${e.work.serialNumber === undefined}` === key,
          );
          return total + Math.ceil(n / sizeOf(sample as Entry));
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
