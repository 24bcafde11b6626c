import type { Failure, LedgerEvent } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { adviceFor, classifyAppleFailure } from "../../client/classify.js";
import type { ErrorResponse } from "../../client/codecs/common.js";
import { isAppleApiError } from "../../client/errors.js";
import { appleOperationKey, compensateRefusedAssociation, refusalReason } from "../compensation.js";
import { describeSyncFailure, LedgerStepFailed, MAX_FAILURE_MESSAGE } from "../failure.js";
import { accountScrubber } from "../scrubber.js";
import {
  type ActionContext,
  awaitOperations,
  isAccountLevel,
  isTransient,
  mayCallApple,
  OUTBOUND_ACTOR,
  recordAccountFacts,
  settledByClass,
} from "./action-context.js";
import { invitationUrl } from "./invitation-url.js";
import type { ActionOutcome } from "./types.js";

/** What one ledger event asks of Apple. */
export type Action = (ctx: ActionContext) => Promise<ActionOutcome>;

const delivered: ActionOutcome = { kind: "delivered" };
const superseded: ActionOutcome = { kind: "superseded" };
const undeliverable = (failure: Failure): ActionOutcome => ({ kind: "undeliverable", failure });

const operationFailure = (failures: ReadonlyArray<ErrorResponse>, what: string): Failure => {
  const errorNumber = failures[0]?.errorNumber ?? 0;
  return {
    code: `apple-${errorNumber}`,
    message: `Apple could not ${what} (errorNumber ${errorNumber}): ${adviceFor(classifyAppleFailure(400, errorNumber))}`,
  };
};

/** An Apple error that will not pass: record what it says about the account, and give up on this event. */
const refused = async (ctx: ActionContext, error: unknown): Promise<ActionOutcome> => {
  if (isTransient(error) || !isAppleApiError(error)) throw error;
  if (isAccountLevel(error)) await recordAccountFacts(ctx, error);
  return undeliverable(describeSyncFailure(error));
};

const calls = (ctx: ActionContext) => (ctx.signal ? { signal: ctx.signal } : {});

/** UserInvited → users/create, then the invitation link from the new user's inviteCode (R15). */
const inviteUser =
  (userId: string): Action =>
  async (ctx) => {
    const { tenantId } = ctx.event;
    if ((await ctx.view.account(tenantId)).users.get(userId) === "retired") return superseded;
    const allowed = await mayCallApple(ctx);
    if (E.isLeft(allowed)) return undeliverable(allowed.left);
    try {
      const failures = await awaitOperations(
        ctx,
        await ctx.client.createUsers([{ clientUserId: userId }], calls(ctx)),
      );
      // "Already exists" is a repeat of this very action (or its lost answer): the user is there.
      if (!settledByClass("create-user", failures))
        return undeliverable(operationFailure(failures, "create the user"));
      let user: { readonly status?: string; readonly inviteCode?: string } | undefined;
      for await (const page of ctx.client.users({ clientUserId: userId, activeOnly: true }, calls(ctx))) {
        user ??= page.items[0];
      }
      if (user?.status === "Registered" && user.inviteCode !== undefined) {
        const { urls } = await ctx.client.serviceConfig(calls(ctx));
        const url = invitationUrl(urls.invitationEmail, user.inviteCode);
        await ctx.deps.onInvitation?.({ tenantId, userId, url });
      }
      return delivered;
    } catch (error) {
      return refused(ctx, error);
    }
  };

/**
 * Compensates a refused association. `key` names the refusal: the ledger event's id, or Apple's operation as
 * {@link appleOperationKey}. The reason enters `InstallFailed`, so it is scrubbed like any text about Apple.
 */
const compensate = async (
  ctx: ActionContext,
  adamId: string,
  userId: string,
  key: string | { readonly appleOperationId: string },
  reason: Failure,
): Promise<ActionOutcome> => {
  const { tenantId } = ctx.event;
  const at = ctx.deps.now();
  const scrubber = await accountScrubber(ctx.client);
  const scrubbed = {
    code: reason.code,
    message: scrubber.text(reason.message, MAX_FAILURE_MESSAGE) || reason.code,
  };
  const result = await compensateRefusedAssociation(ctx.deps.ledger, {
    tenantId,
    adamId,
    userId,
    key: typeof key === "string" ? key : appleOperationKey(key.appleOperationId, scrubber),
    reason: scrubbed,
    at,
    actor: OUTBOUND_ACTOR,
  });
  ctx.view.forgetPool(tenantId, adamId);
  if (E.isLeft(result)) throw new LedgerStepFailed("compensate", result.left);
  return { kind: "refused", failure: reason };
};

