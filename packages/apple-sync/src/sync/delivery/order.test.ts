import { describe, expect, it } from "vitest";
import { inOrder } from "./order.js";
import type { Entry } from "./plan.js";
import type { AppleWork } from "./work.js";

const entry = (operation: AppleWork["operation"], userId: string, position: number): Entry => ({
  work: {
    operation,
    tenantId: "acme",
    userId,
    ...(operation === "revoke" ? {} : { adamId: "100" }),
    eventId: `e-${position}`,
    position: BigInt(position),
  },
  queuedAt: 0,
  attempts: 0,
  notBefore: 0,
  alone: false,
});

describe("inOrder (a location revoke and the holder's other work)", () => {
  it("R22: work logged after a holder's revoke waits while the revoke waits or is in flight; other holders go", () => {
    const revoke = entry("revoke", "u1", 5);
    const later = entry("associate", "u1", 7);
    const other = entry("associate", "u2", 8);

    expect(inOrder([revoke, later, other], [])).toEqual([revoke, other]);
    expect(inOrder([later, other], [revoke])).toEqual([other]);
    expect(inOrder([later], [])).toEqual([later]);
  });

  it("R22: a revoke waits for the holder's earlier work in flight, not for work logged after it", () => {
    const revoke = entry("revoke", "u1", 5);

    expect(inOrder([revoke], [entry("associate", "u1", 3)])).toEqual([]);
    expect(inOrder([revoke], [entry("associate", "u2", 3)])).toEqual([revoke]);
    expect(inOrder([revoke, entry("disassociate", "u1", 3)], [])).toHaveLength(2);
  });
});
