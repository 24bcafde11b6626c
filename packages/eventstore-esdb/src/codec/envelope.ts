import type { JSONEventData, JSONType } from "@eventstore/db-client";
import type { EventMetadata, EventToAppend } from "@vpp-ledger/core";

/**
 * The key under which this adapter keeps its part of an ESDB event's metadata. Its presence is how readers
 * tell the ledger's events from anything else in the log (system events, other applications' events, the
 * adapter's own index and snapshot events, which carry other keys).
 */
export const LEDGER_KEY = "vppLedger";

/** Version of the envelope's own shape, for a future change of it. */
export const ENVELOPE_FORMAT = 1;

/** What the adapter stores under {@link LEDGER_KEY}. */
export interface LedgerEnvelope {
  readonly format: typeof ENVELOPE_FORMAT;
  readonly schemaVersion: number;
  /** The port's metadata, as given: it reads back exactly. */
  readonly metadata: EventMetadata;
  /** Random id of the append call that wrote the event: tells a write from ESDB's idempotent answer. */
  readonly appendId: string;
  /**
   * Set when `data` is a JSON string. The client hands back undecodable JSON as a raw string, so without
   * this flag a corrupt payload and a string payload would read back alike.
   */
  readonly stringData?: true;
}

/**
 * The ESDB form of an event: id, type and data as given (data as JSON, so ESDB's projections and UI can read
 * it), and metadata with ESDB's `$correlationId` / `$causationId` conventions plus the ledger envelope.
 */
export const toEsdbEvent = (event: EventToAppend, appendId: string): JSONEventData => {
  const envelope: LedgerEnvelope = {
    format: ENVELOPE_FORMAT,
    schemaVersion: event.schemaVersion,
    metadata: event.metadata,
    appendId,
    ...(typeof event.data === "string" ? { stringData: true as const } : {}),
  };
  return {
    id: event.id,
    contentType: "application/json",
    type: event.type,
    // Any JSON value (validated before): the client stringifies it whatever its TypeScript type says.
    data: event.data as JSONType,
    metadata: {
      $correlationId: event.metadata.correlationId,
      $causationId: event.metadata.causationId,
      [LEDGER_KEY]: envelope,
    },
  };
};
