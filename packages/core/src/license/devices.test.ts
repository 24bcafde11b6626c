import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import type { LicenseEvent } from "./events.js";
import { License } from "./index.js";
import { assignedLicenses, availableLicenses } from "./state.js";

const spec = specFor(License);
const at = "2026-11-25T09:00:00Z";
const ev = (type: LicenseEvent["type"], data: object): LicenseEvent =>
  ({ type, data: { ...data, at } }) as LicenseEvent;
const synced = (purchased: number, extra: object = {}) =>
  ev("PurchasedCountSynced", { purchased, previous: 0, ...extra });
const assignable = synced(2, { supportedPlatforms: ["iOS"], deviceAssignable: true });
const deployedTo = (licensing: "user" | "device") => ev("AppDeployed", { action: "required", licensing });
const onDevices = [assignable, deployedTo("device")];
const device = (serialNumber: string, platform = "iOS") =>
  ev("DeviceLicenseAssigned", { serialNumber, platform });
const user = (userId: string) => ev("LicenseAssigned", { userId });
const assignDevice = (serialNumber: string, platform: "iOS" | "macOS" = "iOS") =>
  ({ type: "AssignDeviceLicense", data: { serialNumber, platform, at } }) as const;
const move = (userId: string, serialNumber: string) =>
  ({ type: "MoveLicenseToDevice", data: { userId, serialNumber, platform: "iOS", at } }) as const;

describe("License: device holders (R20)", () => {
  it("R20: a device-licensed deployment assigns a license to a serial number, with no invitation", () => {
    spec
      .given(onDevices)
      .when(assignDevice("C02XYZ"))
      .then([device("C02XYZ")]);
  });

  it("R13: a device holds at most one license per app: a retry consumes nothing, even on a full pool", () => {
    spec
      .given([...onDevices, device("A"), device("B")])
      .when(assignDevice("A"))
      .thenNothing();
  });

  it("R16: users and devices count together against the purchased count", () => {
    const mixed = [assignable, deployedTo("user"), user("u1"), deployedTo("device")];
    spec
      .given([...mixed, device("A")])
      .when(assignDevice("B"))
      .thenError("no-license-available");
    spec
      .given(mixed)
      .when(assignDevice("A"))
      .thenState((state) => {
        expect(assignedLicenses(state)).toBe(2);
        expect(availableLicenses(state)).toBe(0);
      });
  });

  it("R16: a purchased count lowered below users plus devices is reported as over-allocation", () => {
    spec
      .given([...onDevices, device("A"), device("B")])
      .when({ type: "SyncPurchasedCount", data: { purchased: 1, at } })
      .then([
        ev("PurchasedCountSynced", { purchased: 1, previous: 2 }),
        ev("OverAllocationDetected", { purchased: 1, assigned: 2 }),
      ]);
  });

  it("R20: an asset Apple does not make deviceAssignable is refused, at deployment and at assignment", () => {
    const notAssignable = synced(2, { supportedPlatforms: ["iOS"], deviceAssignable: false });
    const refused = spec
      .given([notAssignable])
      .when({ type: "DeployApp", data: { action: "required", licensing: "device", at } })
      .thenError("not-device-assignable");
    expect(refused.message).toContain("license users instead");
    spec
      .given([...onDevices, synced(2, { deviceAssignable: false })])
      .when(assignDevice("A"))
      .thenError("not-device-assignable");
    spec
      .given([synced(2)])
      .when({ type: "DeployApp", data: { action: "required", licensing: "device", at } })
      .thenError("not-device-assignable");
  });

  it("R20: a device whose platform is not in the app's supportedPlatforms is refused, naming both", () => {
    const error = spec.given(onDevices).when(assignDevice("A", "macOS")).thenError("platform-not-supported");
    expect(error.details).toEqual({ platform: "macOS", supported: "iOS" });
  });

  it("R20: the deploy command says whether users or devices are licensed; the other kind is refused", () => {
    spec
      .given(onDevices)
      .when({ type: "AssignLicense", data: { userId: "u1", termsAccepted: true, at } })
      .thenError("licensing-mode-mismatch");
    spec
      .given([assignable, deployedTo("user")])
      .when(assignDevice("A"))
      .thenError("licensing-mode-mismatch");
    spec
      .given([assignable, ev("AppDeployed", { action: "required" })])
      .when(assignDevice("A"))
      .thenError("licensing-mode-mismatch");
    spec
      .given([assignable, ev("AppDeployed", { action: "uninstall", licensing: "device" })])
      .when(assignDevice("A"))
      .thenError("app-not-deployed");
  });

  it("R20: a device-licensed deployment records no install request waiting for terms: no invitation", () => {
    spec
      .given(onDevices)
      .when({ type: "RequestInstall", data: { userId: "u1", at } })
      .thenError("licensing-mode-mismatch");
  });

  it("R14, R21: a device's license is reclaimed with its reason; a device without one changes nothing", () => {
    const reclaim = {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "A", reason: "device-wiped", at },
    } as const;
    spec
      .given([...onDevices, device("A")])
      .when(reclaim)
      .then([ev("DeviceLicenseReclaimed", { serialNumber: "A", reason: "device-wiped" })]);
    spec.given(onDevices).when(reclaim).thenNothing();
  });
});

