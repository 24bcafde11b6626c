/**
 * Seeding for bench/hot-pool.ts: the account and pools are written fast, as pre-encoded events appended in big
 * batches with deterministic ids and a snapshot at the end (like bench/command-latency.ts), so a 20,000-user
 * account or an 18,000-holder pool costs seconds, not minutes of commands.
 */
import {
  type AggregateDefinition,
  createVppLedger,
  type EventToAppend,
  eventIdFor,
  LicenseAggregate,
  licenseStreamId,
  type Message,
  VppAccountAggregate,
  vppAccountStreamId,
} from "@vpp-ledger/core";
import type { PostgresStorage } from "@vpp-ledger/eventstore-postgres";
import * as E from "fp-ts/lib/Either.js";
import { AT, TENANT } from "./_hot-pool-callers.js";

/** Where the bench writes. */
export interface HotPoolSeed {
  readonly pgUrl: string;
  readonly schema: string;
  readonly storage: PostgresStorage;
}

const SEED_BATCH = 10_000;
// A test `.vpptoken` (base64 JSON), built here rather than taken from `@vpp-ledger/core/testing`, which loads vitest.
const TOKEN = Buffer.from(
  JSON.stringify({ token: "bench-stoken", expDate: "2027-11-25T10:00:00+0000", orgName: "Bench Org" }),
).toString("base64");
const admin = { kind: "admin", id: "bench-admin" } as const;

/** mulberry32: the same order on every run. */
const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A copy of `items` in a seeded random order. */
export const shuffled = <T>(items: ReadonlyArray<T>, seed: number): T[] => {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

const must = async (what: string, outcome: Promise<E.Either<{ readonly message: string }, unknown>>) => {
  const result = await outcome;
  if (E.isLeft(result)) throw new Error(`seed ${what}: ${result.left.message}`);
};

/** Appends `events` after the stream's current state in big batches, then saves a snapshot of the result. */
const appendSeeded = async <C extends Message, Ev extends Message, S>(
  seed: HotPoolSeed,
  aggregate: AggregateDefinition<C, Ev, S>,
  streamId: string,
  start: { readonly state: S; readonly version: bigint },
  events: ReadonlyArray<Ev>,
) => {
  const { store, snapshots } = seed.storage;
  const metadata = {
    tenantId: TENANT,
    correlationId: "seed",
    causationId: "seed",
    actor: admin,
    recordedAt: AT,
  };
  let { state, version } = start;
  for (let i = 0; i < events.length; i += SEED_BATCH) {
    const batch = events.slice(i, i + SEED_BATCH);
    const commandId = `seed-${streamId}-${version}`;
    const encoded: EventToAppend[] = batch.map((event, n) => ({
      id: eventIdFor(commandId, n),
      ...aggregate.events.encode(event),
      metadata,
    }));
    version = (await store.appendToStream(streamId, encoded, { expectedVersion: version }))
      .nextExpectedVersion;
    state = aggregate.decider.fold(state, batch);
  }
  const { schemaVersion, encode } = aggregate.snapshot;
  await snapshots.save({ streamId, streamVersion: version, schemaVersion, state: encode(state) });
};

/** Links the account and seeds `count` users who accepted the VPP terms; returns their ids. */
export const seedAccount = async (seed: HotPoolSeed, count: number): Promise<string[]> => {
  const ledger = createVppLedger(seed.storage);
  const upload = {
    type: "UploadToken",
    data: {
      token: TOKEN,
      tokenName: "Main",
      appleId: "it@bench.test",
      acknowledgedSingleAccount: true,
      at: AT,
    },
  } as const;
  await must("UploadToken", ledger.account(TENANT, upload, { commandId: "seed-upload", actor: admin }));
  const users = Array.from({ length: count }, (_, i) => `u-${String(i).padStart(5, "0")}`);
  const events = users.flatMap((userId) => [
    { type: "UserInvited" as const, data: { userId, at: AT } },
    { type: "TermsAccepted" as const, data: { userId, at: AT } },
  ]);
  const start = await ledger.loadAccount(TENANT);
  await appendSeeded(seed, VppAccountAggregate, vppAccountStreamId(TENANT), start, events);
  return users;
};

/** A pool of `purchased` licenses, deployed as required, already held by `holders`. */
export const seedPool = async (
  seed: HotPoolSeed,
  adamId: string,
  purchased: number,
  holders: ReadonlyArray<string>,
): Promise<void> => {
  const ledger = createVppLedger(seed.storage);
  const ctx = (step: string) => ({ commandId: `seed-${adamId}-${step}`, actor: admin });
  await must(
    "count",
    ledger.license(TENANT, adamId, { type: "SyncPurchasedCount", data: { purchased, at: AT } }, ctx("count")),
  );
  await must(
    "deploy",
    ledger.license(
      TENANT,
      adamId,
      { type: "DeployApp", data: { action: "required", at: AT } },
      ctx("deploy"),
    ),
  );
  if (holders.length === 0) return;
  const start = await ledger.loadLicense(TENANT, adamId);
  const events = holders.map((userId) => ({ type: "LicenseAssigned" as const, data: { userId, at: AT } }));
  await appendSeeded(seed, LicenseAggregate, licenseStreamId(TENANT, adamId), start, events);
};
