import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import { makeVppToken } from "../testing/tokens.js";
import type { VppAccountEvent } from "./events.js";
import { VppAccount } from "./index.js";
import { vppTokenFingerprint } from "./token.js";

const spec = specFor(VppAccount);
const at = "2026-11-25T09:00:00.000Z";
const token = makeVppToken({
  orgName: "Example Org",
  expDate: "2027-11-25T10:00:00+0000",
  token: "s3cr3t-A",
});
const renewed = makeVppToken({
  orgName: "Example Org",
  expDate: "2028-11-25T10:00:00+0000",
  token: "s3cr3t-B",
});
const upload = (content = token, acknowledgedSingleAccount = true, when = at) =>
  ({
    type: "UploadToken",
    data: {
      token: content,
      tokenName: "Main",
      appleId: "admin@example.org",
      acknowledgedSingleAccount,
      at: when,
    },
  }) as const;
const uploaded: VppAccountEvent = {
  type: "TokenUploaded",
  data: {
    orgName: "Example Org",
    tokenName: "Main",
    appleId: "admin@example.org",
    fingerprint: vppTokenFingerprint(token),
    expiresAt: "2027-11-25T10:00:00.000Z",
    at,
  },
};
const later = (iso: string) => iso;

describe("VppAccount: token upload", () => {
  it("R1 R3: the first upload with the admin's acknowledgement links the account", () => {
    spec.given([]).when(upload()).then([uploaded]);
  });

  it("R3: linking without the acknowledgement is refused", () => {
    spec.given([]).when(upload(token, false)).thenError("acknowledgement-required");
  });

  it("R5: an expired token is refused at upload", () => {
    const expired = makeVppToken({ expDate: "2026-11-25T08:59:59+0000" });
    const error = spec.given([]).when(upload(expired)).thenError("token-expired");
    expect(error.message).toContain("2026-11-25T08:59:59.000Z");
  });

  it("R2: a renewed token of the same location replaces the old one", () => {
    spec
      .given([uploaded])
      .when(upload(renewed, false, "2027-11-01T00:00:00Z"))
      .then([
        {
          type: "TokenRenewed",
          data: {
            ...uploaded.data,
            fingerprint: vppTokenFingerprint(renewed),
            expiresAt: "2028-11-25T10:00:00.000Z",
            at: "2027-11-01T00:00:00Z",
          },
        },
      ]);
  });

  it("R2: a token of a different Apple location is refused forever", () => {
    const other = makeVppToken({ orgName: "Other Org" });
    const error = spec.given([uploaded]).when(upload(other)).thenError("account-already-linked");
    expect(error.details).toEqual({ linkedOrgName: "Example Org" });
  });

  it("R1: uploading the same token again changes nothing", () => {
    spec.given([uploaded]).when(upload()).thenNothing();
  });

  it("never puts the token secret in an event", () => {
    spec
      .given([])
      .when(upload())
      .thenState((state) => expect(JSON.stringify(state.link)).not.toContain("s3cr3t-A"));
    expect(JSON.stringify(uploaded)).not.toContain("s3cr3t-A");
    expect(JSON.stringify(uploaded)).not.toContain(token);
  });

  it.each([
    ["not base64", "%%%not-base64%%%"],
    ["bad JSON", Buffer.from("{nope", "utf8").toString("base64")],
    ["a JSON array", Buffer.from("[1]", "utf8").toString("base64")],
    ["a missing token", makeVppToken({ token: undefined })],
    ["a missing orgName", makeVppToken({ orgName: "" })],
    ["a missing expDate", makeVppToken({ expDate: undefined })],
    ["a bad date", makeVppToken({ expDate: "next year" })],
    ["an empty file", "   "],
  ])("R5: a token with %s is token-malformed and its content is not echoed", (_, content) => {
    const error = spec.given([]).when(upload(content)).thenError("token-malformed");
    if (content.trim()) expect(error.message).not.toContain(content);
  });
});

