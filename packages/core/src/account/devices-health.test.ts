import { describe, expect, it } from "vitest";
import { specFor } from "../testing/specification.js";
import type { VppAccountEvent } from "./events.js";
import { VppAccount } from "./index.js";

const spec = specFor(VppAccount);
const at = "2026-11-25T09:00:00.000Z";
const expiresAt = "2026-12-31T00:00:00.000Z";
const uploaded: VppAccountEvent = {
  type: "TokenUploaded",
  data: { orgName: "Org", tokenName: "Main", appleId: "a@b.c", fingerprint: "sha256:x", expiresAt, at },
};
const check = (when: string) => ({ type: "CheckTokenHealth", data: { at: when } }) as const;
const changed = (health: string, previous: string, when: string): VppAccountEvent =>
  ({ type: "TokenHealthChanged", data: { health, previous, expiresAt, at: when } }) as VppAccountEvent;

describe("VppAccount: devices (R20, R21) and location revocation (R22)", () => {
  it("R20: a device is registered once; registering it again records nothing", () => {
    const register = { type: "RegisterDevice", data: { serialNumber: "C02", at } } as const;
    spec
      .given([uploaded])
      .when(register)
      .then([{ type: "DeviceRegistered", data: { serialNumber: "C02", at } }]);
    spec
      .given([uploaded, { type: "DeviceRegistered", data: { serialNumber: "C02", at } }])
      .when(register)
      .thenNothing();
    spec.given([]).when(register).thenError("account-not-linked");
  });

  it("R21: a departed device is recorded with the host's reason and marked retired when registered", () => {
    const retire = {
      type: "RetireDevice",
      data: { serialNumber: "C02", reason: "device-wiped", at },
    } as const;
    spec
      .given([uploaded, { type: "DeviceRegistered", data: { serialNumber: "C02", at } }])
      .when(retire)
      .thenState((state) => expect(state.devices.get("C02")).toBe("retired"));
    spec
      .given([uploaded])
      .when(retire)
      .then([{ type: "DeviceRetired", data: retire.data }]);
  });

  it("R22: an admin's location-wide revocation is recorded with the reason", () => {
    const revoke = { type: "RevokeLocationLicenses", data: { reason: "contract ended", at } } as const;
    spec
      .given([uploaded])
      .when(revoke)
      .then([{ type: "LocationLicensesRevoked", data: revoke.data }]);
    spec.given([]).when(revoke).thenError("account-not-linked");
  });
});

describe("VppAccount: token health (R23)", () => {
  it("R23: expiring within 30 days, within 15, and expired are distinct states, each recorded once", () => {
    spec.given([uploaded]).when(check("2026-11-30T00:00:00.000Z")).thenNothing();
    spec
      .given([uploaded])
      .when(check("2026-12-02T00:00:00.000Z"))
      .then([changed("expiring-30d", "ok", "2026-12-02T00:00:00.000Z")]);
    const thirty = changed("expiring-30d", "ok", "2026-12-02T00:00:00.000Z");
    spec.given([uploaded, thirty]).when(check("2026-12-10T00:00:00.000Z")).thenNothing();
    spec
      .given([uploaded, thirty])
      .when(check("2026-12-16T00:00:00.000Z"))
      .then([changed("expiring-15d", "expiring-30d", "2026-12-16T00:00:00.000Z")]);
    spec
      .given([uploaded, thirty])
      .when(check(expiresAt))
      .then([changed("expired", "expiring-30d", expiresAt)]);
  });

  it("R23: revoked by Apple is its own state; a renewal re-arms the warnings", () => {
    const revoked: VppAccountEvent = { type: "TokenRevoked", data: { fingerprint: "sha256:x", at } };
    spec
      .given([uploaded, revoked])
      .when(check(at))
      .then([changed("revoked", "ok", at)]);
    const renewed: VppAccountEvent = {
      type: "TokenRenewed",
      data: { ...uploaded.data, fingerprint: "sha256:y", expiresAt: "2027-12-31T00:00:00.000Z" } as never,
    };
    spec
      .given([uploaded, revoked, changed("revoked", "ok", at), renewed])
      .when(check(at))
      .then([
        {
          type: "TokenHealthChanged",
          data: { health: "ok", previous: "revoked", expiresAt: "2027-12-31T00:00:00.000Z", at },
        },
      ]);
  });

  it("R23: an account without a token has no health to record", () => {
    spec.given([]).when(check(at)).thenNothing();
  });
});
