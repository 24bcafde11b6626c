import type { DeliveryOperation } from "../../client/classify.js";

/**
 * One piece of Apple work a ledger event asks for: associate or disassociate one app's license for one user or
 * one device, or create or retire one user. `eventId` and `position` name the ledger event, so the delivery's
 * checkpoint never passes work Apple has not confirmed. Exactly one of `userId` and `serialNumber` is set.
 */
export interface AppleWork {
  readonly operation: DeliveryOperation;
  readonly tenantId: string;
  /** The user (the host's opaque id, Apple's `clientUserId`). */
  readonly userId?: string;
  /** The device, for device licenses (R20): Apple's `serialNumber`. */
  readonly serialNumber?: string;
  /** The app, for `associate` and `disassociate`. */
  readonly adamId?: string;
  /** The ledger event that asked for the work. */
  readonly eventId: string;
  /** Its global position in the log. */
  readonly position: bigint;
}

/** Who a piece of work is for: a user or a device, as Apple's reports name them. */
export interface Holder {
  readonly userId?: string;
  readonly serialNumber?: string;
}

const holderKey = (holder: Holder): string =>
  holder.serialNumber === undefined
    ? `user\u0000${holder.userId ?? ""}`
    : `device\u0000${holder.serialNumber}`;

/**
 * What a piece of work is about: later work on the same key replaces work not yet sent (an uninstall after an
 * assignment makes the association moot), and never overtakes work already sent.
 */
export const workKey = (work: Holder & Pick<AppleWork, "tenantId" | "adamId">): string =>
  `${work.tenantId}\u0000${work.adamId ?? ""}\u0000${holderKey(work)}`;

/** The item of an Apple event a piece of work is, as Apple's reports name it (app and holder, or the user). */
export const itemKey = (adamId: string | undefined, holder: Holder): string =>
  `${adamId ?? ""}\u0000${holderKey(holder)}`;
