import type { LedgerEvent, LicenseEvent, VppAccountEvent } from "@vpp-ledger/core";

/** Builds ledger events in log order for projection tests, numbering positions and versions. */
export const ledger = () => {
  let position = 0n;
  const versions = new Map<string, bigint>();
  const place = (streamId: string) => {
    position += 1n;
    const version = (versions.get(streamId) ?? 0n) + 1n;
    versions.set(streamId, version);
    return {
      streamId,
      streamVersion: version,
      globalPosition: position,
      eventId: `e${position}`,
      actor: { kind: "admin" as const },
    };
  };
  return {
    account: (tenantId: string, event: VppAccountEvent): LedgerEvent => ({
      aggregate: "VppAccount",
      tenantId,
      event,
      place: place(`vpp-account:${tenantId}`),
    }),
    license: (tenantId: string, adamId: string, event: LicenseEvent): LedgerEvent => ({
      aggregate: "License",
      tenantId,
      adamId,
      event,
      place: place(`vpp-license:${tenantId}:${adamId}`),
    }),
  };
};

/** Short constructors of License events. */
export const lic = {
  purchased: (purchased: number, at: string, previous = 0): LicenseEvent => ({
    type: "PurchasedCountSynced",
    data: { purchased, previous, at },
  }),
  deployed: (action: "required" | "available" | "uninstall", at: string): LicenseEvent => ({
    type: "AppDeployed",
    data: { action, at },
  }),
  assigned: (userId: string, at: string): LicenseEvent => ({ type: "LicenseAssigned", data: { userId, at } }),
  reclaimed: (userId: string, at: string): LicenseEvent => ({
    type: "LicenseReclaimed",
    data: { userId, reason: "app-uninstalled", at },
  }),
  installed: (userId: string, at: string): LicenseEvent => ({ type: "AppInstalled", data: { userId, at } }),
  failed: (userId: string, code: string, at: string): LicenseEvent => ({
    type: "InstallFailed",
    data: { userId, reason: { code, message: `failed: ${code}` }, at },
  }),
};
