import { type VppAccountEvent, vppAccountEvents } from "../account/index.js";
import { type LicenseEvent, licenseEvents } from "../license/index.js";
import { CorruptEvent } from "../store/errors.js";
import type { RecordedEvent } from "../store/port.js";

/** Which aggregate a stream belongs to, parsed from its id. */
export type LedgerStream =
  | { readonly aggregate: "VppAccount"; readonly tenantId: string }
  | { readonly aggregate: "License"; readonly tenantId: string; readonly adamId: string };

/** Parses `vpp-account:<tenant>` and `vpp-license:<tenant>:<adamId>`; undefined for other streams. */
export const parseStreamId = (streamId: string): LedgerStream | undefined => {
  const parts = streamId.split(":");
  if (parts[0] === "vpp-account" && parts.length === 2 && parts[1])
    return { aggregate: "VppAccount", tenantId: parts[1] };
  if (parts[0] === "vpp-license" && parts.length === 3 && parts[1] && parts[2]) {
    return { aggregate: "License", tenantId: parts[1], adamId: parts[2] };
  }
  return undefined;
};

/** Where an event sits in the log and who caused it: what an auditor cites. */
export interface EventPlace {
  readonly streamId: string;
  readonly streamVersion: bigint;
  readonly globalPosition: bigint;
  readonly eventId: string;
  readonly actor: RecordedEvent["metadata"]["actor"];
}

/** A decoded ledger event with its stream and place in the log. */
export type LedgerEvent =
  | ({ readonly aggregate: "VppAccount"; readonly tenantId: string; readonly event: VppAccountEvent } & {
      readonly place: EventPlace;
    })
  | ({
      readonly aggregate: "License";
      readonly tenantId: string;
      readonly adamId: string;
      readonly event: LicenseEvent;
    } & { readonly place: EventPlace });

/**
 * Decodes a stored event of the ledger's own streams (upcasting old versions). Returns undefined for streams
 * that are not the ledger's (a shared store may hold others); throws {@link CorruptEvent} for a bad event.
 */
export const decodeLedgerEvent = (recorded: RecordedEvent): LedgerEvent | undefined => {
  const stream = parseStreamId(recorded.streamId);
  if (!stream) return undefined;
  const place: EventPlace = {
    streamId: recorded.streamId,
    streamVersion: recorded.streamVersion,
    globalPosition: recorded.globalPosition,
    eventId: recorded.id,
    actor: recorded.metadata.actor,
  };
  if (stream.aggregate === "VppAccount") {
    return { ...stream, event: vppAccountEvents.decode(recorded), place };
  }
  return { ...stream, event: licenseEvents.decode(recorded), place };
};
