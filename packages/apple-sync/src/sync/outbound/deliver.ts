import { LogProcessor, type ParkedStream } from "@vpp-ledger/core";
// For the TSDoc link only.
import type { AppleDelivery } from "../delivery/delivery.js";
import { DeliverySink, DeliveryStopped } from "./delivery-sink.js";
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
 *
 * @deprecated Users' licenses only, one request at a time: it sends nothing for device licenses
 * (`DeviceLicenseAssigned`, `LicenseMovedToDevice`, `DeviceLicenseReclaimed`) or revocations (`LicensesRevoked`),
 * so Apple would keep associations the ledger no longer holds. Use {@link AppleDelivery}, which delivers every
 * licensing event in batches; this path stays as the benchmark's one-at-a-time reference.
 */
export const deliverOutbound = async (
  deps: OutboundDeps,
  options: DeliveryOptions,
): Promise<DeliveryReport> => {
  const name = options.name ?? DEFAULT_OUTBOUND_CHECKPOINT;
  const sink = new DeliverySink(deps, options.checkpoints, name, options.signal);
  const parked: ParkedStream[] = [];
  // The one log reader (issue 8): batches, parking of undecodable streams, repaired streams first.
  const processor = new LogProcessor({
    name,
    store: deps.ledger.deps.store,
    sink,
    parked: options.parked,
    onParked: async (entry) => {
      parked.push(entry);
      await options.onParked?.(entry);
    },
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  const report = (parked: DeliveryReport["parked"], stopped?: DeliveryReport["stopped"]): DeliveryReport => ({
    ...sink.counts,
    position: sink.saved,
    parked,
    ...(stopped ? { stopped } : {}),
  });
  try {
    const pass = await processor.pass();
    return report(pass.parked);
  } catch (error) {
    if (!(error instanceof DeliveryStopped)) throw error;
    return report(await options.parked.list(name), { at: error.at, error: error.error });
  }
};
