import { isId } from "@vpp-ledger/core";
import type { AssetManagementNotification, UserManagementNotification } from "../../notifications/codecs.js";
import type { OperationItem, OperationReport } from "./reports.js";

/** Where notifications about Apple operations go: an {@link AppleDelivery}. */
export interface AppleOperationListener {
  notified(tenantId: string, report: OperationReport): void;
}

// Apple's notifications name the operation's id `eventId`; the reports call it `operationId`.
// R24: only ids of the ledger's grammar can be work of ours; anything else is left out of the report.
const isOurs = (adamId: string | undefined, id: string | undefined): id is string =>
  id !== undefined && isId("identifier", id) && (adamId === undefined || isId("adamId", adamId));

/** What an ASSET_MANAGEMENT notification says about the items of its operation, users and devices. */
export const assetManagementReport = (notification: AssetManagementNotification): OperationReport => ({
  operationId: notification.eventId,
  failed: notification.result === "FAILURE",
  ...(notification.error ? { errorNumber: notification.error.errorNumber, error: notification.error } : {}),
  items: (notification.assignments ?? []).flatMap(
    ({ adamId, clientUserId, serialNumber }): OperationItem[] => {
      if (serialNumber !== undefined) return isOurs(adamId, serialNumber) ? [{ adamId, serialNumber }] : [];
      return isOurs(adamId, clientUserId) ? [{ adamId, userId: clientUserId }] : [];
    },
  ),
});

/** What a USER_MANAGEMENT notification says about the users of its operation (with their invite codes). */
export const userManagementReport = (notification: UserManagementNotification): OperationReport => ({
  operationId: notification.eventId,
  failed: notification.result === "FAILURE",
  ...(notification.error ? { errorNumber: notification.error.errorNumber } : {}),
  items: (notification.users ?? []).flatMap(({ clientUserId, inviteCode, status }) =>
    isOurs(undefined, clientUserId)
      ? [
          {
            userId: clientUserId,
            ...(inviteCode !== undefined && status !== "Associated" ? { inviteCode } : {}),
          },
        ]
      : [],
  ),
});
