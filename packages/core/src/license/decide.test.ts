import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import type { LicenseEvent } from "./events.js";
import { License } from "./index.js";
import { availableLicenses, isOverAllocated } from "./state.js";

const spec = specFor(License);
const at = "2026-11-25T09:00:00Z";
const purchased = (n: number, previous = 0): LicenseEvent => ({
  type: "PurchasedCountSynced",
  data: { purchased: n, previous, at },
});
const deployed = (action: "required" | "available" | "uninstall"): LicenseEvent => ({
  type: "AppDeployed",
  data: { action, at },
});
const assigned = (userId: string): LicenseEvent => ({ type: "LicenseAssigned", data: { userId, at } });
const reclaimed = (userId: string): LicenseEvent => ({
  type: "LicenseReclaimed",
  data: { userId, reason: "app-uninstalled", at },
});
const assign = (userId: string, termsAccepted = true) =>
  ({ type: "AssignLicense", data: { userId, termsAccepted, at } }) as const;
const ready = [purchased(2), deployed("required")];

describe("License: purchased counts (R11)", () => {
  it("R11: Apple's purchased count is recorded with the previous one", () => {
    spec
      .given([])
      .when({ type: "SyncPurchasedCount", data: { purchased: 10, at } })
      .then([purchased(10)]);
    spec
      .given([purchased(10)])
      .when({ type: "SyncPurchasedCount", data: { purchased: 12, at } })
      .then([purchased(12, 10)]);
  });

  it("R11: an unchanged count appends nothing", () => {
    spec
      .given([purchased(10)])
      .when({ type: "SyncPurchasedCount", data: { purchased: 10, at } })
      .thenNothing();
  });

  it("R16: a count lowered below the assigned licenses is reported as over-allocation", () => {
    spec
      .given([...ready, assigned("u1"), assigned("u2")])
      .when({ type: "SyncPurchasedCount", data: { purchased: 1, at } })
      .then([purchased(1, 2), { type: "OverAllocationDetected", data: { purchased: 1, assigned: 2, at } }]);
  });
});

describe("License: assignment", () => {
  it("R12: a required deployment consumes one license for a user who installs", () => {
    spec
      .given(ready)
      .when(assign("u1"))
      .then([assigned("u1")]);
  });

  it("R12: an available deployment also consumes a license when the user installs", () => {
    spec
      .given([purchased(1), deployed("available")])
      .when(assign("u1"))
      .then([assigned("u1")]);
  });

  it("R13: a user holds at most one license per app: a re-install consumes nothing", () => {
    spec
      .given([...ready, assigned("u1")])
      .when(assign("u1"))
      .thenNothing();
  });

  it("R13: a retry is free even when the pool is exhausted or the app undeployed since", () => {
    spec
      .given([...ready, assigned("u1"), assigned("u2")])
      .when(assign("u1"))
      .thenNothing();
    spec
      .given([...ready, assigned("u1"), deployed("uninstall")])
      .when(assign("u1"))
      .thenNothing();
  });

  it("R15: a user who has not accepted the terms gets no license", () => {
    spec.given(ready).when(assign("u1", false)).thenError("terms-not-accepted");
  });

  it("R16: when no license is left the install fails with a clear reason", () => {
    const error = spec
      .given([...ready, assigned("u1"), assigned("u2")])
      .when(assign("u3"))
      .thenError("no-license-available");
    expect(error.message).toContain("all 2 purchased licenses are assigned");
    expect(error.details).toEqual({ purchased: 2, assigned: 2 });
  });

  it("R16: while over-allocated no new license is assigned, even after one reclaim", () => {
    const history = [...ready, assigned("u1"), assigned("u2"), purchased(1, 2)];
    spec.given(history).when(assign("u3")).thenError("no-license-available");
    spec
      .given([...history, reclaimed("u1")])
      .when(assign("u3"))
      .thenError("no-license-available");
    spec
      .given([...history, reclaimed("u1"), reclaimed("u2")])
      .when(assign("u3"))
      .then([assigned("u3")]);
  });

  it("R16: nothing is assigned before Apple's count is known", () => {
    spec
      .given([deployed("required")])
      .when(assign("u1"))
      .thenError("no-license-available");
  });

  it("an app that was never deployed, or is deployed as uninstall, assigns nothing", () => {
    spec
      .given([purchased(5)])
      .when(assign("u1"))
      .thenError("app-not-deployed");
    spec
      .given([...ready, deployed("uninstall")])
      .when(assign("u1"))
      .thenError("app-not-deployed");
  });
});

describe("License: reclaim (R14)", () => {
  it("R14: changing the deployment to uninstall reclaims nothing by itself", () => {
    spec
      .given([...ready, assigned("u1")])
      .when({ type: "DeployApp", data: { action: "uninstall", at } })
      .thenState((state) => {
        expect(state.holders.has("u1")).toBe(true);
        expect(availableLicenses(state)).toBe(1);
      });
  });

  it("R14: the license returns once the device reports the app uninstalled", () => {
    spec
      .given([...ready, assigned("u1"), deployed("uninstall")])
      .when({ type: "ReclaimLicense", data: { userId: "u1", reason: "app-uninstalled", at } })
      .then([reclaimed("u1")]);
  });

  it("R14: reclaiming a user without a license changes nothing", () => {
    spec
      .given(ready)
      .when({ type: "ReclaimLicense", data: { userId: "u1", reason: "user-retired", at } })
      .thenNothing();
  });

  it("R13 R14: a reclaimed user can get a license again", () => {
    spec
      .given([...ready, assigned("u1"), reclaimed("u1")])
      .when(assign("u1"))
      .then([assigned("u1")]);
  });

  it("setting the same deployment action twice appends nothing", () => {
    spec
      .given(ready)
      .when({ type: "DeployApp", data: { action: "required", at } })
      .thenNothing();
  });
});

describe("License: install monitoring (R17)", () => {
  it("R17: an install reported by a device is recorded for a license holder only", () => {
    spec
      .given([...ready, assigned("u1")])
      .when({ type: "RecordAppInstalled", data: { userId: "u1", at } })
      .then([{ type: "AppInstalled", data: { userId: "u1", at } }]);
    spec
      .given(ready)
      .when({ type: "RecordAppInstalled", data: { userId: "u9", at } })
      .thenError("license-not-held");
  });

  it("R16 R17: a failed install is recorded with its reason", () => {
    const reason = { code: "no-license-available", message: "all 2 purchased licenses are assigned" };
    spec
      .given(ready)
      .when({ type: "RecordInstallFailure", data: { userId: "u3", reason, at } })
      .then([{ type: "InstallFailed", data: { userId: "u3", reason, at } }]);
  });

  it("R16: over-allocation is visible in the state", () => {
    spec
      .given([...ready, assigned("u1"), assigned("u2")])
      .when({ type: "SyncPurchasedCount", data: { purchased: 0, at } })
      .thenState((state) => {
        expect(isOverAllocated(state)).toBe(true);
        expect(availableLicenses(state)).toBe(0);
      });
  });
});

describe("License: install requests (R15)", () => {
  it("R15: a request before the terms are accepted is recorded as waiting", () => {
    spec
      .given(ready)
      .when({ type: "RequestInstall", data: { userId: "u1", at } })
      .then([{ type: "InstallRequested", data: { userId: "u1", at } }]);
  });

  it("R13: a license holder's request records nothing", () => {
    spec
      .given([...ready, assigned("u1")])
      .when({ type: "RequestInstall", data: { userId: "u1", at } })
      .thenNothing();
  });
});
