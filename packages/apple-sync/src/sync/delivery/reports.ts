import type { ErrorResponse } from "../../client/codecs/common.js";
import type { Holder } from "./work.js";

/** How one item of an Apple operation ended: done (a created user's `inviteCode` when Apple told it), or failed. */
export type Settlement =
  | { readonly ok: true; readonly inviteCode?: string }
  /** `errorNumber` undefined: Apple gave no reason, or the operation was lost (unknown, timed out): sent again. */
  | { readonly ok: false; readonly errorNumber: number | undefined };

/** One item of an operation: an app and a user or device (associate, disassociate), or a user (create, retire). */
export interface OperationItem extends Holder {
  readonly adamId?: string;
}

/** What a notification said about an operation: the items it covers (none: the whole operation) and its result. */
export interface OperationReport {
  /** Apple's id of the operation (its `eventId`). */
  readonly operationId: string;
  readonly failed: boolean;
  readonly errorNumber?: number;
  readonly items: ReadonlyArray<OperationItem & { readonly inviteCode?: string }>;
  /** A failure's body: its `errorInfo` names the items that failed when `items` is empty. */
  readonly error?: ErrorResponse;
}

/** Timing of the status polling that backs notifications up. */
export interface PollingOptions {
  /** First status poll this long after submission, if no notification settled the operation (30 000 ms). */
  readonly pollAfterMs: number;
  /** The wait between polls doubles up to this (300 000 ms). */
  readonly maxPollIntervalMs: number;
  /** An operation still unsettled after this long is treated as lost, and its items are sent again (3 600 000 ms). */
  readonly operationTimeoutMs: number;
  /** Counts each status request (for the host's metrics and the benchmark). */
  readonly onStatusRequest?: () => void;
}

/** Whether an Apple failure names the item (by `errorInfo`; one naming nothing names every item). */
export const matches = (failure: ErrorResponse, item: OperationItem): boolean => {
  const info = failure.errorInfo;
  const users = info?.clientUserIds;
  const devices = info?.serialNumbers;
  const assets = info?.assets;
  if (users === undefined && devices === undefined && assets === undefined) return true;
  if (users !== undefined || devices !== undefined) {
    const named =
      item.serialNumber === undefined
        ? (users?.includes(item.userId ?? "") ?? false)
        : (devices?.includes(item.serialNumber) ?? false);
    if (!named) return false;
  }
  return assets === undefined || item.adamId === undefined || assets.some((a) => a.adamId === item.adamId);
};
