import type {
  CheckpointStore,
  Failure,
  ParkedStream,
  ParkedStreamStore,
  VppLedger,
  WorkflowStateStore,
} from "@vpp-ledger/core";
import type { AppleClient } from "../../client/apple-client.js";
import type { Association, Invitation } from "../outbound/types.js";
import type { AppleWork } from "./work.js";

/** Work Apple will not do, or the account may not ask for: reported so an admin can see it. */
export interface UndeliverableWork {
  readonly work: AppleWork;
  readonly failure: Failure;
}

/** Apple confirmed a device's license (R20): the host may install the app on the device now. */
export interface DeviceAssociation {
  readonly tenantId: string;
  readonly adamId: string;
  readonly serialNumber: string;
}

/** A disassociation Apple has not confirmed: the ledger freed the seat, Apple may still hold it (drift). */
export interface PendingDisassociation {
  readonly tenantId: string;
  /** The app; empty for a location revoke. */
  readonly adamId: string;
  /** A location revoke (POST assets/revoke): every license of the holder at the location, whatever the app. */
  readonly everyApp?: true;
  /** The user who held it, or the device (`serialNumber`). */
  readonly userId?: string;
  readonly serialNumber?: string;
  /** The ledger event that freed the seat. */
  readonly eventId: string;
  /** Sends tried so far. */
  readonly attempts: number;
  /** Why the last try did not succeed; absent while the first is on its way. */
  readonly lastFailure?: Failure;
}

/** One manage request sent to Apple (for metrics and the benchmark). */
export interface DeliveryRequest {
  readonly tenantId: string;
  readonly operation: AppleWork["operation"];
  readonly items: number;
}

/** What {@link AppleDelivery} needs. */
export interface AppleDeliveryOptions {
  readonly ledger: VppLedger;
  /** The tenant's Apple client; `undefined` for tenants this process does not serve (their events are skipped). */
  readonly clientFor: (tenantId: string) => AppleClient | undefined;
  /** The current time as ISO-8601 (for the ledger's commands). */
  readonly now: () => string;
  readonly checkpoints: CheckpointStore;
  /** Where undecodable streams are parked (R24); as durable as the checkpoints. */
  readonly parked: ParkedStreamStore;
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /**
   * Where the workflow's state is snapshotted (e.g. `storage.workflowStates`), so a restart folds the log only
   * after the last snapshot at or before the checkpoint; without it, the log up to the checkpoint.
   */
  readonly states?: WorkflowStateStore;
  /** The checkpoint's name (default `apple-delivery`). */
  readonly name?: string;
  /** Log entries read per batch (default 500). */
  readonly batchSize?: number;
  /** Called for each invitation link; may be called again for the same user (at-least-once). */
  readonly onInvitation?: (invitation: Invitation) => Promise<void> | void;
  /** Called when Apple confirmed an association; may be called again for the same one. */
  readonly onAssociated?: (association: Association) => Promise<void> | void;
  /** Called when Apple confirmed a device's license; may be called again for the same one. */
  readonly onDeviceAssociated?: (association: DeviceAssociation) => Promise<void> | void;
  /**
   * Called for work given up for good: a refused user creation or retirement, a device's license Apple refused
   * (compensated; the reason has no other place in the ledger).
   */
  readonly onUndeliverable?: (undeliverable: UndeliverableWork) => Promise<void> | void;
  /** Told about each manage request sent. */
  readonly onRequest?: (request: DeliveryRequest) => void;
  /** Told about failures the delivery retries (a ledger or Apple outage), for the host's logs. */
  readonly onError?: (error: unknown) => void;
  /** First status poll of an Apple operation a notification has not settled (default 30 000 ms, Apple's advice). */
  readonly pollAfterMs?: number;
  /** Longest wait between status polls (default 300 000 ms). */
  readonly maxPollIntervalMs?: number;
  /** An Apple operation unsettled this long has its items sent again (default 3 600 000 ms). */
  readonly operationTimeoutMs?: number;
  /** First wait before a transient failure is retried, doubling per attempt (default 1 000 ms). */
  readonly retryBaseMs?: number;
  /** Longest wait between retries (default 300 000 ms). */
  readonly retryMaxMs?: number;
  /**
   * How long work waits for more of its kind before a request that is not full goes out (default 1 000 ms);
   * the end of a `pass()` sends everything at once.
   */
  readonly lingerMs?: number;
  /** Manage requests awaiting Apple per location at once (default 8). */
  readonly maxRequestsInFlight?: number;
}

/** What the delivery has done since it was created. */
export interface DeliveryCounts {
  /** Work Apple confirmed (or found already done). */
  delivered: number;
  /** Work made moot by a later ledger event before it was sent. */
  superseded: number;
  /** Associations Apple refused, compensated in the ledger. */
  refused: number;
  undeliverable: number;
  /** Transient failures retried. */
  retried: number;
  /** Manage requests sent (associate, disassociate, users/create, users/retire). */
  requests: number;
  /** `GET status` requests of the polling fallback. */
  statusRequests: number;
}
