/**
 * The world of bench/delivery.ts: one Apple simulator in realistic mode (scaled clock) with `locations`
 * locations, a ledger whose tenants are linked to them, apps with licenses, and the license assignments in the
 * log; a notification endpoint per tenant when asked. Helper module (no `run`): run.ts skips files starting with `_`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AppleSimulator, startAppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  type AppleClient,
  type AppleDelivery,
  appleAccountId,
  createAppleClient,
  createNotificationHandler,
  InMemoryTokenVault,
  ledgerNotificationHandlers,
  linkAccount,
} from "@vpp-ledger/apple-sync";
import { createVppLedger, InMemoryEventStore, type VppLedger } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

/** How the world is shaped. */
export interface WorldShape {
  readonly locations: number;
  readonly appsPerLocation: number;
  readonly usersPerApp: number;
  /** Simulated ms per real ms of the simulator's clock. */
  readonly timeScale: number;
  readonly seed: number;
}

/** A built world. */
export interface DeliveryWorld {
  readonly sim: AppleSimulator;
  readonly ledger: VppLedger;
  readonly store: InMemoryEventStore;
  readonly clients: ReadonlyMap<string, AppleClient>;
  readonly tenants: ReadonlyArray<string>;
  /** Serves every tenant's notifications to `delivery` (subscribes each location). */
  listen(delivery: AppleDelivery): Promise<void>;
  close(): Promise<void>;
}

const AT = "2026-06-01T09:00:00.000Z";
const MDM = { id: "vpp-ledger-bench", name: "vpp-ledger bench", metadata: "bench" };
let sequence = 0;
const context = () => ({ commandId: `bench-${++sequence}`, actor: { kind: "admin" as const, id: "bench" } });
const ok = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left.message);
  return either.right;
};

/** Builds the world: Apple's side first, then the ledger, assignments interleaved across locations in the log. */
export const buildWorld = async (shape: WorldShape): Promise<DeliveryWorld> => {
  const sim = await startAppleSimulator({
    // Apple's 15 requests per second per location, on the scaled clock.
    maxRequestPerSecond: 15 * shape.timeScale,
    realism: { preset: "realistic", seed: shape.seed, timeScale: shape.timeScale },
  });
  const store = new InMemoryEventStore();
  const ledger = createVppLedger({ store });
  const vault = new InMemoryTokenVault();
  const clients = new Map<string, AppleClient>();
  const tenants = Array.from({ length: shape.locations }, (_, l) => `loc-${l + 1}`);
  const apps = Array.from({ length: shape.appsPerLocation }, (_, a) => String(1000 + a));
  const users = Array.from({ length: shape.usersPerApp }, (_, u) => `user-${u + 1}`);
  for (const tenantId of tenants) {
    const loc = sim.addLocation({ orgName: tenantId, expiresAt: "2027-11-25T10:00:00Z" });
    for (const adamId of apps) loc.addAsset({ adamId, totalCount: shape.usersPerApp * 2 });
    for (const clientUserId of users) loc.addForeignUser({ clientUserId, status: "Associated" });
    const accountId = appleAccountId(tenantId);
    clients.set(tenantId, createAppleClient({ vault, accountId, baseUrl: sim.baseUrl, mdmInfo: MDM }));
    const link = { tenantId, tokenFile: loc.vppTokenFile(), tokenName: "t", appleId: "admin@example.com" };
    ok(await linkAccount({ ledger, vault }, { ...link, acknowledgedSingleAccount: true, at: AT }, context()));
    for (const adamId of apps) {
      const purchased = { purchased: shape.usersPerApp * 2, at: AT };
      ok(await ledger.license(tenantId, adamId, { type: "SyncPurchasedCount", data: purchased }, context()));
      const deploy = { action: "required" as const, at: AT };
      ok(await ledger.license(tenantId, adamId, { type: "DeployApp", data: deploy }, context()));
    }
  }
  // Round-robin over locations and apps, each pool assigned in order: the log a busy host would write.
  for (const userId of users) {
    await Promise.all(
      tenants.flatMap((tenantId) =>
        apps.map(async (adamId) => {
          const data = { userId, termsAccepted: true, at: AT };
          ok(await ledger.license(tenantId, adamId, { type: "AssignLicense", data }, context()));
        }),
      ),
    );
  }
  const servers: Server[] = [];
  return {
    sim,
    ledger,
    store,
    clients,
    tenants,
    listen: async (delivery) => {
      const handlers = new Map(
        tenants.map((tenantId) => {
          const client = clients.get(tenantId) as AppleClient;
          const deps = { client, now: () => AT, delivery };
          const handle = createNotificationHandler({
            authToken: `bench-${tenantId}`,
            ...ledgerNotificationHandlers(ledger, tenantId, deps),
          });
          return [`/n/${tenantId}` as string, handle] as const;
        }),
      );
      const server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const handle = handlers.get(request.url ?? "");
          const headers = { authorization: request.headers.authorization };
          const body = Buffer.concat(chunks).toString("utf8");
          void (handle ? handle({ headers, body }) : Promise.resolve({ status: 404, body: "" })).then(
            (reply) => response.writeHead(reply.status).end(reply.body ?? ""),
          );
        });
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      for (const tenantId of tenants) {
        await clients.get(tenantId)?.configureNotifications({
          url: `http://127.0.0.1:${port}/n/${tenantId}`,
          authToken: `bench-${tenantId}`,
          types: ["ASSET_MANAGEMENT", "USER_MANAGEMENT"],
        });
      }
    },
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await sim.close();
    },
  };
};
