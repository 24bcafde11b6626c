import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import { decodeLicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { License, licenseEvents } from "./index.js";
import { assignedLicenses } from "./state.js";

const spec = specFor(License);
const at = "2026-12-01T09:00:00Z";
const ev = (type: LicenseEvent["type"], data: object): LicenseEvent =>
  ({ type, data: { ...data, at } }) as LicenseEvent;
const synced = (purchased: number, extra: object = {}) =>
  ev("PurchasedCountSynced", { purchased, previous: 0, ...extra });
const assignable = synced(2, { supportedPlatforms: ["iOS"], deviceAssignable: true });
const deployedTo = (licensing: "user" | "device", action = "required") =>
  ev("AppDeployed", { action, licensing });
const onDevices = [assignable, deployedTo("device")];
const assigned = (serialNumber: string) => ev("DeviceLicenseAssigned", { serialNumber, platform: "iOS" });
const imported = (serialNumber: string) => ev("DeviceLicenseImported", { serialNumber });
const importDevice = (serialNumber: string) =>
  ({ type: "ImportDeviceLicense", data: { serialNumber, at } }) as const;

describe("License: importing a device license Apple already holds (R9, R20)", () => {
  it("R9, R20: a registered device's license Apple holds is recorded as a device holder, with no platform", () => {
    spec
      .given(onDevices)
      .when(importDevice("C02XYZ"))
      .then([imported("C02XYZ")]);
    spec
      .given(onDevices)
      .when(importDevice("C02XYZ"))
      .thenState((state) => {
        expect(state.devices.get("C02XYZ")).toBe(at);
        expect(assignedLicenses(state)).toBe(1);
        expect(state.assignments).toBe(1);
      });
  });

  it("R13: a device that holds a license already imports nothing (a second sync), assigned or imported", () => {
    spec
      .given([...onDevices, imported("A")])
      .when(importDevice("A"))
      .thenNothing();
    spec
      .given([...onDevices, assigned("A"), assigned("B")])
      .when(importDevice("A"))
      .thenNothing();
  });

  it("R16: an import counts with users and devices; a pool at its count refuses it (it stays Apple-only drift)", () => {
    spec
      .given([...onDevices, assigned("A"), imported("B")])
      .when(importDevice("C"))
      .thenError("no-license-available");
    spec
      .given([...onDevices, imported("A")])
      .when({ type: "AssignDeviceLicense", data: { serialNumber: "B", platform: "iOS", at } })
      .thenState((state) => expect(assignedLicenses(state)).toBe(2));
    spec
      .given([...onDevices, imported("A"), imported("B")])
      .when({ type: "AssignDeviceLicense", data: { serialNumber: "C", platform: "iOS", at } })
      .thenError("no-license-available");
  });

  it("R20: a user-licensed pool, or an asset Apple does not make deviceAssignable, refuses the import", () => {
    const refused = spec
      .given([assignable, deployedTo("user")])
      .when(importDevice("A"))
      .thenError("licensing-mode-mismatch");
    expect(refused.message).toContain("licensing device");
    spec.given([assignable]).when(importDevice("A")).thenError("licensing-mode-mismatch");
    spec
      .given([...onDevices, synced(2, { deviceAssignable: false })])
      .when(importDevice("A"))
      .thenError("not-device-assignable");
  });

  it("R20: Apple's license is recorded whatever the deployment action, since Apple holds it", () => {
    spec
      .given([assignable, deployedTo("device", "uninstall")])
      .when(importDevice("A"))
      .then([imported("A")]);
  });

  it("R14, R21: an imported license is reclaimed like an assigned one", () => {
    const reclaim = {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "A", reason: "device-retired", at },
    } as const;
    spec
      .given([...onDevices, imported("A")])
      .when(reclaim)
      .then([ev("DeviceLicenseReclaimed", { serialNumber: "A", reason: "device-retired" })]);
    spec
      .given([...onDevices, imported("A")])
      .when(reclaim)
      .thenState((state) => expect(state.devices.has("A")).toBe(false));
  });

  it("R24: the command and the event decode only serial numbers of the id grammar", () => {
    expect(
      decodeLicenseCommand({ type: "ImportDeviceLicense", data: { serialNumber: "C02XYZ", at } })._tag,
    ).toBe("Right");
    expect(
      decodeLicenseCommand({ type: "ImportDeviceLicense", data: { serialNumber: "bad id/..", at } })._tag,
    ).toBe("Left");
    expect(licenseEvents.knows("DeviceLicenseImported")).toBe(true);
    const stored = licenseEvents.encode(imported("C02XYZ"));
    expect(stored).toEqual({
      type: "DeviceLicenseImported",
      schemaVersion: 1,
      data: { serialNumber: "C02XYZ", at },
    });
  });
});
