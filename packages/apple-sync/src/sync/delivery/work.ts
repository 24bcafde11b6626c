import type { DeliveryOperation } from "../../client/classify.js";

/**
 * What a piece of work asks of Apple: a delivery operation, or `revoke` (POST assets/revoke: every license the
 * holder has at the location, whatever the app), which fails and succeeds like a disassociation.
 */
export type WorkOperation = DeliveryOperation | "revoke";

/** The operation whose failure classes and wording a piece of work shares (a revoke frees like a disassociation). */
export const classifiedAs = (operation: WorkOperation): DeliveryOperation =>
  operation === "revoke" ? "disassociate" : operation;

/**
 * One piece of Apple work a ledger event asks for: associate or disassociate one app's license for one user or
 * one device, create or retire one user, or revoke every license of one user or device at the location. `eventId` and `position` name the ledger event, so the delivery's
 * checkpoint never passes work Apple has not confirmed. Exactly one of `userId` and `serialNumber` is set.
 */
export interface AppleWork {
  readonly operation: WorkOperation;
  readonly tenantId: string;
  /** The user (the host's opaque id, Apple's `clientUserId`). */
  readonly userId?: string;
  /** The device, for device licenses (R20): Apple's `serialNumber`. */
  readonly serialNumber?: string;
  /** The app, for `associate` and `disassociate` (a `revoke` covers every app). */
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

/** The holder alone: a user or a device. */
export const holderKey = (holder: Holder): string =>
  holder.serialNumber === undefined
    ? `user\u0000${holder.userId ?? ""}`
    : `device\u0000${holder.serialNumber}`;

/** The `adamId` part of a revoke's key: every app, never an app's id nor the empty one of user work. */
const EVERY_APP = "*";

/**
 * What a piece of work is about: later work on the same key replaces work not yet sent (an uninstall after an
 * assignment makes the association moot; a holder's second location revoke, from another pool's event, makes
 * the first moot), and never overtakes work already sent.
 */
export const workKey = (
  work: Holder & Pick<AppleWork, "tenantId" | "adamId"> & { readonly operation?: WorkOperation },
): string =>
  `${work.tenantId}\u0000${work.operation === "revoke" ? EVERY_APP : (work.adamId ?? "")}\u0000${holderKey(work)}`;

/** The item of an Apple operation a piece of work is, as Apple's reports name it (app and holder, or the user). */
export const itemKey = (adamId: string | undefined, holder: Holder): string =>
  `${adamId ?? ""}\u0000${holderKey(holder)}`;
