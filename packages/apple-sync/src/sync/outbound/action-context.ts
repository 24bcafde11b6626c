import {
  type Actor,
  type CallContext,
  canTalkToApple,
  type Failure,
  isLedgerError,
  type LedgerEvent,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { AppleClient } from "../../client/apple-client.js";
import { classifyDeliveryFailure, type DeliveryOperation } from "../../client/classify.js";
import type { ErrorResponse } from "../../client/codecs/common.js";
import type { SubmittedOperation } from "../../client/endpoints/manage.js";
import { AppleApiError, type AppleErrorCode, isAppleApiError } from "../../client/errors.js";
import { LedgerStepFailed, rootCause } from "../failure.js";
import { claimantOf, claimFields } from "../run/ownership.js";
import { accountScrubber } from "../scrubber.js";
import type { LedgerView } from "./ledger-view.js";
import type { OutboundDeps } from "./types.js";

/** Everything one event's action needs. */
export interface ActionContext {
  readonly deps: OutboundDeps;
  readonly client: AppleClient;
  readonly view: LedgerView;
  readonly event: LedgerEvent;
  readonly signal: AbortSignal | undefined;
}

/** Who the delivery's own ledger commands come from (R18). */
export const OUTBOUND_ACTOR: Actor = { kind: "apple-sync", id: "outbound" };

/** A deterministic context for a ledger command caused by the event being delivered. */
export const commandContext = (ctx: ActionContext, step: string): CallContext => ({
  commandId: `outbound:${ctx.event.place.eventId}:${step}`,
  actor: OUTBOUND_ACTOR,
  causationId: ctx.event.place.eventId,
});

/** Whether the account may call Apple now (R5, R6); the refusal in the ledger's words otherwise. */
export const mayCallApple = async (ctx: ActionContext): Promise<E.Either<Failure, void>> => {
  const allowed = canTalkToApple(await ctx.view.account(ctx.event.tenantId), ctx.deps.now());
  return E.mapLeft((error: Failure) => ({ code: error.code, message: error.message }))(allowed);
};

/** Polls each submitted Apple operation to its end and returns every failure Apple listed. */
export const awaitOperations = async (
  ctx: ActionContext,
  submitted: ReadonlyArray<SubmittedOperation<unknown>>,
): Promise<ReadonlyArray<ErrorResponse & { readonly operationId: string }>> => {
  const failures: Array<ErrorResponse & { readonly operationId: string }> = [];
  for (const { operationId } of submitted) {
    const status = await ctx.client.waitForOperation(operationId, {
      pollIntervalMs: ctx.deps.pollIntervalMs ?? 30_000,
      timeoutMs: ctx.deps.operationTimeoutMs ?? 600_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (status.eventStatus === "FAILED") {
      const listed = status.failures ?? [];
      failures.push(
        ...(listed.length > 0 ? listed : [{ errorNumber: 0 }]).map((f) => ({ ...f, operationId })),
      );
    }
  }
  return failures;
};

/**
 * Sorts an operation's failures by the one classification shared with the batched delivery: "try again later"
 * (9603, 9644) stops the run so the next one sends the work again, and never undoes a license; true when
 * every failure means the work is done already (9716 on create, 9609 on retire or disassociate).
 */
export const settledByClass = (
  operation: DeliveryOperation,
  failures: ReadonlyArray<ErrorResponse>,
): boolean => {
  const classes = failures.map((f) =>
    classifyDeliveryFailure(operation, f.errorNumber === 0 ? undefined : f.errorNumber),
  );
  const transient = failures.find((_, index) => classes[index] === "transient");
  if (transient !== undefined) {
    throw new AppleApiError(
      "server-error",
      `Apple asked to try again later (errorNumber ${transient.errorNumber}): the next run sends the work again`,
      { errorNumber: transient.errorNumber },
    );
  }
  return classes.every((cls) => cls === "done");
};

const ACCOUNT_LEVEL: ReadonlySet<AppleErrorCode> = new Set<AppleErrorCode>([
  "token-expired",
  "token-revoked",
  "token-missing",
  "unauthorized",
  "forbidden",
  "mdm-conflict",
]);

/**
 * Errors that may pass without anyone changing anything: the delivery stops there and the next run sends the
 * same action again. A malformed answer counts: Apple did the work but the answer was lost, and every action
 * here converges when repeated.
 */
export const isTransient = (error: unknown): boolean => {
  const cause = rootCause(error);
  if (isAppleApiError(cause)) return cause.retryable || cause.code === "malformed-response";
  return isLedgerError(cause) && cause.retryable;
};

/** Whether an Apple error is about the account (token, rights, ownership) rather than this one request. */
export const isAccountLevel = (error: unknown): boolean =>
  isAppleApiError(error) && ACCOUNT_LEVEL.has(error.code);

/** Records what an Apple error revealed about the account: a revoked token (R5), another MDM (R6/R8). */
export const recordAccountFacts = async (ctx: ActionContext, error: unknown): Promise<void> => {
  const { tenantId } = ctx.event;
  const claimant = claimantOf(error);
  const at = ctx.deps.now();
  const result = claimant
    ? await ctx.deps.ledger.account(
        tenantId,
        {
          type: "RecordLocationClaimed",
          data: { ...claimFields(claimant, await accountScrubber(ctx.client)), at },
        },
        commandContext(ctx, "claimed"),
      )
    : isAppleApiError(error, "token-revoked")
      ? await ctx.deps.ledger.account(
          tenantId,
          { type: "RecordTokenRevoked", data: { at } },
          commandContext(ctx, "revoked"),
        )
      : undefined;
  if (result === undefined) return;
  ctx.view.forgetAccount(tenantId);
  if (E.isLeft(result)) throw new LedgerStepFailed("record-account-facts", result.left);
};
