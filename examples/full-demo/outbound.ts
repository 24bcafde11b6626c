import { type AppleClient, AppleDelivery, type AppleDeliveryOptions } from "@vpp-ledger/apple-sync";
import type { VppLedger } from "@vpp-ledger/core";
import type { PostgresStorage } from "@vpp-ledger/eventstore-postgres";
import type { DemoClock } from "./demo-clock.js";

/** What the host does with what the delivery hands it: an invitation email, an MDM install command… */
export type DeliveryCallbacks = Pick<
  AppleDeliveryOptions,
  "onInvitation" | "onAssociated" | "onDeviceAssociated" | "onUndeliverable"
>;

/** What one catch-up run of the delivery did: the changes Apple confirmed, and how it got there. */
export interface DeliveryRun {
  /** Work Apple confirmed (or found already done). */
  readonly delivered: number;
  /** Manage requests sent: each carries every change of its kind and app, up to Apple's limits. */
  readonly requests: number;
  /** `GET status` polls: zero when Apple's notifications settled every request. */
  readonly statusPolls: number;
}

/** The batched ledger → Apple delivery, and a catch-up run of it that says what it did. */
export interface DemoDelivery {
  readonly delivery: AppleDelivery;
  /** One pass from the checkpoint, then waits until Apple has settled every request it sent. */
  deliver(): Promise<DeliveryRun>;
}

/**
 * The batched delivery on the host's storage: its checkpoint, parked streams and workflow state live beside the
 * log (R24). Apple's notifications settle its requests (the notification handler is given this delivery).
 */
export const demoDelivery = (
  ledger: VppLedger,
  clientFor: (tenantId: string) => AppleClient | undefined,
  storage: PostgresStorage,
  clock: DemoClock,
  callbacks: DeliveryCallbacks,
): DemoDelivery => {
  const delivery = new AppleDelivery({
    ledger,
    clientFor,
    now: clock.now,
    checkpoints: storage.checkpoints,
    parked: storage.parked,
    states: storage.workflowStates,
    // Notifications arrive in milliseconds here; a status poll only if none came within 5 s (Apple's minimum
    // between polls is 30 s, too long for a demo that runs in seconds).
    pollAfterMs: 5_000,
    maxPollIntervalMs: 10_000,
    retryBaseMs: 50,
    retryMaxMs: 1_000,
    onError: (error) => console.error("delivery:", error),
    ...callbacks,
  });
  const deliver = async (): Promise<DeliveryRun> => {
    const before = { ...delivery.counts };
    await delivery.run();
    return {
      delivered: delivery.counts.delivered - before.delivered,
      requests: delivery.counts.requests - before.requests,
      statusPolls: delivery.counts.statusRequests - before.statusRequests,
    };
  };
  return { delivery, deliver };
};
