import type { Failure } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { AppleClient } from "../../client/apple-client.js";
import { isAppleApiError } from "../../client/errors.js";
import { appleOperationKey, compensateRefusedAssociation } from "../compensation.js";
import { LedgerStepFailed, MAX_FAILURE_MESSAGE } from "../failure.js";
import { OUTBOUND_ACTOR } from "../outbound/action-context.js";
import { invitationUrl } from "../outbound/invitation-url.js";
import { claimantOf, claimFields } from "../run/ownership.js";
import { accountScrubber } from "../scrubber.js";
import type { Entry } from "./plan.js";
import type { Settlement } from "./reports.js";
import type { AppleDeliveryOptions, DeliveryCounts, PendingDisassociation } from "./types.js";
import type { AppleWork } from "./work.js";

/** What handling one location's work needs. */
export interface LaneContext {
  readonly tenantId: string;
  readonly client: AppleClient;
  readonly options: AppleDeliveryOptions;
  readonly counts: DeliveryCounts;
}

/** Where a failed piece of work stands after {@link giveUp}. */
export type AfterFailure = "settled" | "drift";

/** Apple confirmed the work: tell the host what it may do now (install, invite). */
export const succeed = async (ctx: LaneContext, work: AppleWork, settlement?: Settlement): Promise<void> => {
  const { tenantId, userId, serialNumber, adamId } = work;
  ctx.counts.delivered++;
  if (work.operation === "associate" && adamId !== undefined) {
    if (serialNumber !== undefined)
      await ctx.options.onDeviceAssociated?.({ tenantId, adamId, serialNumber });
    else if (userId !== undefined) await ctx.options.onAssociated?.({ tenantId, adamId, userId });
  }
  if (work.operation !== "create-user" || userId === undefined || ctx.options.onInvitation === undefined)
    return;
  let inviteCode = settlement?.ok ? settlement.inviteCode : undefined;
  if (inviteCode === undefined) {
    // The notification did not say (or never came): Apple's user record has the code until it is accepted.
    let user: { readonly status?: string; readonly inviteCode?: string } | undefined;
    for await (const page of ctx.client.users({ clientUserId: userId, activeOnly: true }))
      user ??= page.items[0];
    if (user?.status !== "Registered") return;
    inviteCode = user.inviteCode;
  }
  if (inviteCode === undefined) return;
  const { urls } = await ctx.client.serviceConfig();
  await ctx.options.onInvitation({ tenantId, userId, url: invitationUrl(urls.invitationEmail, inviteCode) });
};

/** A device's license Apple refused goes back to the pool (R20); the reason is reported to the host. */
const compensateDevice = async (
  ctx: LaneContext,
  work: AppleWork,
  serialNumber: string,
  reason: Failure,
): Promise<void> => {
  const data = { serialNumber, reason: "apple-refused" as const, at: ctx.options.now() };
  const result = await ctx.options.ledger.license(
    work.tenantId,
    work.adamId ?? "",
    { type: "ReclaimDeviceLicense", data },
    {
      commandId: `ledger-event:${work.eventId}:${work.adamId}:${serialNumber}:reclaim`,
      actor: OUTBOUND_ACTOR,
    },
  );
  if (E.isLeft(result)) throw new LedgerStepFailed("compensate", result.left);
  ctx.counts.refused++;
  await ctx.options.onUndeliverable?.({ work, failure: reason });
};

/**
 * Takes back a license Apple refused (`ReclaimLicense` apple-refused + `RecordInstallFailure`), under the
 * command ids the notification handler and the one-at-a-time delivery use for the same refusal.
 */
const compensate = async (
  ctx: LaneContext,
  work: AppleWork,
  reason: Failure,
  appleOperationId: string | undefined,
): Promise<void> => {
  const scrubber = await accountScrubber(ctx.client);
  if (work.serialNumber !== undefined) return compensateDevice(ctx, work, work.serialNumber, reason);
  const result = await compensateRefusedAssociation(ctx.options.ledger, {
    tenantId: work.tenantId,
    adamId: work.adamId ?? "",
    userId: work.userId ?? "",
    key:
      appleOperationId === undefined
        ? `ledger-event:${work.eventId}`
        : appleOperationKey(appleOperationId, scrubber),
    reason: { code: reason.code, message: scrubber.text(reason.message, MAX_FAILURE_MESSAGE) || reason.code },
    at: ctx.options.now(),
    actor: OUTBOUND_ACTOR,
  });
  if (E.isLeft(result)) throw new LedgerStepFailed("compensate", result.left);
  ctx.counts.refused++;
};

/**
 * Work Apple will not do (a refusal, a defect, an account that may not call): an association is compensated,
 * a disassociation or a location revoke stays pending as drift (retried until Apple confirms or an admin dismisses it), a user's
 * creation or retirement is reported undeliverable. Transient failures never come here.
 */
export const giveUp = async (
  ctx: LaneContext,
  work: AppleWork,
  failure: Failure,
  appleOperationId?: string,
): Promise<AfterFailure> => {
  if (work.operation === "disassociate" || work.operation === "revoke") return "drift";
  if (work.operation === "associate") {
    await compensate(ctx, work, failure, appleOperationId);
    return "settled";
  }
  ctx.counts.undeliverable++;
  await ctx.options.onUndeliverable?.({ work, failure });
  return "settled";
};

/** The drift a waiting or sent entry stands for: a disassociation or a location revoke not confirmed yet. */
export const driftOf = ({ work, attempts, lastFailure }: Entry): PendingDisassociation[] =>
  work.operation === "disassociate" || work.operation === "revoke"
    ? [
        {
          tenantId: work.tenantId,
          adamId: work.adamId ?? "",
          ...(work.operation === "revoke" ? { everyApp: true as const } : {}),
          ...(work.userId === undefined ? {} : { userId: work.userId }),
          ...(work.serialNumber === undefined ? {} : { serialNumber: work.serialNumber }),
          eventId: work.eventId,
          attempts,
          ...(lastFailure ? { lastFailure } : {}),
        },
      ]
    : [];

/** Records what an Apple error revealed about the account: another MDM (R6/R8), a revoked token (R5). */
export const recordAccountFacts = async (
  ctx: LaneContext,
  work: AppleWork,
  error: unknown,
): Promise<void> => {
  const { ledger, now } = ctx.options;
  const claimant = claimantOf(error);
  const context = (step: string) => ({
    commandId: `delivery:${work.eventId}:${step}`,
    actor: OUTBOUND_ACTOR,
    causationId: work.eventId,
  });
  const result = claimant
    ? await ledger.account(
        ctx.tenantId,
        {
          type: "RecordLocationClaimed",
          data: { ...claimFields(claimant, await accountScrubber(ctx.client)), at: now() },
        },
        context("claimed"),
      )
    : isAppleApiError(error, "token-revoked")
      ? await ledger.account(
          ctx.tenantId,
          { type: "RecordTokenRevoked", data: { at: now() } },
          context("revoked"),
        )
      : undefined;
  if (result !== undefined && E.isLeft(result))
    throw new LedgerStepFailed("record-account-facts", result.left);
};
