import type {
  CheckpointStore,
  Failure,
  LedgerEvent,
  ParkedStream,
  ParkedStreamStore,
  VppLedger,
} from "@vpp-ledger/core";
import type { AppleClient } from "../../client/apple-client.js";

/** An invitation link for the host to deliver (email, or the MDM command InviteToProgram). */
export interface Invitation {
  readonly tenantId: string;
  readonly userId: string;
  readonly url: string;
}

/** Apple confirmed an association: the host may now send InstallApplication (Apple: install only after). */
export interface Association {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
}

/** An event whose action could not reach Apple for good (the account cannot talk to Apple, or Apple said no). */
export interface Undeliverable {
  readonly event: LedgerEvent;
  readonly failure: Failure;
}

/** What {@link deliverOutbound} needs. */
export interface OutboundDeps {
  readonly ledger: VppLedger;
  /** The tenant's Apple client; `undefined` for tenants this process does not serve (their events are skipped). */
  readonly clientFor: (tenantId: string) => AppleClient | undefined;
  /** The current time as ISO-8601. */
  readonly now: () => string;
  /** Called for each invitation link; may be called again for the same user (at-least-once delivery). */
  readonly onInvitation?: (invitation: Invitation) => Promise<void> | void;
  /** Called when Apple confirmed an association; may be called again for the same one. */
  readonly onAssociated?: (association: Association) => Promise<void> | void;
  /** Called for each event skipped as undeliverable, so an admin can see it and replay after fixing the account. */
  readonly onUndeliverable?: (undeliverable: Undeliverable) => Promise<void> | void;
  /** Wait between status polls of an Apple operation (default 30 000 ms, Apple's minimum; tests use a few ms). */
  readonly pollIntervalMs?: number;
  /**
   * Give up waiting for an Apple operation after this long (default 600 000 ms); the ledger event that asked
   * for it is delivered again next run.
   */
  readonly operationTimeoutMs?: number;
}

/** Options of one delivery run. */
export interface DeliveryOptions {
  readonly checkpoints: CheckpointStore;
  /**
   * Where streams whose events cannot be decoded are parked for this delivery (R24): keep it as durable as the
   * checkpoints (the PostgreSQL storage has both), or a parked stream is forgotten at restart.
   */
  readonly parked: ParkedStreamStore;
  /** Told about each stream parked (the host's alert). */
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /** The checkpoint's name (default `apple-outbound`); one per independent delivery. */
  readonly name?: string;
  /** Events read per round trip of the global log. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** What one event's action came to. */
export type ActionOutcome =
  | { readonly kind: "delivered" }
  /** A later ledger event supersedes this one (e.g. the license was reclaimed since): nothing to send. */
  | { readonly kind: "superseded" }
  /** Apple refused an association; the ledger was compensated. */
  | { readonly kind: "refused"; readonly failure: Failure }
  | { readonly kind: "undeliverable"; readonly failure: Failure };

/** What a delivery run did. */
export interface DeliveryReport {
  /** Ledger events read. */
  readonly read: number;
  readonly delivered: number;
  readonly superseded: number;
  readonly refused: number;
  readonly undeliverable: number;
  /** The checkpoint after the run (undefined: nothing read yet, ever). */
  readonly position: bigint | undefined;
  /** Streams parked during this run (undecodable events); they stay parked until repaired. */
  readonly parked: ReadonlyArray<ParkedStream>;
  /** Set when the run stopped early on an error that may pass (throttling, outage): the next run resumes there. */
  readonly stopped?: { readonly at: bigint; readonly error: unknown };
}
