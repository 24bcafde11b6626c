import type { DeliveryOperation } from "../../client/classify.js";

/**
 * One piece of Apple work a ledger event asks for: associate or disassociate one app's license for one user,
 * or create or retire one user. `eventId` and `position` name the ledger event, so the delivery's checkpoint
 * never passes work Apple has not confirmed.
 */
export interface AppleWork {
  readonly operation: DeliveryOperation;
  readonly tenantId: string;
  readonly userId: string;
  /** The app, for `associate` and `disassociate`. */
  readonly adamId?: string;
  /** The ledger event that asked for the work. */
  readonly eventId: string;
  /** Its global position in the log. */
  readonly position: bigint;
}

/**
 * What a piece of work is about: later work on the same key replaces work not yet sent (an uninstall after an
 * assignment makes the association moot), and never overtakes work already sent.
 */
export const workKey = (work: Pick<AppleWork, "tenantId" | "userId" | "adamId">): string =>
  work.adamId === undefined
    ? `${work.tenantId}\u0000user\u0000${work.userId}`
    : `${work.tenantId}\u0000asset\u0000${work.adamId}\u0000${work.userId}`;

/** The item of an Apple event a piece of work is, as Apple's reports name it (app and user, or the user). */
export const itemKey = (adamId: string | undefined, userId: string): string =>
  adamId === undefined ? userId : `${adamId}\u0000${userId}`;
