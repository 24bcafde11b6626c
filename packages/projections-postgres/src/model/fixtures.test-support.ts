import type { LedgerEvent, LicenseEvent, VppAccountEvent } from "@vpp-ledger/core";

/** Ledger events in log order for projection tests, numbering positions and versions per stream. */
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

/** An instant on 25 November 2026 at hour `h`. */
export const at = (h: number): string => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;
