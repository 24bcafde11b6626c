import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { toIso, toMillis } from "../shared/time.js";
import type { VppAccountEvent } from "./events.js";
import { createVppAccount, VppAccount } from "./index.js";
import {
  accountStatus,
  canAssignLicenses,
  defaultVppAccountPolicy,
  isSyncDue,
  isSyncRunning,
  nextScheduledSync,
} from "./policy.js";

const linkedAt = "2026-11-25T09:00:00.000Z";
const expiresAt = "2027-11-25T10:00:00.000Z";
const uploaded: VppAccountEvent = {
  type: "TokenUploaded",
  data: {
    orgName: "Org",
    tokenName: "Main",
    appleId: "a@example.org",
    fingerprint: "sha256:1",
    expiresAt,
    at: linkedAt,
  },
};
const started = (at: string, syncId = "s1"): VppAccountEvent => ({
  type: "SyncStarted",
  data: { syncId, trigger: "schedule", at },
});
const succeeded = (at: string, syncId = "s1"): VppAccountEvent => ({
  type: "SyncSucceeded",
  data: {
    syncId,
    report: {
      apps: 0,
      users: 0,
      assignments: 0,
      ignoredForeignUsers: 0,
      ignoredForeignAssignments: 0,
      drift: 0,
      changes: 0,
    },
    at,
  },
});
const claimed: VppAccountEvent = {
  type: "LocationClaimedByOtherMdm",
  data: { mdmId: "x", mdmName: "Other MDM", at: linkedAt },
};
const revoked: VppAccountEvent = { type: "TokenRevoked", data: { fingerprint: "sha256:1", at: linkedAt } };
const state = (...events: VppAccountEvent[]) => VppAccount.fold(VppAccount.initialState, events);
const hoursAfter = (iso: string, hours: number) => toIso(toMillis(iso) + hours * 3_600_000);
const codeOf = (result: E.Either<{ code: string }, void>) =>
  E.isLeft(result) ? result.left.code : "allowed";

describe("VppAccount policy: scheduled syncs (R7)", () => {
  it("R7: the first scheduled sync is due right after linking", () => {
    expect(nextScheduledSync(state())).toBeNull();
    expect(nextScheduledSync(state(uploaded))).toBe(linkedAt);
    expect(isSyncDue(state(uploaded), linkedAt)).toBe(true);
  });

  it("R7: then every 12 hours after the last start, whether it succeeded or not", () => {
    const start = "2026-11-25T10:00:00.000Z";
    expect(nextScheduledSync(state(uploaded, started(start)))).toBe("2026-11-25T22:00:00.000Z");
    expect(nextScheduledSync(state(uploaded, started(start), succeeded(hoursAfter(start, 1))))).toBe(
      "2026-11-25T22:00:00.000Z",
    );
    const done = state(uploaded, started(start), succeeded(hoursAfter(start, 1)));
    expect(isSyncDue(done, hoursAfter(start, 11.99))).toBe(false);
    expect(isSyncDue(done, hoursAfter(start, 12))).toBe(true);
  });

  it("R7: the interval is configurable", () => {
    const policy = { ...defaultVppAccountPolicy, syncIntervalHours: 6 };
    const start = "2026-11-25T10:00:00.000Z";
    expect(nextScheduledSync(state(uploaded, started(start)), policy)).toBe("2026-11-25T16:00:00.000Z");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 168 }), (syncIntervalHours) => {
        const next = nextScheduledSync(state(uploaded, started(start)), {
          ...defaultVppAccountPolicy,
          syncIntervalHours,
        });
        expect(next).toBe(hoursAfter(start, syncIntervalHours));
      }),
    );
  });

  it("R7: no sync is due while one runs within its lease; once the lease runs out one is", () => {
    const start = "2026-11-25T10:00:00.000Z";
    const running = state(uploaded, started(start));
    const late = hoursAfter(start, 13);
    expect(isSyncRunning(running, hoursAfter(start, 0.99))).toBe(true);
    expect(isSyncRunning(running, hoursAfter(start, 1))).toBe(false);
    expect(isSyncDue(running, late)).toBe(true);
    expect(isSyncDue(running, late, { ...defaultVppAccountPolicy, syncLeaseMinutes: 14 * 60 })).toBe(false);
  });

  it("R7: the lease given to createVppAccount decides when a stuck sync may be replaced", () => {
    const start = "2026-11-25T10:00:00.000Z";
    const request = {
      type: "RequestSync",
      data: { syncId: "s2", trigger: "schedule", at: hoursAfter(start, 0.25) },
    } as const;
    const history = state(uploaded, started(start));
    expect(E.isLeft(VppAccount.decide(request, history))).toBe(true);
    const short = createVppAccount({ ...defaultVppAccountPolicy, syncLeaseMinutes: 10 });
    expect(
      E.map((events: ReadonlyArray<VppAccountEvent>) => events.map((e) => e.type))(
        short.decide(request, history),
      ),
    ).toEqual(E.right(["SyncFailed", "SyncStarted"]));
  });

  it("R5 R6: no sync is due on an expired, revoked, claimed or unlinked account", () => {
    expect(isSyncDue(state(), linkedAt)).toBe(false);
    expect(isSyncDue(state(uploaded), expiresAt)).toBe(false);
    expect(isSyncDue(state(uploaded, revoked), linkedAt)).toBe(false);
    expect(isSyncDue(state(uploaded, claimed), linkedAt)).toBe(false);
  });
});

