import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { vppAccountEventArb, vppAccountStateArb } from "../testing/arbitraries/index.js";
import { VppAccount, vppAccountSnapshot } from "./index.js";

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const at = "2026-11-25T09:00:00.000Z";
const link = {
  orgName: "Example Org",
  tokenName: "Main",
  appleId: "admin@example.org",
  fingerprint: "sha256:00",
  expiresAt: "2027-11-25T10:00:00.000Z",
  linkedAt: at,
  updatedAt: at,
  revokedAt: null,
};
const sync = {
  running: null,
  lastStartedAt: null,
  lastSucceededAt: null,
  lastReport: null,
  lastFailure: null,
};
const valid = { link, claimedBy: null, sync, users: [["u1", "invited"]] };

describe("VppAccount snapshot codec", () => {
  it("R18: a reachable account state round trips through encode, JSON and decode", () => {
    fc.assert(
      fc.property(vppAccountStateArb({ maxCommands: 80 }), (state) => {
        expect(vppAccountSnapshot.decode(throughJson(vppAccountSnapshot.encode(state)))).toEqual(
          E.right(state),
        );
      }),
    );
  });

  it("R18: so does the state of any events folded, reachable or not", () => {
    fc.assert(
      fc.property(fc.array(vppAccountEventArb, { maxLength: 30 }), (events) => {
        const state = VppAccount.fold(VppAccount.initialState, events);
        expect(vppAccountSnapshot.decode(throughJson(vppAccountSnapshot.encode(state)))).toEqual(
          E.right(state),
        );
      }),
    );
  });

  it("accepts a hand-written valid snapshot", () => {
    const decoded = vppAccountSnapshot.decode(valid);
    expect(E.isRight(decoded) && decoded.right.users.get("u1")).toBe("invited");
  });

  it("R5: a snapshot whose expiry is not a date is refused rather than read as a token that never expires", () => {
    const stored = { ...valid, link: { ...link, expiresAt: "never" } };
    const decoded = vppAccountSnapshot.decode(stored);
    expect(E.isLeft(decoded) && decoded.left).toMatchObject({
      code: "invalid-input",
      details: { path: "link.expiresAt" },
    });
  });

  it.each([
    ["not an object", "(root)", "account"],
    ["a link without org", "link.orgName", { ...valid, link: { ...link, orgName: undefined } }],
    [
      "a revocation time that is not a date",
      "link.revokedAt",
      { ...valid, link: { ...link, revokedAt: "yes" } },
    ],
    ["a claim without mdm id", "claimedBy.mdmId", { ...valid, claimedBy: { mdmName: "Other", at } }],
    [
      "a running sync with an unknown trigger",
      "sync.running.trigger",
      { ...valid, sync: { ...sync, running: { syncId: "s1", trigger: "cron", startedAt: at } } },
    ],
    [
      "a running sync whose start is not a date",
      "sync.running.startedAt",
      { ...valid, sync: { ...sync, running: { syncId: "s1", trigger: "manual", startedAt: "now" } } },
    ],
    [
      "a negative report count",
      "sync.lastReport.apps",
      { ...valid, sync: { ...sync, lastReport: { apps: -1 } } },
    ],
    ["an unknown terms status", "users", { ...valid, users: [["u1", "maybe"]] }],
    ["users as an object", "users", { ...valid, users: { u1: "invited" } }],
  ])("refuses a snapshot with %s (invalid-input at %s), so it is rebuilt from events", (_, path, stored) => {
    const decoded = vppAccountSnapshot.decode(stored);
    expect(E.isLeft(decoded) && decoded.left).toMatchObject({ code: "invalid-input", details: { path } });
  });
});
