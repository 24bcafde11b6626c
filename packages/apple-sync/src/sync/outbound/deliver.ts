import {
  type LedgerEvent,
  LedgerLogReader,
  type ParkedStream,
  parksStream,
  resumeParkedStreams,
} from "@vpp-ledger/core";
import { rootCause } from "../failure.js";
import { isTransient } from "./action-context.js";
import { actionFor } from "./actions.js";
import { LedgerView } from "./ledger-view.js";
import type { DeliveryOptions, DeliveryReport, OutboundDeps } from "./types.js";

/** Name of the delivery's checkpoint unless the host gives one. */
export const DEFAULT_OUTBOUND_CHECKPOINT = "apple-outbound";

/**
 * Sends to Apple what the ledger decided, reading the global log after its checkpoint: `UserInvited` →
 * users/create and the invitation link (`onInvitation`, R15); `LicenseAssigned` → assets/associate, awaited,
 * then `onAssociated` (the host may send InstallApplication), or, if Apple refuses (9709…), the compensation
 * `ReclaimLicense` (apple-refused) + `RecordInstallFailure` so the ledger never claims a license Apple refused;
 * `LicenseReclaimed` (app uninstalled, user retired) → assets/disassociate (R14); `UserRetired` → users/retire.
 * Events of tenants `clientFor` does not serve are skipped.
 *
 * At-least-once: the checkpoint is saved after each event handled, and every action is safe to repeat (a
 * replay from any earlier checkpoint changes nothing at Apple or in the ledger). Each action first checks the
 * ledger's latest word: an assignment reclaimed since, a user retired since, is not sent again. Errors that may
 * pass (throttling, outage, a lost answer) stop the run where it was, in the report's `stopped`; the next run
 * resumes there. An account that may not call Apple (R5, R6) makes its events undeliverable (reported through
 * `onUndeliverable`; assignments are compensated) rather than blocking other tenants. An event that cannot be
 * decoded parks its own stream in `options.parked` (R24, reported to `onParked` and in the report) while every
 * other stream is delivered; once the stream is repaired, the next run delivers its held-back events first.
 */
export const deliverOutbound = async (
  deps: OutboundDeps,
  options: DeliveryOptions,
): Promise<DeliveryReport> => {
  const name = options.name ?? DEFAULT_OUTBOUND_CHECKPOINT;
  const after = await options.checkpoints.load(name);
  const view = new LedgerView(deps.ledger);
  const counts = { read: 0, delivered: 0, superseded: 0, refused: 0, undeliverable: 0 };
  const parked: ParkedStream[] = [];
  let position = after;
  let saved = after;
  const report = (stopped?: DeliveryReport["stopped"]): DeliveryReport => ({
    ...counts,
    position: saved,
    parked,
    ...(stopped ? { stopped } : {}),
  });
  const deliver = async (ledgerEvent: LedgerEvent): Promise<void> => {
    view.passed(
      ledgerEvent.tenantId,
      ledgerEvent.aggregate === "License" ? ledgerEvent.adamId : undefined,
      ledgerEvent.place.streamVersion,
    );
    const action = actionFor(ledgerEvent);
    const client = action && deps.clientFor(ledgerEvent.tenantId);
    if (!action || !client) return;
    const outcome = await action({ deps, client, view, event: ledgerEvent, signal: options.signal });
    counts[outcome.kind]++;
    if (outcome.kind === "undeliverable")
      await deps.onUndeliverable?.({ event: ledgerEvent, failure: outcome.failure });
  };
  const log = { reader: name, parked: options.parked, onParked: options.onParked };
  try {
    // Streams repaired since they were parked go first: their held-back events are older than the checkpoint.
    await resumeParkedStreams(deps.ledger.deps.store, {
      ...log,
      upTo: after,
      handle: async (event) => {
        try {
          await deliver(event);
        } catch (error) {
          // Unwrapped so that a failure for good leaves the stream parked, as in the main pass.
          const cause = rootCause(error);
          throw parksStream(cause) ? cause : error;
        }
      },
    });
  } catch (error) {
    if (!isTransient(error)) throw error;
    return report({ at: after ?? 0n, error });
  }
  const reader = new LedgerLogReader(deps.ledger.deps.store, {
    ...log,
    ...(after === undefined ? {} : { after }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  for await (const entry of reader.entries()) {
    options.signal?.throwIfAborted();
    const { recorded } = entry;
    counts.read++;
    if (entry.kind === "parked") parked.push(entry.entry);
    if (entry.kind === "event") {
      try {
        await deliver(entry.event);
      } catch (error) {
        // A failure for good (a corrupt pool the action loaded) parks this stream; the rest goes on.
        const cause = rootCause(error);
        if (parksStream(cause)) parked.push(await reader.park(recorded, cause));
        else if (!isTransient(error)) throw error;
        else {
          if (position !== saved && position !== undefined) await options.checkpoints.save(name, position);
          saved = position;
          return report({ at: recorded.globalPosition, error });
        }
      }
      await options.checkpoints.save(name, recorded.globalPosition);
      saved = recorded.globalPosition;
    }
    position = recorded.globalPosition;
  }
  if (position !== saved && position !== undefined) {
    await options.checkpoints.save(name, position);
    saved = position;
  }
  return report();
};
