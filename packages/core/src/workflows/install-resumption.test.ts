import { describe, expect, it } from "vitest";
import type { VppAccountEvent } from "../account/events.js";
import type { LedgerEvent } from "../ledger/streams.js";
import type { LicenseEvent } from "../license/events.js";
import { workflowSpecFor } from "../testing/workflow-specification.js";
import { installResumption, waitingCount } from "./install-resumption.js";

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
const requested = (tenantId: string, adamId: string, userId: string) =>
  license(tenantId, adamId, { type: "InstallRequested", data: { userId, at } });
const accepted = (tenantId: string, userId: string) =>
  account(tenantId, { type: "TermsAccepted", data: { userId, at } });

const spec = workflowSpecFor(installResumption);

describe("install resumption workflow (R15)", () => {
  it("R15: when the terms are accepted, every app the user waited for is installed again, once each, in app order", () => {
    const trigger = accepted("acme", "u1");
    spec
      .given([
        requested("acme", "2002", "u1"),
        requested("acme", "1001", "u1"),
        requested("acme", "1001", "u1"),
      ])
      .when(trigger)
      .then(
        ["1001", "2002"].map((adamId) => ({
          type: "resume-install",
          request: { tenantId: "acme", adamId, userId: "u1", at },
          commandId: `resume-install:${trigger.place.eventId}:${adamId}`,
          causationId: trigger.place.eventId,
        })),
      );
  });

  it("R15: another user's, another tenant's, an assigned or a failed install is not resumed", () => {
    spec
      .given([
        requested("acme", "1001", "u2"),
        requested("other", "1001", "u1"),
        requested("acme", "2002", "u1"),
        license("acme", "2002", { type: "LicenseAssigned", data: { userId: "u1", at } }),
        requested("acme", "3003", "u1"),
        license("acme", "3003", {
          type: "InstallFailed",
          data: { userId: "u1", reason: { code: "x", message: "y" }, at },
        }),
      ])
      .when(accepted("acme", "u1"))
      .thenNothing();
  });

  it("R15: once resumed, the waiting list forgets the user: a second acceptance resumes nothing", () => {
    const history = [requested("acme", "1001", "u1"), accepted("acme", "u1")];
    spec.given(history).when(accepted("acme", "u1")).thenNothing();
    spec
      .given([requested("acme", "1001", "u1")])
      .when(accepted("acme", "u1"))
      .thenState((state) => {
        expect(waitingCount(state)).toBe(0);
      });
  });

  it("keeps its state persistent: a step never changes the state it was given", () => {
    const before = installResumption.evolve(installResumption.initialState, requested("acme", "1001", "u1"));
    const after = installResumption.evolve(before, requested("acme", "2002", "u1"));
    expect(waitingCount(before)).toBe(1);
    expect(waitingCount(after)).toBe(2);
  });
});
