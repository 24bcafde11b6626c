import type { LedgerEvent, LicenseEvent, VppAccountEvent } from "@vpp-ledger/core";
import { workflowSpecFor } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import type { AppleWork } from "./work.js";
import { deliveryStateCodec, deliveryWorkflow } from "./workflow.js";

const at = "2026-12-01T09:00:00Z";
let position = 0n;
const place = (streamId: string) => {
  position += 1n;
  return {
    streamId,
    streamVersion: 1n,
    globalPosition: position,
    eventId: `e${position}`,
    actor: { kind: "system" as const },
  };
};
const license = (tenantId: string, adamId: string, event: LicenseEvent): LedgerEvent => ({
  aggregate: "License",
  tenantId,
  adamId,
  event,
  place: place(`vpp-license:${tenantId}:${adamId}`),
});
const account = (tenantId: string, event: VppAccountEvent): LedgerEvent => ({
  aggregate: "VppAccount",
  tenantId,
  event,
  place: place(`vpp-account:${tenantId}`),
});
const assigned = (userId: string) =>
  license("acme", "100", { type: "LicenseAssigned", data: { userId, at } });
const retired = (userId: string) => account("acme", { type: "UserRetired", data: { userId, at } });
const invited = (userId: string) => account("acme", { type: "UserInvited", data: { userId, at } });
const reclaimed = (
  userId: string,
  reason: "app-uninstalled" | "user-retired" | "moved-to-device" | "apple-refused" | "apple-revoked",
) => license("acme", "100", { type: "LicenseReclaimed", data: { userId, reason, at } });

const spec = workflowSpecFor(deliveryWorkflow);
const workOf = (
  event: LedgerEvent,
  operation: AppleWork["operation"],
  holder: string | { readonly serialNumber: string },
  adamId?: string,
): AppleWork => ({
  operation,
  tenantId: event.tenantId,
  ...(typeof holder === "string" ? { userId: holder } : holder),
  ...(adamId === undefined ? {} : { adamId }),
  eventId: event.place.eventId,
  position: event.place.globalPosition,
});

