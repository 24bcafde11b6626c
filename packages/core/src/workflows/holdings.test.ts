import { describe, expect, it } from "vitest";
import type { LicenseCommand } from "../license/commands.js";
import type { LicenseEvent } from "../license/events.js";
import { workflowSpecFor } from "../testing/workflow-specification.js";
import { heldApps, licensingWorkflow, type PoolCommand } from "./holdings.js";
import { accountEvent, licenseEvent } from "./ledger-events.test-support.js";

const at = "2026-12-01T09:00:00Z";
const spec = workflowSpecFor(licensingWorkflow);
const ev = (type: LicenseEvent["type"], data: object) => ({ type, data: { ...data, at } }) as LicenseEvent;
const userIn = (adamId: string, userId: string) =>
  licenseEvent("acme", adamId, ev("LicenseAssigned", { userId }));
const deviceIn = (adamId: string, serialNumber: string) =>
  licenseEvent("acme", adamId, ev("DeviceLicenseAssigned", { serialNumber, platform: "iOS" }));
const command = (adamId: string, causationId: string, cmd: object): PoolCommand => ({
  type: "pool-command",
  tenantId: "acme",
  adamId,
  command: cmd as LicenseCommand,
  commandId: `licensing:${causationId}:${adamId}`,
  causationId,
});

describe("licensing workflow across pools (R21, R22)", () => {
  it("R21: a retired device has every license it holds reclaimed, pool by pool, with the host's reason", () => {
    const history = [
      deviceIn("222", "C02"),
      deviceIn("111", "C02"),
      deviceIn("111", "OTHER"),
      userIn("333", "u1"),
    ];
    const retired = accountEvent("acme", {
      type: "DeviceRetired",
      data: { serialNumber: "C02", reason: "device-wiped", at },
    });
    const reclaim = {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "C02", reason: "device-wiped", at },
    };
    spec
      .given(history)
      .when(retired)
      .then([command("111", retired.place.eventId, reclaim), command("222", retired.place.eventId, reclaim)]);
  });

  it("R9, R21: a license the sync imported for a device is reclaimed when the device leaves, like an assigned one", () => {
    const imported = licenseEvent("acme", "111", ev("DeviceLicenseImported", { serialNumber: "C02" }));
    const retired = accountEvent("acme", {
      type: "DeviceRetired",
      data: { serialNumber: "C02", reason: "device-retired", at },
    });
    const reclaim = {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "C02", reason: "device-retired", at },
    };
    spec
      .given([imported, deviceIn("222", "C02")])
      .when(retired)
      .then([command("111", retired.place.eventId, reclaim), command("222", retired.place.eventId, reclaim)]);
  });

  it("R21: a retired user has every license reclaimed; one moved to a device or reclaimed already is not", () => {
    const history = [
      userIn("111", "u1"),
      userIn("222", "u1"),
      userIn("333", "u1"),
      licenseEvent(
        "acme",
        "222",
        ev("LicenseMovedToDevice", { userId: "u1", serialNumber: "C02", platform: "iOS" }),
      ),
      licenseEvent("acme", "333", ev("LicenseReclaimed", { userId: "u1", reason: "app-uninstalled" })),
    ];
    const retired = accountEvent("acme", { type: "UserRetired", data: { userId: "u1", at } });
    spec
      .given(history)
      .when(retired)
      .then([
        command("111", retired.place.eventId, {
          type: "ReclaimLicense",
          data: { userId: "u1", reason: "user-retired", at },
        }),
      ]);
  });

  it("R22: a location-wide revocation sends every pool of the tenant its revoke-all, and no other tenant's", () => {
    const history = [
      userIn("111", "u1"),
      licenseEvent("acme", "222", ev("PurchasedCountSynced", { purchased: 3, previous: 0 })),
      licenseEvent("other", "333", ev("LicenseAssigned", { userId: "u1" })),
    ];
    const revoked = accountEvent("acme", {
      type: "LocationLicensesRevoked",
      data: { reason: "contract ended", at },
    });
    const revoke = { type: "RevokeAllLicenses", data: { scope: "location", reason: "contract ended", at } };
    spec
      .given(history)
      .when(revoked)
      .then([command("111", revoked.place.eventId, revoke), command("222", revoked.place.eventId, revoke)]);
  });

  it("R21, R22: the index forgets licenses revoked, and an unknown device or user decides nothing", () => {
    const history = [userIn("111", "u1"), deviceIn("111", "C02")];
    spec
      .given(history)
      .when(
        licenseEvent(
          "acme",
          "111",
          ev("LicensesRevoked", { scope: "app", reason: "r", userIds: ["u1"], serialNumbers: ["C02"] }),
        ),
      )
      .thenState((state) => {
        expect(heldApps(state, "acme", { userId: "u1" })).toEqual([]);
        expect(heldApps(state, "acme", { serialNumber: "C02" })).toEqual([]);
      });
    spec
      .given(history)
      .when(
        accountEvent("acme", {
          type: "DeviceRetired",
          data: { serialNumber: "NOPE", reason: "device-moved", at },
        }),
      )
      .thenNothing();
  });
});
