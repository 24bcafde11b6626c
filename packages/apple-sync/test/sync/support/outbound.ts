import { InMemoryCheckpointStore, InMemoryParkedStreamStore } from "@vpp-ledger/core";
import {
  type Association,
  type DeliveryReport,
  deliverOutbound,
  type Invitation,
  type OutboundDeps,
  type Undeliverable,
} from "../../../src/index.js";
import { type SyncHarness, TENANT } from "./harness.js";

/** An outbound delivery of the test tenant, recording what it told the host. */
export interface OutboundProbe {
  readonly deps: OutboundDeps;
  readonly checkpoints: InMemoryCheckpointStore;
  /** Streams this delivery parked (undecodable events, R24). */
  readonly parked: InMemoryParkedStreamStore;
  readonly invitations: Invitation[];
  readonly associations: Association[];
  readonly undeliverable: Undeliverable[];
  /** One delivery run from the probe's checkpoint. */
  deliver(): Promise<DeliveryReport>;
}

/** Delivery for the harness's tenant, polling Apple operations every 2 ms. */
export const outboundFor = (h: SyncHarness, extra: Partial<OutboundDeps> = {}): OutboundProbe => {
  const invitations: Invitation[] = [];
  const associations: Association[] = [];
  const undeliverable: Undeliverable[] = [];
  const checkpoints = new InMemoryCheckpointStore();
  const parked = new InMemoryParkedStreamStore();
  const deps: OutboundDeps = {
    ledger: h.ledger,
    clientFor: (tenantId) => (tenantId === TENANT ? h.client : undefined),
    now: h.clock.now,
    pollIntervalMs: 2,
    onInvitation: (invitation) => {
      invitations.push(invitation);
    },
    onAssociated: (association) => {
      associations.push(association);
    },
    onUndeliverable: (failed) => {
      undeliverable.push(failed);
    },
    ...extra,
  };
  return {
    deps,
    checkpoints,
    parked,
    invitations,
    associations,
    undeliverable,
    deliver: () => deliverOutbound(deps, { checkpoints, parked }),
  };
};

/** What Apple holds for the assertions of a replay: users and assignments, without version ids. */
export const appleHolds = (h: SyncHarness) => {
  const { assets, users, assignments } = h.loc.state();
  return { assets, users, assignments };
};
