import { canTalkToApple, type Failure, type LicenseState, type VppAccountState } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { classifyDeliveryFailure, type DeliveryFailureClass } from "../../client/classify.js";
import { describeSyncFailure } from "../failure.js";
import { classOfError, operationFailure, submit } from "./apple-calls.js";
import { giveUp, type LaneContext, recordAccountFacts, succeed } from "./outcomes.js";
import type { AppleOperationTracker } from "./tracker.js";
import { type AppleWork, classifiedAs, itemKey } from "./work.js";

/** Where one piece of work of a request stands afterwards. */
export type Verdict =
  | { readonly kind: "settled" }
  | { readonly kind: "superseded" }
  /** A transient failure: sent again after a back-off; the ledger is not touched. */
  | { readonly kind: "retry"; readonly failure?: Failure }
  /** Refused inside a batch that Apple refuses as a whole (9709): sent again in a request of its own. */
  | { readonly kind: "alone" }
  /** A disassociation Apple did not confirm: pending, visible as drift, retried. */
  | { readonly kind: "drift"; readonly failure: Failure };

const NOT_ENOUGH_LICENSES = 9709;
/** A later ledger event made the work moot: the license is no longer (or again) held, the user retired. */
const superseded = (work: AppleWork, account: VppAccountState, pool: LicenseState | undefined): boolean => {
  // A holder given a license again after a location revoke: the pools' own association follows the revoke
  // (the lane keeps their order), so the revoke is never moot; repeating it is harmless at Apple.
  if (work.operation === "revoke") return false;
  if (work.serialNumber !== undefined) {
    const holds = pool?.devices.has(work.serialNumber) ?? false;
    return work.operation === "associate" ? !holds : holds;
  }
  const userId = work.userId ?? "";
  const status = account.users.get(userId);
  switch (work.operation) {
    case "associate":
      return status === "retired" || !(pool?.holders.has(userId) ?? false);
    case "disassociate":
      return pool?.holders.has(userId) ?? false;
    case "create-user":
      return status === "retired";
    case "retire-user":
      return status !== "retired";
  }
};

const afterFailure = async (
  ctx: LaneContext,
  work: AppleWork,
  cls: DeliveryFailureClass,
  failure: Failure,
  appleOperationId?: string,
): Promise<Verdict> => {
  if (cls === "transient") return { kind: "retry", failure };
  if (cls === "done") {
    await succeed(ctx, work);
    return { kind: "settled" };
  }
  return (await giveUp(ctx, work, failure, appleOperationId)) === "drift"
    ? { kind: "drift", failure }
    : { kind: "settled" };
};

/** Runs `step` for one piece of work; a failure of the ledger or of a read makes the work retry. */
const guarded = async (ctx: LaneContext, step: () => Promise<Verdict>): Promise<Verdict> => {
  try {
    return await step();
  } catch (error) {
    ctx.options.onError?.(error);
    return { kind: "retry", failure: describeSyncFailure(error) };
  }
};

/**
 * One manage request for works of one operation (and one app): the ledger's latest word first (moot work is
 * dropped, an account that may not call Apple gives up at once), then one request to Apple, then the
 * operation's end as notifications or status polls report it, then each item's verdict.
 */
export const sendRequest = async (
  ctx: LaneContext,
  tracker: AppleOperationTracker,
  works: ReadonlyArray<AppleWork>,
): Promise<Verdict[]> => {
  const first = works[0];
  if (first === undefined) return [];
  const { operation, adamId } = first;
  const { ledger, now } = ctx.options;
  let account: VppAccountState;
  let pool: LicenseState | undefined;
  try {
    account = (await ledger.loadAccount(ctx.tenantId)).state;
    pool = adamId === undefined ? undefined : (await ledger.loadLicense(ctx.tenantId, adamId)).state;
  } catch (error) {
    ctx.options.onError?.(error);
    return works.map(() => ({ kind: "retry" }));
  }
  const live = works.filter((work) => !superseded(work, account, pool));
  const verdicts = new Map<AppleWork, Verdict>(
    works.filter((work) => !live.includes(work)).map((work) => [work, { kind: "superseded" }]),
  );
  const allowed = canTalkToApple(account, now());
  if (E.isLeft(allowed)) {
    const failure = { code: allowed.left.code, message: allowed.left.message };
    for (const work of live)
      verdicts.set(work, await guarded(ctx, () => afterFailure(ctx, work, "account", failure)));
    return works.map((work) => verdicts.get(work) ?? { kind: "retry" });
  }
  let submitted: ReadonlyArray<{ readonly operationId: string }> = [];
  if (live.length > 0) {
    try {
      submitted = await submit(ctx.client, operation, { adamId, state: pool }, live);
      ctx.counts.requests += submitted.length;
      ctx.options.onRequest?.({ tenantId: ctx.tenantId, operation, items: live.length });
    } catch (error) {
      const cls = classOfError(operation, error);
      const failure = describeSyncFailure(error);
      if (cls === "account")
        await guarded(ctx, async () => {
          await recordAccountFacts(ctx, first, error);
          return { kind: "settled" };
        });
      for (const work of live)
        verdicts.set(work, await guarded(ctx, () => afterFailure(ctx, work, cls, failure)));
      return works.map((work) => verdicts.get(work) ?? { kind: "retry" });
    }
  }
  for (const { operationId } of submitted) {
    // Apple reports a revoke per app the holder lost; the holder is the item here, whatever the app.
    const settled = await tracker.track(ctx.tenantId, ctx.client, operationId, live, operation === "revoke");
    // Apple refusing every item for want of licenses may be the batch's fault (all or nothing per asset).
    const wholeBatchShort =
      live.length > 1 &&
      live.every((work) => {
        const settlement = settled.get(itemKey(work.adamId, work));
        return settlement?.ok === false && settlement.errorNumber === NOT_ENOUGH_LICENSES;
      });
    for (const work of live) {
      const settlement = settled.get(itemKey(work.adamId, work));
      if (settlement === undefined || verdicts.has(work)) continue;
      const verdict = await guarded(ctx, async () => {
        if (settlement.ok) {
          await succeed(ctx, work, settlement);
          return { kind: "settled" };
        }
        const { errorNumber } = settlement;
        if (operation === "associate" && errorNumber === NOT_ENOUGH_LICENSES && wholeBatchShort)
          return { kind: "alone" };
        const cls = classifyDeliveryFailure(classifiedAs(operation), errorNumber);
        return afterFailure(ctx, work, cls, operationFailure(operation, errorNumber), operationId);
      });
      verdicts.set(work, verdict);
    }
  }
  return works.map((work) => verdicts.get(work) ?? { kind: "retry" });
};
