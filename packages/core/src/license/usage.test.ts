import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import type { LicenseEvent } from "./events.js";
import { License } from "./index.js";
import { usageLevel } from "./terms.js";

const spec = specFor(License);
const at = "2026-11-25T09:00:00Z";
const ev = (type: LicenseEvent["type"], data: object): LicenseEvent =>
  ({ type, data: { ...data, at } }) as LicenseEvent;
const pool = (purchased: number, users: number): LicenseEvent[] => [
  ev("PurchasedCountSynced", { purchased, previous: 0 }),
  ev("AppDeployed", { action: "required" }),
  ...Array.from({ length: users }, (_, i) => ev("LicenseAssigned", { userId: `u${i}` })),
];
const check = (thresholdPercent = 90) =>
  ({ type: "RecordPoolUsage", data: { thresholdPercent, at } }) as const;
const changed = (
  level: string,
  previous: string,
  assigned: number,
  purchased: number,
  thresholdPercent = 90,
) => ev("PoolUsageChanged", { level, previous, assigned, purchased, thresholdPercent });

describe("License: pool use alerts (R23)", () => {
  it("R23: a pool at 90% of its purchased licenses records the threshold crossing once", () => {
    spec
      .given(pool(10, 9))
      .when(check())
      .then([changed("threshold", "normal", 9, 10)]);
    spec
      .given([...pool(10, 9), changed("threshold", "normal", 9, 10)])
      .when(check())
      .thenNothing();
    spec.given(pool(10, 8)).when(check()).thenNothing();
  });

  it("R23: a pool that runs out records it, and a drop back below re-arms the alert", () => {
    spec
      .given(pool(2, 2))
      .when(check())
      .then([changed("exhausted", "normal", 2, 2)]);
    const reclaimed = [
      ...pool(2, 2),
      changed("exhausted", "normal", 2, 2),
      ev("LicenseReclaimed", { userId: "u0", reason: "app-uninstalled" }),
      ev("LicenseReclaimed", { userId: "u1", reason: "app-uninstalled" }),
    ];
    spec
      .given(reclaimed)
      .when(check())
      .then([changed("normal", "exhausted", 0, 2)]);
    spec
      .given([...reclaimed, changed("normal", "exhausted", 0, 2), ev("LicenseAssigned", { userId: "u0" })])
      .when(check(50))
      .then([changed("threshold", "normal", 1, 2, 50)]);
  });

  it("R23: devices count toward the use like users", () => {
    const devices: LicenseEvent[] = [
      ev("PurchasedCountSynced", {
        purchased: 2,
        previous: 0,
        deviceAssignable: true,
        supportedPlatforms: ["iOS"],
      }),
      ev("AppDeployed", { action: "required", licensing: "device" }),
      ev("DeviceLicenseAssigned", { serialNumber: "A", platform: "iOS" }),
      ev("DeviceLicenseAssigned", { serialNumber: "B", platform: "iOS" }),
    ];
    spec
      .given(devices)
      .when(check())
      .then([changed("exhausted", "normal", 2, 2)]);
  });

  it("R23: the level is exhausted with none left, threshold from the percentage, and normal below", () => {
    expect([
      usageLevel(0, 0, 90),
      usageLevel(1, 0, 90),
      usageLevel(10, 10, 90),
      usageLevel(11, 10, 90),
    ]).toEqual(["normal", "exhausted", "exhausted", "exhausted"]);
    expect([
      usageLevel(9, 10, 90),
      usageLevel(8, 10, 90),
      usageLevel(1, 3, 34),
      usageLevel(1, 3, 33),
    ]).toEqual(["threshold", "normal", "normal", "threshold"]);
  });

  it("R24: a threshold outside 1–100 is refused at the boundary", async () => {
    const { decodeLicenseCommand } = await import("./commands.js");
    for (const thresholdPercent of [0, 101, 12.5]) {
      expect(decodeLicenseCommand(check(thresholdPercent))).toMatchObject({
        _tag: "Left",
        left: { code: "invalid-input" },
      });
    }
  });
});
