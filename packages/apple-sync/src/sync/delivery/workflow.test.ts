import type { LedgerEvent, LicenseEvent, VppAccountEvent } from "@vpp-ledger/core";
import { workflowSpecFor } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import type { AppleWork } from "./work.js";
import { deliveryWorkflow } from "./workflow.js";

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
  userId: string,
  adamId?: string,
): AppleWork => ({
  operation,
  tenantId: event.tenantId,
  userId,
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
});
