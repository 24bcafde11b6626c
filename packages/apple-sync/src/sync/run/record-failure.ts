import type { CommandFailure, Failure } from "@vpp-ledger/core";
import { isAppleApiError } from "../../client/errors.js";
import { describeSyncFailure, LedgerStepFailed, MAX_FAILURE_MESSAGE, rootCause } from "../failure.js";
import { accountScrubber } from "../scrubber.js";
import { claimantOf, claimFields } from "./ownership.js";
import type { SyncRun } from "./sync-run.js";
import type { SyncOutcome } from "./types.js";

/** What recording a failed sync gave: the outcome, or the ledger's refusal to record it. */
export type RecordedFailure =
  | { readonly recorded: true; readonly outcome: SyncOutcome }
  | { readonly recorded: false; readonly failure: CommandFailure };

/**
 * Ends a sync that failed: first the facts Apple revealed about the account (another MDM holds the location,
 * R6/R8; the token was revoked, R5), then `SyncFailed` with a stable code and a message without secrets. If the
 * ledger cannot record it, that failure is returned instead (the sync's lease then runs out on its own).
 */
export const recordFailure = async (run: SyncRun, error: unknown): Promise<RecordedFailure> => {
  const cause = rootCause(error);
  const claimant = claimantOf(cause);
  const scrubber = await accountScrubber(run.deps.client);
  const described = describeSyncFailure(cause);
  // The message may name the other MDM (its own words): scrubbed like any text from Apple, within the event's bound.
  const failure: Failure = {
    code: claimant ? "location-claimed" : described.code,
    message: scrubber.text(described.message, MAX_FAILURE_MESSAGE) || described.code,
  };
  const at = () => run.deps.now();
  try {
    if (claimant) {
      await run.account(
        { type: "RecordLocationClaimed", data: { ...claimFields(claimant, scrubber), at: at() } },
        "claimed",
      );
    } else if (isAppleApiError(cause, "token-revoked")) {
      await run.account({ type: "RecordTokenRevoked", data: { at: at() } }, "revoked");
    }
    await run.account(
      { type: "FailSync", data: { syncId: run.request.syncId, error: failure, at: at() } },
      "fail",
    );
  } catch (recordError) {
    if (recordError instanceof LedgerStepFailed) {
      return { recorded: false, failure: recordError.failure as CommandFailure };
    }
    throw recordError;
  }
  return {
    recorded: true,
    outcome: { status: "failed", syncId: run.request.syncId, failure, cause: error },
  };
};
