import { type Actor, type CallContext, Identifier, type VppLedger } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import type { AppleClient } from "../client/apple-client.js";
import type {
  AssetCountNotification,
  AssetManagementNotification,
  NotificationEnvelope,
  UserAssociatedNotification,
} from "../notifications/codecs.js";
import type { NotificationHandlerOptions } from "../notifications/handler.js";
import { compensateRefusedAssociation, refusalReason } from "./compensation.js";
import { LedgerStepFailed } from "./failure.js";
import { UNLIMITED_COUNT } from "./run/assets.js";

/** What the notification callbacks need besides the ledger. */
export interface LedgerNotificationDeps {
  /** The tenant's Apple client, to read exact counts (never trust a delta). */
  readonly client: AppleClient;
  /** The current time as ISO-8601. */
  readonly now: () => string;
}

/** The callbacks {@link ledgerNotificationHandlers} fills in. */
export type LedgerNotificationCallbacks = Required<
  Pick<NotificationHandlerOptions, "onUserAssociated" | "onAssetCount" | "onAssetManagement">
>;

const actorOf = (envelope: NotificationEnvelope): Actor => ({
  kind: "apple-sync",
  id: `notification:${envelope.notificationId}`,
});

const contextOf = (envelope: NotificationEnvelope, step: string): CallContext => ({
  commandId: `notification:${envelope.notificationId}:${step}`,
  actor: actorOf(envelope),
  correlationId: `notification:${envelope.notificationId}`,
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
 * - ASSET_MANAGEMENT failure of an association → the same compensation as the outbound poller, under the same
 *   command ids, so whichever learns of the refusal first records it and the other records nothing.
 * The scheduled sync still runs: notifications are best effort and can be missed.
 */
export const ledgerNotificationHandlers = (
  ledger: VppLedger,
  tenantId: string,
  deps: LedgerNotificationDeps,
): LedgerNotificationCallbacks => ({
  onUserAssociated: async (notification: UserAssociatedNotification, envelope) => {
    const { users } = (await ledger.loadAccount(tenantId)).state;
    for (const { clientUserId } of notification.associatedUsers) {
      if (users.get(clientUserId) !== "invited") continue;
      const step = `terms:${clientUserId}`;
      orThrow(
        step,
        await ledger.account(
          tenantId,
          { type: "AcceptTerms", data: { userId: clientUserId, at: deps.now() } },
          contextOf(envelope, step),
        ),
      );
    }
  },

  onAssetCount: async (notification: AssetCountNotification, envelope) => {
    const { adamId } = notification;
    if (!Identifier.is(adamId)) return;
    let purchased = 0;
    let books = 0;
    for await (const page of deps.client.assets({ adamId })) {
      for (const asset of page.items) {
        if (asset.productType === "Book") books++;
        else if (asset.adamId === adamId) {
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
        contextOf(envelope, step),
      ),
    );
  },

  onAssetManagement: async (notification: AssetManagementNotification, envelope) => {
    if (notification.type !== "ASSOCIATE" || notification.result !== "FAILURE") return;
    for (const { adamId, clientUserId } of notification.assignments ?? []) {
      if (clientUserId === undefined || !Identifier.is(adamId) || !Identifier.is(clientUserId)) continue;
      orThrow(
        "compensate",
        await compensateRefusedAssociation(ledger, {
          tenantId,
          adamId,
          userId: clientUserId,
          key: `apple-event:${notification.eventId}`,
          reason: refusalReason(notification.error),
          at: deps.now(),
          actor: actorOf(envelope),
        }),
      );
    }
  },
});
