import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import type { EventStore } from "../store/port.js";
import { type Holdings, licensingWorkflow, type PoolCommand } from "./holdings.js";
import type { VppLedger } from "./ledger.js";
import { Reactor, type ReactorOptions } from "./reactor.js";

/**
 * The licensing reactor (R21, R22): {@link licensingWorkflow} on a log processor. When the host records a device
 * leaving (`RetireDevice`), a user retired (`RetireUser`) or a location-wide revocation (`RevokeLocationLicenses`)
 * on the account, it sends each pool concerned its License command, under ids derived from the account event, so
 * acting again after a crash records nothing twice. The outbound delivery then tells Apple from the pools' events.
 * Call `run()` when new events may have arrived, or drive its `processor` with a `LiveProcessor`.
 */
export class LicensingReactor extends Reactor<Holdings, PoolCommand> {
  constructor(
    ledger: VppLedger,
    store: EventStore,
    checkpoints: CheckpointStore,
    options: ReactorOptions = {},
  ) {
    super(
      licensingWorkflow,
      async (action) => {
        const outcome = await ledger.license(action.tenantId, action.adamId, action.command, {
          commandId: action.commandId,
          actor: { kind: "system", id: "licensing-reactor" },
          causationId: action.causationId,
        });
        return E.isLeft(outcome) ? outcome.left : undefined;
      },
      store,
      checkpoints,
      { ...options, name: options.name ?? "licensing-reactor" },
    );
  }
}