describe("delivery workflow", () => {
  it("R12: a license assigned asks Apple to associate it, naming the ledger event and its position", () => {
    const event = assigned("u1");
    spec
      .given([])
      .when(event)
      .then([workOf(event, "associate", "u1", "100")]);
  });

  it("R14, R21: a license reclaimed after an uninstall, a retirement or a move to a device asks Apple to disassociate it", () => {
    for (const reason of ["app-uninstalled", "user-retired", "moved-to-device"] as const) {
      const event = reclaimed("u1", reason);
      spec
        .given([assigned("u1")])
        .when(event)
        .then([workOf(event, "disassociate", "u1", "100")]);
    }
  });

  it("R16: a reclaim Apple caused (refusal, revocation) asks nothing of Apple", () => {
    spec
      .given([assigned("u1")])
      .when(reclaimed("u1", "apple-refused"))
      .thenNothing();
    spec
      .given([assigned("u1")])
      .when(reclaimed("u1", "apple-revoked"))
      .thenNothing();
  });

  it("R15: an invitation creates the user at Apple; a retirement retires the user", () => {
    const invite = invited("u1");
    spec
      .given([])
      .when(invite)
      .then([workOf(invite, "create-user", "u1")]);
    const retire = retired("u1");
    spec
      .given([invite])
      .when(retire)
      .then([workOf(retire, "retire-user", "u1")]);
  });

  it("an assignment to a user retired earlier is not associated; one invited again is", () => {
    spec
      .given([invited("u1"), retired("u1")])
      .when(assigned("u1"))
      .thenNothing();
    const again = assigned("u1");
    spec
      .given([retired("u1"), invited("u1")])
      .when(again)
      .then([workOf(again, "associate", "u1", "100")]);
  });

  it("another tenant's retirement does not stop this tenant's association", () => {
    const other = account("other", { type: "UserRetired", data: { userId: "u1", at } });
    const event = assigned("u1");
    spec
      .given([other])
      .when(event)
      .then([workOf(event, "associate", "u1", "100")]);
  });

  it("events that ask nothing of Apple (install requests, installs, counts) decide nothing and leave the state", () => {
    const requested = license("acme", "100", { type: "InstallRequested", data: { userId: "u1", at } });
    spec.given([]).when(requested).thenNothing();
    spec
      .given([retired("u2")])
      .when(requested)
      .thenState((state) => expect([...(state.retired.get("acme") ?? [])]).toEqual(["u2"]));
  });

  it("R20: a device's license assigned or reclaimed is associated or disassociated by serial number", () => {
    const device = { serialNumber: "SER-1" };
    const assignedToDevice = license("acme", "100", {
      type: "DeviceLicenseAssigned",
      data: { serialNumber: "SER-1", platform: "iOS", at },
    });
    spec
      .given([])
      .when(assignedToDevice)
      .then([workOf(assignedToDevice, "associate", device, "100")]);
    const wiped = license("acme", "100", {
      type: "DeviceLicenseReclaimed",
      data: { serialNumber: "SER-1", reason: "device-wiped", at },
    });
    spec
      .given([assignedToDevice])
      .when(wiped)
      .then([workOf(wiped, "disassociate", device, "100")]);
    const refused = license("acme", "100", {
      type: "DeviceLicenseReclaimed",
      data: { serialNumber: "SER-1", reason: "apple-refused", at },
    });
    spec.given([assignedToDevice]).when(refused).thenNothing();
  });

  it("R9, R20: a device license the sync imported asks nothing of Apple; its later reclaim disassociates it", () => {
    const imported = license("acme", "100", {
      type: "DeviceLicenseImported",
      data: { serialNumber: "SER-2", at },
    });
    spec.given([]).when(imported).thenNothing();
    const retiredDevice = license("acme", "100", {
      type: "DeviceLicenseReclaimed",
      data: { serialNumber: "SER-2", reason: "device-retired", at },
    });
    spec
      .given([imported])
      .when(retiredDevice)
      .then([workOf(retiredDevice, "disassociate", { serialNumber: "SER-2" }, "100")]);
  });

  it("R21: a license moved to a device disassociates the user and associates the device", () => {
    const moved = license("acme", "100", {
      type: "LicenseMovedToDevice",
      data: { userId: "u1", serialNumber: "SER-1", platform: "iOS", at },
    });
    spec
      .given([assigned("u1")])
      .when(moved)
      .then([
        workOf(moved, "disassociate", "u1", "100"),
        workOf(moved, "associate", { serialNumber: "SER-1" }, "100"),
      ]);
  });

  const revocation = (scope: "location" | "app") =>
    license("acme", "100", {
      type: "LicensesRevoked",
      data: { scope, reason: "contract ended", userIds: ["u1", "u2"], serialNumbers: ["SER-1"], at },
    });

  it("R22: a location revocation revokes every user and device it lists at Apple, whatever the app", () => {
    const revoked = revocation("location");
    spec
      .given([])
      .when(revoked)
      .then([
        workOf(revoked, "revoke", "u1"),
        workOf(revoked, "revoke", "u2"),
        workOf(revoked, "revoke", { serialNumber: "SER-1" }),
      ]);
  });

  it("R22: an app's revocation disassociates every user and device it lists, from the pool's app only", () => {
    const revoked = revocation("app");
    spec
      .given([])
      .when(revoked)
      .then([
        workOf(revoked, "disassociate", "u1", "100"),
        workOf(revoked, "disassociate", "u2", "100"),
        workOf(revoked, "disassociate", { serialNumber: "SER-1" }, "100"),
      ]);
  });

  it("the state's snapshot codec round-trips the retired users, and refuses data of another shape", () => {
    const state = [invited("u1"), retired("u1"), retired("u2")].reduce(
      deliveryWorkflow.evolve,
      deliveryWorkflow.initialState,
    );
    const json = JSON.parse(JSON.stringify(deliveryStateCodec.encode(state)));
    expect(deliveryStateCodec.decode(json)).toEqual(state);
    expect(deliveryStateCodec.decode({ retired: "everyone" })).toBeUndefined();
  });
});