/** LicenseAssigned → assets/associate; a refusal is compensated in the ledger, a success told to the host. */
const associate =
  (adamId: string, userId: string): Action =>
  async (ctx) => {
    const { tenantId } = ctx.event;
    if (!(await ctx.view.pool(tenantId, adamId)).holders.has(userId)) return superseded;
    // A retired user's licenses are freed by the retirement itself (users/retire); associating would undo it.
    if ((await ctx.view.account(tenantId)).users.get(userId) === "retired") return superseded;
    const ownKey = `ledger-event:${ctx.event.place.eventId}`;
    const allowed = await mayCallApple(ctx);
    if (E.isLeft(allowed)) return compensate(ctx, adamId, userId, ownKey, allowed.left);
    let submitted: Awaited<ReturnType<typeof ctx.client.associateAssets>>;
    try {
      submitted = await ctx.client.associateAssets(
        { assets: [{ adamId }], clientUserIds: [userId] },
        calls(ctx),
      );
    } catch (error) {
      if (isTransient(error) || !isAppleApiError(error)) throw error;
      if (isAccountLevel(error)) await recordAccountFacts(ctx, error);
      return compensate(ctx, adamId, userId, ownKey, describeSyncFailure(error));
    }
    try {
      for (const operation of submitted) {
        const [failure] = await awaitOperations(ctx, [operation]);
        if (failure && !settledByClass("associate", [failure]))
          return compensate(
            ctx,
            adamId,
            userId,
            { appleOperationId: operation.operationId },
            refusalReason(failure),
          );
      }
    } catch (error) {
      return refused(ctx, error);
    }
    await ctx.deps.onAssociated?.({ tenantId, adamId, userId });
    return delivered;
  };

/** LicenseReclaimed after an uninstall or a retirement → assets/disassociate (R14). */
const disassociate =
  (adamId: string, userId: string): Action =>
  async (ctx) => {
    if ((await ctx.view.pool(ctx.event.tenantId, adamId)).holders.has(userId)) return superseded;
    const allowed = await mayCallApple(ctx);
    if (E.isLeft(allowed)) return undeliverable(allowed.left);
    try {
      const request = { assets: [{ adamId }], clientUserIds: [userId] };
      const failures = await awaitOperations(ctx, await ctx.client.disassociateAssets(request, calls(ctx)));
      // An unknown user holds nothing: there is nothing left to free.
      return settledByClass("disassociate", failures)
        ? delivered
        : undeliverable(operationFailure(failures, "free the license"));
    } catch (error) {
      return refused(ctx, error);
    }
  };

/** UserRetired → users/retire. */
const retireUser =
  (userId: string): Action =>
  async (ctx) => {
    if ((await ctx.view.account(ctx.event.tenantId)).users.get(userId) !== "retired") return superseded;
    const allowed = await mayCallApple(ctx);
    if (E.isLeft(allowed)) return undeliverable(allowed.left);
    try {
      const failures = await awaitOperations(ctx, await ctx.client.retireUsers([userId], calls(ctx)));
      // Unknown to Apple: already retired (a repeat), or never created.
      return settledByClass("retire-user", failures)
        ? delivered
        : undeliverable(operationFailure(failures, "retire the user"));
    } catch (error) {
      return refused(ctx, error);
    }
  };

/** The Apple action a ledger event asks for, if any. */
export const actionFor = (ledgerEvent: LedgerEvent): Action | undefined => {
  if (ledgerEvent.aggregate === "VppAccount") {
    const { event } = ledgerEvent;
    if (event.type === "UserInvited") return inviteUser(event.data.userId);
    if (event.type === "UserRetired") return retireUser(event.data.userId);
    return undefined;
  }
  const { event, adamId } = ledgerEvent;
  if (event.type === "LicenseAssigned") return associate(adamId, event.data.userId);
  if (event.type === "LicenseReclaimed") {
    const { reason, userId } = event.data;
    return reason === "app-uninstalled" || reason === "user-retired"
      ? disassociate(adamId, userId)
      : undefined;
  }
  return undefined;
};