describe("VppAccount policy: account status (R4, R5, R6)", () => {
  const soon = toIso(toMillis(expiresAt) - 30 * 24 * 3_600_000);

  it("R4: unlinked before any token", () => {
    expect(accountStatus(state(), linkedAt)).toBe("unlinked");
  });

  it("R4 R5: active, then expiring-soon 30 days before expiry, then expired at the expiry instant", () => {
    expect(accountStatus(state(uploaded), linkedAt)).toBe("active");
    expect(accountStatus(state(uploaded), toIso(toMillis(soon) - 1))).toBe("active");
    expect(accountStatus(state(uploaded), soon)).toBe("expiring-soon");
    expect(accountStatus(state(uploaded), toIso(toMillis(expiresAt) - 1))).toBe("expiring-soon");
    expect(accountStatus(state(uploaded), expiresAt)).toBe("expired");
  });

  it("R4: the warning window is configurable", () => {
    const policy = { ...defaultVppAccountPolicy, expiringSoonDays: 7 };
    expect(accountStatus(state(uploaded), soon, policy)).toBe("active");
  });

  it("R4 R6: a claim by another MDM outranks a revoked token, which outranks expiry", () => {
    expect(accountStatus(state(uploaded, revoked), expiresAt)).toBe("revoked");
    expect(accountStatus(state(uploaded, revoked, claimed), expiresAt)).toBe("claimed-by-other-mdm");
    expect(
      accountStatus(
        state(uploaded, claimed, { type: "OwnershipRestored", data: { at: linkedAt } }),
        linkedAt,
      ),
    ).toBe("active");
  });

  it("R5: a renewal makes an expired or revoked account active again", () => {
    const renewed: VppAccountEvent = {
      type: "TokenRenewed",
      data: {
        ...uploaded.data,
        fingerprint: "sha256:2",
        expiresAt: "2028-11-25T10:00:00.000Z",
        at: expiresAt,
      },
    };
    expect(accountStatus(state(uploaded, revoked, renewed), expiresAt)).toBe("active");
  });
});

describe("VppAccount policy: license assignment (R5, R6)", () => {
  it("R5 R6: licenses may be assigned only on a linked, valid, unclaimed account", () => {
    expect(codeOf(canAssignLicenses(state(uploaded), linkedAt))).toBe("allowed");
    expect(codeOf(canAssignLicenses(state(), linkedAt))).toBe("account-not-linked");
    expect(codeOf(canAssignLicenses(state(uploaded), expiresAt))).toBe("token-expired");
    expect(codeOf(canAssignLicenses(state(uploaded, revoked), linkedAt))).toBe("token-revoked");
    expect(codeOf(canAssignLicenses(state(uploaded, claimed), linkedAt))).toBe("location-claimed");
  });

  it("R6: the refusal names the MDM holding the location", () => {
    const result = canAssignLicenses(state(uploaded, claimed), linkedAt);
    expect(E.isLeft(result) && result.left).toMatchObject({
      message: expect.stringContaining("Other MDM"),
      details: { mdmId: "x" },
    });
  });
});
