import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import type { EventStore } from "../store/port.js";
import { type HealthAction, type HealthAlert, healthWorkflow, type PoolUsageIndex } from "./health-alerts.js";
import type { VppLedger } from "./ledger.js";
import { Reactor, type ReactorOptions } from "./reactor.js";

/** Options of a {@link HealthReactor}. */
export interface HealthReactorOptions extends ReactorOptions {
  /** The use, in percent of the purchased licenses, that raises a pool's threshold alert (default 90). */
  readonly thresholdPercent?: number;
  /**
   * Delivers an alert to the host: at least once (deduplicate by `eventId`). Throwing stops the pass before the
   * batch, which is handed over again on the next run.
   */
  readonly onAlert: (alert: HealthAlert) => void | Promise<void>;
}

/**
 * The health reactor (R23): {@link healthWorkflow} on a log processor. It records each pool's use level when it
 * crosses the threshold, runs out, or drops back below, and the token's health on uploads, renewals, revocations
 * and sync starts, under ids derived from the triggering event; every recorded crossing reaches `onAlert`. Expiry
 * that no event marks (a token quietly reaching 30 days) is seen at the next sync start, twice a day by default,
 * or when the host sends `CheckTokenHealth` on its own schedule. Throws a `RangeError` for a threshold that is not
 * a whole number from 1 to 100.
 */
export class HealthReactor extends Reactor<PoolUsageIndex, HealthAction> {
  constructor(
    ledger: VppLedger,
    store: EventStore,
    checkpoints: CheckpointStore,
    options: HealthReactorOptions,
  ) {
    const threshold = options.thresholdPercent;
    if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 100)) {
      throw new RangeError("thresholdPercent must be a whole number from 1 to 100");
    }
    const context = (action: { commandId: string; causationId: string }) => ({
      commandId: action.commandId,
      actor: { kind: "system" as const, id: "health-reactor" },
      causationId: action.causationId,
    });
    super(
      healthWorkflow(options.thresholdPercent),
      async (action) => {
        if (action.type === "alert") {
          await options.onAlert(action.alert);
          return undefined;
        }
        const outcome =
          action.type === "record-pool-usage"
            ? await ledger.license(
                action.tenantId,
                action.adamId,
                {
                  type: "RecordPoolUsage",
                  data: { thresholdPercent: action.thresholdPercent, at: action.at },
                },
                context(action),
              )
            : await ledger.account(
                action.tenantId,
                { type: "CheckTokenHealth", data: { at: action.at } },
                context(action),
              );
        return E.isLeft(outcome) ? outcome.left : undefined;
      },
      store,
      checkpoints,
      { ...options, name: options.name ?? "health-reactor" },
    );
  }
}
