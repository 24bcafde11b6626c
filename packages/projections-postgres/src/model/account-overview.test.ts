import { defaultVppAccountPolicy } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { type AccountDocument, projectAccountOverview, toAccountOverviewRow } from "./account-overview.js";
import { at, ledger } from "./fixtures.test-support.js";

describe("projectAccountOverview", () => {
  const l = ledger();
  const upload = l.account("acme", {
    type: "TokenUploaded",
    data: {
      orgName: "Acme",
      tokenName: "Main",
      appleId: "admin@example.org",
      fingerprint: "f1",
      expiresAt: "2027-11-25T00:00:00Z",
      at: at(1),
    },
  });
  const linked = (): AccountDocument => {
    const [change] = projectAccountOverview(upload, undefined);
    if (!change) throw new Error("no change");
    return change.account;
  };

  it("R4: a token upload makes the page; before it there is none", () => {
    const account = linked();
    expect(toAccountOverviewRow("acme", account, at(2), defaultVppAccountPolicy)).toMatchObject({
      tokenName: "Main",
      appleId: "admin@example.org",
      lastUpdatedAt: at(1),
      status: "active",
    });
    const invited = l.account("acme", { type: "UserInvited", data: { userId: "u1", at: at(1) } });
    expect(projectAccountOverview(invited, account)).toEqual([]);
  });

  it("R6: another MDM's claim shows on the page until ownership is restored", () => {
    const claim = l.account("acme", {
      type: "LocationClaimedByOtherMdm",
      data: { mdmId: "x", mdmName: "Other", at: at(3) },
    });
    const [claimed] = projectAccountOverview(claim, linked());
    expect(toAccountOverviewRow("acme", claimed!.account, at(4), defaultVppAccountPolicy)).toMatchObject({
      claimedBy: { mdmId: "x", mdmName: "Other" },
      status: "claimed-by-other-mdm",
    });
  });

  it("the admin's Apple ID is erased on request", () => {
    const erased = l.account("acme", { type: "AppleIdErased", data: { at: at(5) } });
    const [change] = projectAccountOverview(erased, linked());
    expect(change?.account.link?.appleId).not.toBe("admin@example.org");
  });
});