describe("VppAccount: sync", () => {
  const start = (syncId: string, when: string, trigger: "manual" | "schedule" = "manual") =>
    ({ type: "RequestSync", data: { syncId, trigger, at: when } }) as const;
  const started = (syncId: string, when: string): VppAccountEvent => ({
    type: "SyncStarted",
    data: { syncId, trigger: "manual", at: when },
  });
  const report = {
    apps: 2,
    users: 3,
    assignments: 1,
    ignoredForeignUsers: 1,
    ignoredForeignAssignments: 0,
    drift: 0,
    changes: 4,
  };

  it("R7: an admin can sync now", () => {
    spec
      .given([uploaded])
      .when(start("s1", "2026-11-25T10:00:00Z"))
      .then([started("s1", "2026-11-25T10:00:00Z")]);
  });

  it("R7: two syncs of one account never run at once", () => {
    spec
      .given([uploaded, started("s1", "2026-11-25T10:00:00Z")])
      .when(start("s2", "2026-11-25T10:05:00Z"))
      .thenError("sync-in-progress");
  });

  it("R7: a sync that outlived its lease is recorded as abandoned and replaced", () => {
    spec
      .given([uploaded, started("s1", "2026-11-25T10:00:00Z")])
      .when(start("s2", "2026-11-25T11:00:00Z"))
      .then([
        {
          type: "SyncFailed",
          data: {
            syncId: "s1",
            error: { code: "sync-abandoned", message: "no result within 60 minutes" },
            at: "2026-11-25T11:00:00Z",
          },
        },
        started("s2", "2026-11-25T11:00:00Z"),
      ]);
  });

  it("R7: repeating the request of the running sync is idempotent", () => {
    spec
      .given([uploaded, started("s1", "2026-11-25T10:00:00Z")])
      .when(start("s1", "2026-11-25T10:00:00Z"))
      .thenNothing();
  });

  it("R5: no sync once the token expired", () => {
    spec.given([uploaded]).when(start("s1", "2027-11-25T10:00:00Z")).thenError("token-expired");
  });

  it("R6: no sync while another MDM holds the location", () => {
    const claimed: VppAccountEvent = {
      type: "LocationClaimedByOtherMdm",
      data: { mdmId: "other-id", mdmName: "Other MDM", at },
    };
    spec
      .given([uploaded, claimed])
      .when(start("s1", later("2026-11-25T10:00:00Z")))
      .thenError("location-claimed");
  });

  it("R6: after an admin restores ownership, syncs resume", () => {
    const claimed: VppAccountEvent = {
      type: "LocationClaimedByOtherMdm",
      data: { mdmId: "x", mdmName: "Other", at },
    };
    spec
      .given([uploaded, claimed])
      .when({ type: "RestoreOwnership", data: { at } })
      .then([{ type: "OwnershipRestored", data: { at } }]);
    spec
      .given([uploaded, claimed, { type: "OwnershipRestored", data: { at } }])
      .when(start("s1", "2026-11-25T10:00:00Z"))
      .then([started("s1", "2026-11-25T10:00:00Z")]);
  });

  it("a revoked token stops syncs until a renewal", () => {
    const revoked: VppAccountEvent = {
      type: "TokenRevoked",
      data: { fingerprint: uploaded.data.fingerprint, at },
    };
    spec.given([uploaded]).when({ type: "RecordTokenRevoked", data: { at } }).then([revoked]);
    spec.given([uploaded, revoked]).when(start("s1", "2026-11-25T10:00:00Z")).thenError("token-revoked");
    spec
      .given([uploaded, revoked])
      .when(upload(renewed, false, "2026-11-25T09:30:00Z"))
      .thenState((state) => expect(state.link?.revokedAt).toBeNull());
  });

  it("R7: completing the running sync records its report; another sync id is refused", () => {
    const running = [uploaded, started("s1", "2026-11-25T10:00:00Z")];
    const done = {
      type: "CompleteSync",
      data: { syncId: "s1", report, at: "2026-11-25T10:01:00Z" },
    } as const;
    spec
      .given(running)
      .when(done)
      .then([{ type: "SyncSucceeded", data: done.data }]);
    spec
      .given(running)
      .when({ ...done, data: { ...done.data, syncId: "s9" } })
      .thenError("sync-not-running");
  });

  it("R7: a failed sync is recorded and frees the account for the next one", () => {
    const failure = {
      syncId: "s1",
      error: { code: "apple-unavailable", message: "503" },
      at: "2026-11-25T10:01:00Z",
    };
    spec
      .given([uploaded, started("s1", "2026-11-25T10:00:00Z")])
      .when({ type: "FailSync", data: failure })
      .thenState((state) => {
        expect(state.sync.running).toBeNull();
        expect(state.sync.lastFailure).toEqual({ ...failure.error, at: failure.at });
      });
  });

  it("R6: the same claim recorded twice is idempotent", () => {
    const claim = { type: "RecordLocationClaimed", data: { mdmId: "x", mdmName: "Other", at } } as const;
    spec
      .given([uploaded])
      .when(claim)
      .then([{ type: "LocationClaimedByOtherMdm", data: claim.data }]);
    spec
      .given([uploaded, { type: "LocationClaimedByOtherMdm", data: claim.data }])
      .when(claim)
      .thenNothing();
  });

  it("nothing can be synced before a token is uploaded", () => {
    spec.given([]).when(start("s1", at)).thenError("account-not-linked");
  });
});

