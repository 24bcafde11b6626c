import type { Actor, CommandFailure, Failure, VppLedger } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { adviceFor, classifyAppleFailure } from "../client/classify.js";
import type { ErrorResponse } from "../client/codecs/common.js";
import type { Scrubber } from "../untrusted/scrubber.js";

/** Apple's "not enough licenses" (9709): the same situation as the ledger's own R16 refusal. */
const NOT_ENOUGH_LICENSES = 9709;

/**
 * Why Apple refused an association, in the ledger's words: 9709 becomes `no-license-available` (what the
 * ledger says itself when a pool is full, R16), any other number `apple-<number>`. The message is built from
 * the number alone: Apple's free text never reaches an event.
 */
export const refusalReason = (error: Pick<ErrorResponse, "errorNumber"> | undefined): Failure => {
  const errorNumber = error?.errorNumber;
  if (errorNumber === undefined) {
    return { code: "apple-refused", message: "Apple refused the association without saying why" };
  }
  const advice = adviceFor(classifyAppleFailure(400, errorNumber));
  return {
    code: errorNumber === NOT_ENOUGH_LICENSES ? "no-license-available" : `apple-${errorNumber}`,
    message: `Apple refused the association (errorNumber ${errorNumber}): ${advice}`,
  };
};

/**
 * The {@link RefusedAssociation.key} of a refusal Apple reported for one of its operations. The operation's id
 * (Apple's `eventId`) goes into command, correlation and causation ids, so it passes {@link Scrubber.reference}:
 * a plain id is kept, an odd, long or secret-bearing one becomes its digest, the same for the status poller and
 * the notification. The prefix stays `apple-event:` (Apple's word): commands already recorded under it must
 * keep de-duplicating.
 */
export const appleOperationKey = (operationId: string, scrubber: Scrubber): string =>
  `apple-event:${scrubber.reference(operationId)}`;

/** An association Apple refused, or that could not be sent, for one user and one app. */
export interface RefusedAssociation {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  /**
   * Names the refusal, the same whoever learns of it: `apple-event:<eventId>` for an Apple operation (the status
   * poller and the ASSET_MANAGEMENT notification then send the same commands), the ledger event id otherwise.
   */
  readonly key: string;
  readonly reason: Failure;
  readonly at: string;
  readonly actor: Actor;
}

/**
 * The compensation that keeps the ledger honest: the license Apple refused goes back to the pool
 * (`ReclaimLicense`, reason `apple-refused`) and the install failure is recorded with Apple's reason, so the
 * ledger never claims a license Apple does not hold. Idempotent, whoever calls it and however often: the
 * failure is recorded only when this refusal's reclaim took the license back. Right(false) when the user held
 * no license any more (nothing to compensate).
 */
export const compensateRefusedAssociation = async (
  ledger: VppLedger,
  refusal: RefusedAssociation,
): Promise<E.Either<CommandFailure, boolean>> => {
  const { tenantId, adamId, userId, key, reason, at, actor } = refusal;
  const commandId = (step: string) => `${key}:${adamId}:${userId}:${step}`;
  const context = (step: string) => ({
    commandId: commandId(step),
    actor,
    correlationId: key,
    causationId: key,
  });
  const reclaimed = await ledger.license(
    tenantId,
    adamId,
    { type: "ReclaimLicense", data: { userId, reason: "apple-refused", at } },
    context("reclaim"),
  );
  if (E.isLeft(reclaimed)) return reclaimed;
  if (reclaimed.right.events.length === 0) return E.right(false);
  const recorded = await ledger.license(
    tenantId,
    adamId,
    { type: "RecordInstallFailure", data: { userId, reason, at } },
    context("failure"),
  );
  return E.map(() => true)(recorded);
};
