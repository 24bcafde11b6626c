import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AppleSimulator,
  type AppleSimulatorOptions,
  type SimLocation,
  startAppleSimulator,
} from "@vpp-ledger/apple-simulator";
import {
  type CheckpointStore,
  type CommandFailure,
  createVppLedger,
  decodeLedgerEvent,
  type EventStore,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  type LedgerEvent,
  type ParkedStreamStore,
  type VppLedger,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import {
  type AppleClient,
  AppleDelivery,
  type AppleDeliveryOptions,
  type Association,
  appleAccountId,
  createAppleClient,
  createNotificationHandler,
  InMemoryTokenVault,
  type Invitation,
  ledgerNotificationHandlers,
  linkAccount,
  type UndeliverableWork,
} from "../../src/index.js";
import { FAST_RETRY, OUR_MDM, onTestEnd } from "../sync/support/harness.js";

/** A simulator that closes after the test; fast enough that its rate limit never bites unless asked. */
export const simulator = async (options: AppleSimulatorOptions = {}): Promise<AppleSimulator> => {
  const sim = await startAppleSimulator({ maxRequestPerSecond: 10_000, ...options });
  onTestEnd(() => sim.close());
  return sim;
};

const ok = <A>(either: E.Either<CommandFailure | { readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(`fixture command refused: ${either.left.message}`);
  return either.right;
};

const AT = "2026-06-01T09:00:00.000Z";
let sequence = 0;
const admin = () => ({ commandId: `world-${++sequence}`, actor: { kind: "admin" as const, id: "admin-1" } });

/** A host with several tenants, each linked to a location of some simulator, and one ledger for all. */
export class World {
  readonly store: EventStore;
  readonly ledger: VppLedger;
  readonly vault = new InMemoryTokenVault();
  readonly checkpoints: CheckpointStore;
  readonly parked: ParkedStreamStore;
  readonly clients = new Map<string, AppleClient>();
  readonly locations = new Map<string, SimLocation>();
  readonly associations: Association[] = [];
  readonly invitations: Invitation[] = [];
  readonly undeliverable: UndeliverableWork[] = [];
  /** Apple's ids (`eventId`) of the operations each tenant's client started, in order. */
  readonly submittedOperationIds = new Map<string, string[]>();
  /** The bodies of the manage requests each tenant's client sent (path as `assets/revoke`), in order. */
  readonly submittedBodies = new Map<string, Array<{ readonly path: string; readonly body: unknown }>>();
  readonly now = () => AT;

  /** In memory unless given the stores of a database (the delivery's checkpoint and parked streams with them). */
  constructor(
    storage: {
      readonly store: EventStore;
      readonly checkpoints: CheckpointStore;
      readonly parked: ParkedStreamStore;
    } = {
      store: new InMemoryEventStore(),
      checkpoints: new InMemoryCheckpointStore(),
      parked: new InMemoryParkedStreamStore(),
    },
  ) {
    this.store = storage.store;
    this.ledger = createVppLedger({ store: storage.store });
    this.checkpoints = storage.checkpoints;
    this.parked = storage.parked;
  }

  /** Links `tenantId` to a new location of `sim` with apps of the given license counts (deployed as required). */
  async tenant(tenantId: string, sim: AppleSimulator, apps: Record<string, number>): Promise<SimLocation> {
    const loc = sim.addLocation({ orgName: `${tenantId} school`, expiresAt: "2027-11-25T10:00:00Z" });
    const client = createAppleClient({
      vault: this.vault,
      accountId: appleAccountId(tenantId),
      baseUrl: sim.baseUrl,
      mdmInfo: OUR_MDM,
      retry: FAST_RETRY,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const manage = /\/((assets|users)\/\w+)$/.exec(String(input));
        if (init?.method === "POST" && manage?.[1] !== undefined) {
          const bodies = this.submittedBodies.get(tenantId) ?? [];
          bodies.push({ path: manage[1], body: JSON.parse(String(init.body)) as unknown });
          this.submittedBodies.set(tenantId, bodies);
          const body = (await response.clone().json()) as { eventId?: string };
          if (body.eventId !== undefined) {
            const ids = this.submittedOperationIds.get(tenantId) ?? [];
            ids.push(body.eventId);
            this.submittedOperationIds.set(tenantId, ids);
          }
        }
        return response;
      },
    });
    this.clients.set(tenantId, client);
    this.locations.set(tenantId, loc);
    const link = { ledger: this.ledger, vault: this.vault };
    const tokenFile = loc.vppTokenFile();
    const request = { tenantId, tokenFile, tokenName: "token", appleId: "admin@example.com" };
    ok(await linkAccount(link, { ...request, acknowledgedSingleAccount: true, at: AT }, admin()));
    for (const [adamId, count] of Object.entries(apps)) {
      loc.addAsset({ adamId, totalCount: count });
      const data = { purchased: count, at: AT };
      ok(await this.ledger.license(tenantId, adamId, { type: "SyncPurchasedCount", data }, admin()));
      const deploy = { type: "DeployApp" as const, data: { action: "required" as const, at: AT } };
      ok(await this.ledger.license(tenantId, adamId, deploy, admin()));
    }
    return loc;
  }

  /** Users known at Apple (Associated) and in the ledger (invited, terms accepted). */
  async users(tenantId: string, userIds: ReadonlyArray<string>): Promise<void> {
    const loc = this.locations.get(tenantId);
    for (const userId of userIds) {
      loc?.addForeignUser({ clientUserId: userId, status: "Associated" });
      ok(await this.ledger.account(tenantId, { type: "InviteUser", data: { userId, at: AT } }, admin()));
      ok(await this.ledger.account(tenantId, { type: "AcceptTerms", data: { userId, at: AT } }, admin()));
    }
  }

  /** The ledger assigns `adamId` to each user. */
  async assign(tenantId: string, adamId: string, userIds: ReadonlyArray<string>): Promise<void> {
    for (const userId of userIds) {
      const data = { userId, termsAccepted: true, at: AT };
      ok(await this.ledger.license(tenantId, adamId, { type: "AssignLicense", data }, admin()));
    }
  }

  /** The ledger reclaims `adamId` from the user after an uninstall (R14). */
  async uninstall(tenantId: string, adamId: string, userId: string): Promise<void> {
    const data = { userId, reason: "app-uninstalled" as const, at: AT };
    ok(await this.ledger.license(tenantId, adamId, { type: "ReclaimLicense", data }, admin()));
  }

  /** The delivery starts after everything logged so far (the setup's own invitations are not its subject). */
  async startAtHead(name = "apple-delivery"): Promise<void> {
    let last: bigint | undefined;
    for await (const recorded of this.store.readAll()) last = recorded.globalPosition;
    if (last !== undefined) await this.checkpoints.save(name, last);
  }

  /** A delivery of every tenant of the world, recording what it told the host. */
  delivery(extra: Partial<AppleDeliveryOptions> = {}): AppleDelivery {
    const delivery = new AppleDelivery({
      ledger: this.ledger,
      clientFor: (tenantId) => this.clients.get(tenantId),
      now: this.now,
      checkpoints: this.checkpoints,
      parked: this.parked,
      pollAfterMs: 5,
      maxPollIntervalMs: 20,
      retryBaseMs: 5,
      retryMaxMs: 20,
      onAssociated: (association) => void this.associations.push(association),
      onInvitation: (invitation) => void this.invitations.push(invitation),
      onUndeliverable: (undeliverable) => void this.undeliverable.push(undeliverable),
      ...extra,
    });
    onTestEnd(async () => delivery.close());
    return delivery;
  }

  /** Every ledger event, decoded, in log order. */
  async events(): Promise<LedgerEvent[]> {
    const all: LedgerEvent[] = [];
    for await (const recorded of this.store.readAll()) {
      const decoded = decodeLedgerEvent(recorded);
      if (decoded) all.push(decoded);
    }
    return all;
  }

  /**
   * The tenant's notification endpoint over real HTTP, wired to the ledger and the delivery, and the location
   * subscribed to it. Returns what arrived, so a test can deliver a notification again.
   */
  async listen(tenantId: string, delivery?: AppleDelivery) {
    const client = this.clients.get(tenantId) as AppleClient;
    const authToken = `notification-token-${tenantId}`;
    const handle = createNotificationHandler({
      authToken,
      ...ledgerNotificationHandlers(this.ledger, tenantId, {
        client,
        now: this.now,
        ...(delivery ? { delivery } : {}),
      }),
    });
    const received: Array<{ headers: Record<string, string | undefined>; body: string }> = [];
    const answered: number[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(",") : value,
          ]),
        );
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({ headers, body });
        void handle({ headers, body }).then((reply) => {
          answered.push(reply.status);
          response.writeHead(reply.status).end(reply.body ?? "");
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestEnd(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/apple/notifications`;
    await client.configureNotifications({ url, authToken, types: ["ASSET_MANAGEMENT", "USER_MANAGEMENT"] });
    /** Posts a body to the endpoint as Apple would (again, or forged by the test). */
    const post = async (body: string): Promise<number> => {
      const reply = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${authToken}`, "content-type": "application/json" },
        body,
      });
      return reply.status;
    };
    return { received, answered, post };
  }
}

/** Waits until `check` holds (polling every 5 ms), failing after `timeoutMs`. */
export const eventually = async (check: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Users `prefix-1` … `prefix-n`. */
export const usersNamed = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, index) => `${prefix}-${index + 1}`);
