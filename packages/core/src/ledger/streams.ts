import { VPP_ACCOUNT_STREAM_PREFIX, type VppAccountEvent, vppAccountEvents } from "../account/index.js";
import { LICENSE_STREAM_PREFIX, type LicenseEvent, licenseEvents } from "../license/index.js";
import { isId } from "../shared/ids.js";
import { CorruptEvent } from "../store/errors.js";
import type { RecordedEvent } from "../store/port.js";

/** Which aggregate a stream belongs to, parsed from its id. */
export type LedgerStream =
  | { readonly aggregate: "VppAccount"; readonly tenantId: string }
  | { readonly aggregate: "License"; readonly tenantId: string; readonly adamId: string };

/**
 * Parses `vpp-account:<tenant>` and `vpp-license:<tenant>:<adamId>`, each part in the identifier grammar (R24).
 * Undefined for streams that are not the ledger's (a shared store may hold others) and for ledger-prefixed ids
 * that do not parse: tell the two apart with {@link isLedgerStreamId}, as readers must.
 */
export const parseStreamId = (streamId: string): LedgerStream | undefined => {
  const parts = streamId.split(":");
  if (parts[0] === VPP_ACCOUNT_STREAM_PREFIX && parts.length === 2 && isId("identifier", parts[1])) {
    return { aggregate: "VppAccount", tenantId: parts[1] };
  }
  if (
    parts[0] === LICENSE_STREAM_PREFIX &&
    parts.length === 3 &&
    isId("identifier", parts[1]) &&
    isId("adamId", parts[2])
  ) {
    return { aggregate: "License", tenantId: parts[1], adamId: parts[2] };
  }
  return undefined;
};

/** True for any stream id under one of the ledger's prefixes, well-formed or not. */
export const isLedgerStreamId = (streamId: string): boolean =>
  streamId.startsWith(`${VPP_ACCOUNT_STREAM_PREFIX}:`) || streamId.startsWith(`${LICENSE_STREAM_PREFIX}:`);

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
 * that are not the ledger's (a shared store may hold others); throws {@link CorruptEvent} for a bad event and
 * for a stream under the ledger's prefixes whose id does not parse: it is never skipped silently.
 */
export const decodeLedgerEvent = (recorded: RecordedEvent): LedgerEvent | undefined => {
  const stream = parseStreamId(recorded.streamId);
  if (!stream) {
    if (!isLedgerStreamId(recorded.streamId)) return undefined;
    throw new CorruptEvent(
      recorded.streamId,
      recorded.streamVersion,
      recorded.type,
      "streamId",
      "a ledger stream id whose tenant or app id is outside the identifier grammar",
    );
  }
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
