import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import { decodeLicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { License, licenseEvents } from "./index.js";

const spec = specFor(License);
const at = "2026-11-25T09:00:00Z";
const synced = (purchased: number, previous: number, extra: object = {}): LicenseEvent =>
  ({ type: "PurchasedCountSynced", data: { purchased, previous, at, ...extra } }) as LicenseEvent;
const sync = (purchased: number, extra: object = {}) =>
  ({ type: "SyncPurchasedCount", data: { purchased, at, ...extra } }) as const;
const described = synced(5, 0, {
  pricingParam: "STDQ",
  supportedPlatforms: ["iOS", "macOS"],
  deviceAssignable: true,
});

describe("License: the asset's metadata on the pool (issue 9, R11, R20)", () => {
  it("R11: a sync records pricingParam, supportedPlatforms and deviceAssignable with the count, on the state", () => {
    spec
      .given([])
      .when(
        sync(5, {
          pricingParam: "STDQ",
          supportedPlatforms: ["macOS", "iOS", "iOS"],
          deviceAssignable: true,
        }),
      )
      .then([described]);
    const state = License.fold(License.initialState, [described]);
    expect(state.metadata).toEqual({
      pricingParam: "STDQ",
      supportedPlatforms: ["iOS", "macOS"],
      deviceAssignable: true,
    });
  });

  it("R11: unchanged metadata and count append nothing; a field left out keeps what the pool knows", () => {
    spec
      .given([described])
      .when(sync(5, { supportedPlatforms: ["macOS", "iOS"], deviceAssignable: true }))
      .thenNothing();
    spec.given([described]).when(sync(5)).thenNothing();
    spec
      .given([described])
      .when(sync(6))
      .thenState((state) => expect(state.metadata.deviceAssignable).toBe(true));
  });

  it("R11: a metadata change alone is recorded with the count unchanged and only the changed field", () => {
    spec
      .given([described])
      .when(sync(5, { pricingParam: "STDQ", deviceAssignable: false }))
      .then([synced(5, 5, { deviceAssignable: false })]);
  });

  it("R16: a metadata change on an over-allocated pool does not report the over-allocation again", () => {
    const over: LicenseEvent[] = [
      synced(2, 0, { deviceAssignable: true }),
      { type: "AppDeployed", data: { action: "required", at } },
      { type: "LicenseAssigned", data: { userId: "u1", at } },
      { type: "LicenseAssigned", data: { userId: "u2", at } },
      synced(1, 2),
      { type: "OverAllocationDetected", data: { purchased: 1, assigned: 2, at } },
    ];
    spec
      .given(over)
      .when(sync(1, { deviceAssignable: false }))
      .then([synced(1, 1, { deviceAssignable: false })]);
  });

  it("R24: metadata is decoded strictly: an unknown platform or pricingParam is refused, naming the field", () => {
    const platform = decodeLicenseCommand(sync(1, { supportedPlatforms: ["iOS", "Android"] }));
    expect(platform).toEqual(E.left(expect.objectContaining({ code: "invalid-input" })));
    expect(E.isLeft(platform) && platform.left.message).toContain("data.supportedPlatforms");
    const pricing = decodeLicenseCommand(sync(1, { pricingParam: "GOLD" }));
    expect(E.isLeft(pricing) && pricing.left.message).toContain("data.pricingParam");
    expect(E.isRight(decodeLicenseCommand(sync(1, { deviceAssignable: false })))).toBe(true);
  });

  it("R18: an event recorded before the metadata existed still decodes, with the metadata left unknown", () => {
    const old = licenseEvents.decode({
      streamId: "vpp-license:tenant-1:123456",
      streamVersion: 1n,
      type: "PurchasedCountSynced",
      schemaVersion: 1,
      data: { purchased: 3, previous: 0, at },
    });
    expect(old).toEqual(synced(3, 0));
    expect(License.fold(License.initialState, [old]).metadata).toEqual({
      pricingParam: null,
      supportedPlatforms: null,
      deviceAssignable: null,
    });
  });
});
