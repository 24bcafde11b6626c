import {
  type CallContext,
  type CommandFailure,
  type InstallOutcome,
  isLedgerError,
  requestInstall,
  type VppLedger,
} from "@vpp-ledger/core";
import { makeVppToken } from "@vpp-ledger/core/testing";
import * as E from "fp-ts/lib/Either.js";

/** The tenant and app whose license pool the clients race for. */
export const TENANT = "acme";
export const APP = "361309726";
const AT = "2026-11-25T12:00:00Z";
const admin = { kind: "admin", id: "admin-1" } as const;

/** A client gives up on one user's install after this many retryable failures (a bug, not contention). */
const MAX_CLIENT_ATTEMPTS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: a small seeded PRNG, so a round's user order and delays follow from its seed. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const shuffle = <T>(items: ReadonlyArray<T>, random: () => number): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

/** `u-000`, `u-001`…: the users of a round. */
export const userIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `u-${String(i).padStart(3, "0")}`);

const must = async (what: string, outcome: Promise<E.Either<CommandFailure, unknown>>): Promise<void> => {
  const result = await outcome;
  if (E.isLeft(result)) throw new Error(`setup ${what}: ${result.left.code}: ${result.left.message}`);
};

/**
 * Links the account, records `purchased` licenses, deploys the app as required, then invites every user and
 * has them accept the VPP terms, so each install below goes straight to assignment (R12, R15).
 */
export const preparePool = async (
  ledger: VppLedger,
  users: ReadonlyArray<string>,
  purchased: number,
): Promise<void> => {
  let n = 0;
  const ctx = () => ({ commandId: `setup-${++n}`, actor: admin });
  const upload = {
    type: "UploadToken",
    data: {
      token: makeVppToken(),
      tokenName: "Main",
      appleId: "it@acme.test",
      acknowledgedSingleAccount: true,
      at: AT,
    },
  } as const;
  await must("UploadToken", ledger.account(TENANT, upload, ctx()));
  const sync = { type: "SyncPurchasedCount", data: { purchased, at: AT } } as const;
  await must("SyncPurchasedCount", ledger.license(TENANT, APP, sync, ctx()));
  const deploy = { type: "DeployApp", data: { action: "required", at: AT } } as const;
  await must("DeployApp", ledger.license(TENANT, APP, deploy, ctx()));
  for (const userId of users) {
    await must("InviteUser", ledger.account(TENANT, { type: "InviteUser", data: { userId, at: AT } }, ctx()));
    await must(
      "AcceptTerms",
      ledger.account(TENANT, { type: "AcceptTerms", data: { userId, at: AT } }, ctx()),
    );
  }
};

/** How a round is interleaved. */
export interface RaceOptions {
  /** Command ids are `install:<round>:<user>`: one id per user, reused by the client's retries. */
  readonly round: string;
  /** Orders the users and draws their delays. */
  readonly seed: number;
  /** Each install starts after a delay of 0..maxDelayMs ms, drawn per user from the seed. */
  readonly maxDelayMs: number;
}

/** What the clients saw. */
export interface RaceResult {
  /** The settled outcome of every user's install. */
  readonly outcomes: ReadonlyMap<string, InstallOutcome>;
  /** Workflows a client ran again after a retryable failure (the handler gave up on the busy stream). */
  readonly clientRetries: number;
}

/**
 * Every ledger is a client pulling the next user from one shuffled queue and running the install workflow for
 * them. A retryable failure (`ConcurrencyRetriesExhausted`: every one of the handler's attempts lost to
 * another writer) is retried by the client with the same command id, as the error asks, until it settles;
 * the derived sub-command ids make that retry idempotent. Any other failure fails the race.
 */
export const raceInstalls = async (
  ledgers: ReadonlyArray<VppLedger>,
  users: ReadonlyArray<string>,
  options: RaceOptions,
): Promise<RaceResult> => {
  const random = seededRandom(options.seed);
  const queue = shuffle(users, random);
  const delays = new Map(queue.map((user) => [user, Math.floor(random() * (options.maxDelayMs + 1))]));
  const outcomes = new Map<string, InstallOutcome>();
  let next = 0;
  let clientRetries = 0;
  const install = async (ledger: VppLedger, userId: string): Promise<InstallOutcome> => {
    const context: CallContext = {
      commandId: `install:${options.round}:${userId}`,
      actor: { kind: "device", id: userId },
    };
    for (let attempt = 1; ; attempt++) {
      const outcome = await requestInstall(
        ledger,
        { tenantId: TENANT, adamId: APP, userId, at: AT },
        context,
      );
      if (E.isRight(outcome)) return outcome.right;
      const failure = outcome.left;
      if (!isLedgerError(failure) || !failure.retryable || attempt >= MAX_CLIENT_ATTEMPTS) {
        throw new Error(
          `install of ${userId} failed after ${attempt} attempts: ${failure.code}: ${failure.message}`,
        );
      }
      clientRetries++;
      await sleep(Math.floor(random() * 3));
    }
  };
  await Promise.all(
    ledgers.map(async (ledger) => {
      while (next < queue.length) {
        const userId = queue[next++]!;
        const delay = delays.get(userId) ?? 0;
        if (delay > 0) await sleep(delay);
        outcomes.set(userId, await install(ledger, userId));
      }
    }),
  );
  return { outcomes, clientRetries };
};
