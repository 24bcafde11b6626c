import * as E from "fp-ts/lib/Either.js";
import { ERASED, vppAccountStreamId } from "../account/index.js";
import type { CommandFailure } from "../app/command.js";
import { loadStream } from "../app/load-aggregate.js";
import { saveSnapshot } from "../app/snapshots.js";
import { checkEncodedEvents } from "../app/validate-call.js";
import { domainError } from "../shared/errors.js";
import { asLedgerError } from "../store/errors.js";
import type { CallContext, VppLedger } from "./ledger.js";

/** What an erasure changed. */
export interface ErasureResult {
  /** Stored events whose personal data was replaced by {@link ERASED}. */
  readonly redactedEvents: number;
}

const PERSONAL_EVENTS = new Set(["TokenUploaded", "TokenRenewed"]);

/**
 * Erases the admin's Apple ID, the one personal field vpp-ledger stores, from a tenant's history (right to
 * erasure): records `AppleIdErased` (who asked, when), rewrites the stored `TokenUploaded`/`TokenRenewed` events
 * in place through the store's `redactEvent`, and replaces the account's snapshot and cached state. Safe to run
 * again after a failure. Users are referenced only by the host's opaque ids, so nothing else needs erasing.
 * After an erasure, re-sending an old `UploadToken` command with its original command id is refused as an
 * idempotency violation (its events no longer match): upload with a new command id.
 */
export const eraseAppleId = async (
  ledger: VppLedger,
  tenantId: string,
  at: string,
  context: CallContext,
): Promise<E.Either<CommandFailure, ErasureResult>> => {
  const { store } = ledger.deps;
  if (!store.redactEvent) {
    return E.left(
      domainError(
        "erasure-unsupported",
        "this event store cannot redact events; use an adapter that implements redactEvent",
      ),
    );
  }
  const recorded = await ledger.account(tenantId, { type: "EraseAppleId", data: { at } }, context);
  if (E.isLeft(recorded)) return recorded;
  const streamId = vppAccountStreamId(tenantId);
  const aggregate = ledger.aggregates.account;
  try {
    let redactedEvents = 0;
    for await (const event of store.readStream(streamId)) {
      const data = event.data as { appleId?: unknown } | null;
      if (!PERSONAL_EVENTS.has(event.type) || data === null || data.appleId === ERASED) continue;
      const redacted = { ...data, appleId: ERASED };
      // The rewritten event must read back like any other: refuse rather than poison the account's history.
      const invalid = checkEncodedEvents(aggregate.events, streamId, event.streamVersion - 1n, [
        { type: event.type, schemaVersion: event.schemaVersion, data: redacted },
      ]);
      if (invalid) return E.left(invalid);
      if (await store.redactEvent(streamId, event.id, redacted)) redactedEvents++;
    }
    ledger.deps.stateCache?.delete(streamId);
    const fresh = await loadStream(ledger.deps, aggregate, streamId, { useSnapshot: false });
    if (fresh.version > 0n) await saveSnapshot(ledger.deps, aggregate, streamId, fresh.state, fresh.version);
    return E.right({ redactedEvents });
  } catch (error) {
    // A store failure part-way is a Left like any other: running the erasure again finishes it.
    return E.left(asLedgerError(error, `erase the Apple ID of ${streamId}`));
  }
};