describe("License: user → device licensing (R21)", () => {
  const withUser = [assignable, deployedTo("user"), user("u1"), user("u2"), deployedTo("device")];

  it("R21: a user's license moves to the user's device in one event, on a full pool, never over-assigning", () => {
    spec
      .given(withUser)
      .when(move("u1", "A"))
      .then([ev("LicenseMovedToDevice", { userId: "u1", serialNumber: "A", platform: "iOS" })]);
    spec
      .given(withUser)
      .when(move("u1", "A"))
      .thenState((state) => {
        expect([...state.holders.keys()]).toEqual(["u2"]);
        expect([...state.devices.keys()]).toEqual(["A"]);
        expect(assignedLicenses(state)).toBe(2);
      });
  });

  it("R21: a retried move records nothing; a device that already holds one frees only the user's", () => {
    const moved = ev("LicenseMovedToDevice", { userId: "u1", serialNumber: "A", platform: "iOS" });
    spec
      .given([...withUser, moved])
      .when(move("u1", "A"))
      .thenNothing();
    spec
      .given([...withUser, ev("LicenseReclaimed", { userId: "u2", reason: "app-uninstalled" }), device("A")])
      .when(move("u1", "A"))
      .then([ev("LicenseReclaimed", { userId: "u1", reason: "moved-to-device" })]);
  });

  it("R21: a user without a license gets the device a new one under the usual checks", () => {
    spec.given(withUser).when(move("u3", "A")).thenError("no-license-available");
    spec
      .given([assignable, deployedTo("device")])
      .when(move("u3", "A"))
      .then([device("A")]);
  });

  it("R20, R21: a move checks the device like an assignment: licensing, deviceAssignable, platform", () => {
    spec
      .given([assignable, deployedTo("user"), user("u1")])
      .when(move("u1", "A"))
      .thenError("licensing-mode-mismatch");
    spec
      .given([...withUser, synced(2, { supportedPlatforms: ["macOS"] })])
      .when(move("u1", "A"))
      .thenError("platform-not-supported");
  });
});

describe("License: revoke all (R22)", () => {
  const revoke = { type: "RevokeAllLicenses", data: { scope: "app", reason: "contract ended", at } } as const;

  it("R22: revoking all lists every user and device that loses its license, with the admin's reason", () => {
    spec
      .given([assignable, deployedTo("user"), user("u1"), deployedTo("device"), device("A")])
      .when(revoke)
      .then([
        ev("LicensesRevoked", {
          scope: "app",
          reason: "contract ended",
          userIds: ["u1"],
          serialNumbers: ["A"],
        }),
      ]);
    spec
      .given([assignable, deployedTo("user"), user("u1")])
      .when(revoke)
      .thenState((state) => expect(assignedLicenses(state)).toBe(0));
  });

  it("R22: revoking an empty pool records nothing (a retried revocation is free)", () => {
    spec.given(onDevices).when(revoke).thenNothing();
  });
});
