import type { VppAccountEvent } from "../account/events.js";
import type { LedgerEvent } from "../ledger/streams.js";
import type { LicenseEvent } from "../license/events.js";

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

/** A License event as the log hands it to a workflow. */
export const licenseEvent = (tenantId: string, adamId: string, event: LicenseEvent): LedgerEvent => ({
  aggregate: "License",
  tenantId,
  adamId,
  event,
  place: place(`vpp-license:${tenantId}:${adamId}`),
});

/** A VppAccount event as the log hands it to a workflow. */
export const accountEvent = (tenantId: string, event: VppAccountEvent): LedgerEvent => ({
  aggregate: "VppAccount",
  tenantId,
  event,
  place: place(`vpp-account:${tenantId}`),
});
