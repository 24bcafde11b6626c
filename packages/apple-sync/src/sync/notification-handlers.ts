import { type Actor, type CallContext, isId, type VppLedger } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { AppleClient } from "../client/apple-client.js";
import { classifyDeliveryFailure } from "../client/classify.js";
import { AppleApiError } from "../client/errors.js";
import type {
  AssetCountNotification,
  AssetManagementNotification,
  NotificationEnvelope,
  UserAssociatedNotification,
  UserManagementNotification,
} from "../notifications/codecs.js";
import type { NotificationHandlerOptions } from "../notifications/handler.js";
import type { Scrubber } from "../untrusted/scrubber.js";
import { appleOperationKey, compensateRefusedAssociation, refusalReason } from "./compensation.js";
import {
  type AppleOperationListener,
  assetManagementReport,
  userManagementReport,
} from "./delivery/notifications.js";
import { LedgerStepFailed } from "./failure.js";
import { UNLIMITED_COUNT } from "./run/assets.js";

/** What the notification callbacks need besides the ledger. */
export interface LedgerNotificationDeps {
  /** The tenant's Apple client, to read exact counts (never trust a delta). */
  readonly client: AppleClient;
  /** The current time as ISO-8601. */
  readonly now: () => string;
  /**
   * The batched delivery awaiting Apple's operations: ASSET_MANAGEMENT and USER_MANAGEMENT notifications settle its
   * work (it compensates refusals itself). Without it, a refused association is compensated here.
   */
  readonly delivery?: AppleOperationListener;
}

/** The callbacks {@link ledgerNotificationHandlers} fills in, and the scrubber of the tenant's token. */
export type LedgerNotificationCallbacks = Required<
  Pick<
    NotificationHandlerOptions,
    "onUserAssociated" | "onAssetCount" | "onAssetManagement" | "onUserManagement" | "scrubber"
  >
>;

/**
 * The notification as the ledger names it (actor, command and correlation ids). Apple chose the
 * `notificationId`: it goes through {@link Scrubber.reference} like any Apple id that enters a reference.
 */
const sourceOf = (envelope: NotificationEnvelope, scrubber: Scrubber): string =>
  `notification:${scrubber.reference(envelope.notificationId)}`;

const actorOf = (source: string): Actor => ({ kind: "apple-sync", id: source });

const contextOf = (source: string, step: string): CallContext => ({
  commandId: `${source}:${step}`,
  actor: actorOf(source),
  correlationId: source,
});

const orThrow = <A>(step: string, result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new LedgerStepFailed(step, result.left);
  return result.right;
};

/**
 * Apple's notifications applied to one tenant's ledger, for the client's `createNotificationHandler` (a
 * callback that throws makes the handler answer 500, and Apple delivers again):
 * - USER_ASSOCIATED → `AcceptTerms` for users of ours still invited (R15); foreign users are ignored (R9);
 * - ASSET_COUNT → `SyncPurchasedCount` with the app's exact total read from GET assets?adamId (R11, R16);
 * - ASSET_MANAGEMENT and USER_MANAGEMENT → the batched delivery (`deps.delivery`), which settles its work by
 *   them; without one, a refused association (a refusal, never a transient 9603/9644) gets the same
 *   compensation as the outbound poller, under the same command ids, so whichever learns of it first records it.
 * With them comes `scrubber` (the tenant's token's), so the handler scrubs every string of a notification
 * before any of this runs; ids are then checked against the ledger's grammar (R24), and Apple's
 * `notificationId` and `eventId` enter command ids only through {@link Scrubber.reference}.
 * The scheduled sync still runs: notifications are best effort and can be missed.
 */
export const ledgerNotificationHandlers = (
  ledger: VppLedger,
  tenantId: string,
  deps: LedgerNotificationDeps,
): LedgerNotificationCallbacks => ({
  // The handler scrubs every string of a notification with it before any callback runs.
  scrubber: () => deps.client.scrubber(),

  onUserAssociated: async (notification: UserAssociatedNotification, envelope) => {
    const source = sourceOf(envelope, await deps.client.scrubber());
    const { users } = (await ledger.loadAccount(tenantId)).state;
    for (const { clientUserId } of notification.associatedUsers) {
      // R9, R24: only ids of our grammar can be users of ours; anything else is someone else's.
      if (!isId("identifier", clientUserId) || users.get(clientUserId) !== "invited") continue;
      const step = `terms:${clientUserId}`;
      orThrow(
        step,
        await ledger.account(
          tenantId,
          { type: "AcceptTerms", data: { userId: clientUserId, at: deps.now() } },
          contextOf(source, step),
        ),
      );
    }
  },

  onAssetCount: async (notification: AssetCountNotification, envelope) => {
    const { adamId } = notification;
    // R24: an adamId outside its grammar never names a pool.
    if (!isId("adamId", adamId)) return;
    const source = sourceOf(envelope, await deps.client.scrubber());
    let purchased = 0;
    let books = 0;
    for await (const page of deps.client.assets({ adamId })) {
      for (const asset of page.items) {
        if (asset.productType === "Book") books++;
        else if (asset.adamId === adamId) {
          // Optional in Apple's schema, needed here: Apple's next delivery (or the scheduled sync) tries again.
          if (asset.totalCount === undefined) {
            throw new AppleApiError(
              "malformed-response",
              `GET assets listed app ${adamId} without totalCount: the purchased count cannot be updated; ` +
                "the notification is refused so Apple delivers it again, and the scheduled sync reads the count",
            );
          }
          purchased = Math.min(UNLIMITED_COUNT, purchased + asset.totalCount);
        }
      }
    }
    if (books > 0) return;
    const step = `purchased:${adamId}:${purchased}`;
    orThrow(
      step,
      await ledger.license(
        tenantId,
        adamId,
        { type: "SyncPurchasedCount", data: { purchased, at: deps.now() } },
        contextOf(source, step),
      ),
    );
  },

  onUserManagement: (notification: UserManagementNotification) => {
    deps.delivery?.notified(tenantId, userManagementReport(notification));
  },

  onAssetManagement: async (notification: AssetManagementNotification, envelope) => {
    if (deps.delivery) return deps.delivery.notified(tenantId, assetManagementReport(notification));
    if (notification.type !== "ASSOCIATE" || notification.result !== "FAILURE") return;
    // One classification for sync and async forms: only a refusal takes the license back, never "try later".
    const cls = classifyDeliveryFailure("associate", notification.error?.errorNumber);
    if (cls !== "refusal" && cls !== "defect") return;
    const scrubber = await deps.client.scrubber();
    const actor = actorOf(sourceOf(envelope, scrubber));
    for (const { adamId, clientUserId } of notification.assignments ?? []) {
      // R24: ids outside the grammar are not ours to compensate (and never reach a command).
      if (!isId("adamId", adamId) || !isId("identifier", clientUserId)) continue;
      orThrow(
        "compensate",
        await compensateRefusedAssociation(ledger, {
          tenantId,
          adamId,
          userId: clientUserId,
          key: appleOperationKey(notification.eventId, scrubber),
          reason: refusalReason(notification.error),
          at: deps.now(),
          actor,
        }),
      );
    }
  },
});
