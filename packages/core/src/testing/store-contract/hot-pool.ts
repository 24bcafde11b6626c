import * as E from "fp-ts/lib/Either.js";
import type { CommandFailure } from "../../app/command.js";
import { isLedgerError } from "../../store/errors.js";
import { type InstallOutcome, requestInstall } from "../../workflows/install.js";
import type { VppLedger } from "../../workflows/ledger.js";
import { makeVppToken } from "../tokens.js";

/** The app whose pool the hot-pool tests race for; every tenant is fresh, so one app id is enough. */
export const HOT_APP = "361309726";
const AT = "2026-11-25T12:00:00Z";
const admin = { kind: "admin", id: "admin-1" } as const;

const must = async (what: string, outcome: Promise<E.Either<CommandFailure, unknown>>): Promise<void> => {
  const result = await outcome;
  if (E.isLeft(result))
    throw new Error(`hot pool set-up, ${what}: ${result.left.code}: ${result.left.message}`);
};

/**
 * Links `tenant`, records `purchased` licenses of {@link HOT_APP}, deploys it as required and has every user
 * invited and accepting the VPP terms, so each install below goes straight to assignment (R12, R15).
 */
export const prepareHotPool = async (
  ledger: VppLedger,
  tenant: string,
  users: ReadonlyArray<string>,
  purchased: number,
): Promise<void> => {
  let n = 0;
  const ctx = () => ({ commandId: `${tenant}-setup-${++n}`, actor: admin });
  const upload = {
    type: "UploadToken",
    data: {
      token: makeVppToken(),
      tokenName: "Main",
      appleId: "it@example.test",
      acknowledgedSingleAccount: true,
      at: AT,
    },
  } as const;
  await must("UploadToken", ledger.account(tenant, upload, ctx()));
  const sync = { type: "SyncPurchasedCount", data: { purchased, at: AT } } as const;
  await must("SyncPurchasedCount", ledger.license(tenant, HOT_APP, sync, ctx()));
  const deploy = { type: "DeployApp", data: { action: "required", at: AT } } as const;
  await must("DeployApp", ledger.license(tenant, HOT_APP, deploy, ctx()));
  for (const userId of users) {
    await must("InviteUser", ledger.account(tenant, { type: "InviteUser", data: { userId, at: AT } }, ctx()));
    await must(
      "AcceptTerms",
      ledger.account(tenant, { type: "AcceptTerms", data: { userId, at: AT } }, ctx()),
    );
  }
};

/**
 * One install a caller sends. The same `commandId` in two calls is one command sent twice (a host's retry, or
 * two check-ins carrying the same request); two ids for one user are two requests of that user (R13).
 */
export interface InstallCall {
  readonly userId: string;
  readonly commandId: string;
  /** Milliseconds the caller waits before sending it. */
  readonly delayMs: number;
}

/** A caller's answer to one of its calls. */
export interface InstallAnswer {
  readonly caller: number;
  readonly call: InstallCall;
  readonly outcome: InstallOutcome;
}

/** What the callers saw. */
export interface HotPoolRun {
  readonly answers: ReadonlyArray<InstallAnswer>;
  /** Calls sent again after a retryable failure (a stream still busy after every attempt, an overloaded queue). */
  readonly clientRetries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Caller `i` sends its calls one after the other through `ledgers[i % ledgers.length]` (several ledgers are
 * several processes: each has its own state cache and its own group commit), all callers at once. A retryable
 * failure is sent again with the same command id, as the error asks; any other failure throws.
 */
export const raceHotPool = async (
  ledgers: ReadonlyArray<VppLedger>,
  tenant: string,
  callers: ReadonlyArray<ReadonlyArray<InstallCall>>,
  options: { readonly maxClientAttempts?: number } = {},
): Promise<HotPoolRun> => {
  const answers: InstallAnswer[] = [];
  let clientRetries = 0;
  const send = async (ledger: VppLedger, call: InstallCall): Promise<InstallOutcome> => {
    const context = { commandId: call.commandId, actor: { kind: "device", id: call.userId } } as const;
    for (let attempt = 1; ; attempt++) {
      const request = { tenantId: tenant, adamId: HOT_APP, userId: call.userId, at: AT };
      const outcome = await requestInstall(ledger, request, context);
      if (E.isRight(outcome)) return outcome.right;
      const failure = outcome.left;
      if (!isLedgerError(failure) || !failure.retryable || attempt >= (options.maxClientAttempts ?? 200)) {
        throw new Error(`install ${call.commandId} failed after ${attempt} attempts: ${failure.code}`);
      }
      clientRetries++;
      await sleep(1 + (attempt % 4));
    }
  };
  await Promise.all(
    callers.map(async (calls, caller) => {
      const ledger = ledgers[caller % ledgers.length]!;
      for (const call of calls) {
        if (call.delayMs > 0) await sleep(call.delayMs);
        answers.push({ caller, call, outcome: await send(ledger, call) });
      }
    }),
  );
  return { answers, clientRetries };
};