describe("VppAccount: invitations and terms", () => {
  const invited: VppAccountEvent = { type: "UserInvited", data: { userId: "u1", at } };
  const accepted: VppAccountEvent = { type: "TermsAccepted", data: { userId: "u1", at } };

  it("R15: a user is invited once", () => {
    spec
      .given([uploaded])
      .when({ type: "InviteUser", data: { userId: "u1", at } })
      .then([invited]);
    spec
      .given([uploaded, invited])
      .when({ type: "InviteUser", data: { userId: "u1", at } })
      .thenNothing();
  });

  it("R15: an invited user accepts the terms once", () => {
    spec
      .given([uploaded, invited])
      .when({ type: "AcceptTerms", data: { userId: "u1", at } })
      .then([accepted]);
    spec
      .given([uploaded, invited, accepted])
      .when({ type: "AcceptTerms", data: { userId: "u1", at } })
      .thenNothing();
    spec
      .given([uploaded, invited, accepted])
      .when({ type: "InviteUser", data: { userId: "u1", at } })
      .thenNothing();
  });

  it("R15: terms cannot be accepted without an invitation", () => {
    spec
      .given([uploaded])
      .when({ type: "AcceptTerms", data: { userId: "u1", at } })
      .thenError("user-not-invited");
  });

  it("R15: the terms status of each user is visible (not invited, invited, accepted)", () => {
    spec
      .given([uploaded, invited])
      .when({ type: "AcceptTerms", data: { userId: "u1", at } })
      .thenState((state) => {
        expect(state.users.get("u1")).toBe("accepted");
        expect(state.users.get("u2")).toBeUndefined();
      });
  });

  it("a retired user can be invited again", () => {
    const retired: VppAccountEvent = { type: "UserRetired", data: { userId: "u1", at } };
    spec
      .given([uploaded, invited])
      .when({ type: "RetireUser", data: { userId: "u1", at } })
      .then([retired]);
    spec
      .given([uploaded, invited, retired])
      .when({ type: "InviteUser", data: { userId: "u1", at } })
      .then([invited]);
    spec
      .given([uploaded])
      .when({ type: "RetireUser", data: { userId: "u1", at } })
      .thenNothing();
  });

  it("inviting requires a linked account", () => {
    spec
      .given([])
      .when({ type: "InviteUser", data: { userId: "u1", at } })
      .thenError("account-not-linked");
  });
});
