import * as E from "fp-ts/lib/Either.js";
import {
  decodeVppAccountCommand,
  VppAccountAggregate,
  type VppAccountCommand,
  type VppAccountEvent,
  type VppAccountState,
  vppAccountStreamId,
} from "../account/index.js";
import type { AggregateDefinition } from "../app/aggregate.js";
import type { CommandContext, CommandFailure, CommandHandlerDeps, CommandResult } from "../app/command.js";
import { handleCommand } from "../app/handle-command.js";
import { type LoadedAggregate, loadAggregate } from "../app/load-aggregate.js";
import { AggregateStateCache } from "../app/state-cache.js";
import {
  decodeLicenseCommand,
  LicenseAggregate,
  type LicenseCommand,
  type LicenseEvent,
  type LicenseState,
  licenseStreamId,
} from "../license/index.js";

/** How a command is traced: everything of {@link CommandContext} but the tenant, which the ledger call names. */
export type CallContext = Omit<CommandContext, "tenantId">;

/** The outcome of one ledger command. */
export type LedgerOutcome<S, Ev> = E.Either<CommandFailure, CommandResult<S, Ev>>;

/** Dependencies of a {@link VppLedger}: a store, optional snapshots and the handler's tuning. */
export interface VppLedgerDeps extends CommandHandlerDeps {
  /** Replaces the account aggregate, e.g. `createVppAccountAggregate(policy)` for another sync interval. */
  readonly accountAggregate?: AggregateDefinition<VppAccountCommand, VppAccountEvent, VppAccountState>;
}

/**
 * The entry point a host uses: commands addressed by tenant (and app), routed to the right stream. Untrusted
 * input goes through the `…FromInput` methods, which decode it first and reject unknown commands as values.
 */
export interface VppLedger {
  readonly deps: VppLedgerDeps;
  /** The aggregate definitions the ledger routes commands to. */
  readonly aggregates: {
    readonly account: AggregateDefinition<VppAccountCommand, VppAccountEvent, VppAccountState>;
    readonly license: AggregateDefinition<LicenseCommand, LicenseEvent, LicenseState>;
  };
  account(
    tenantId: string,
    command: VppAccountCommand,
    context: CallContext,
  ): Promise<LedgerOutcome<VppAccountState, VppAccountEvent>>;
  license(
    tenantId: string,
    adamId: string,
    command: LicenseCommand,
    context: CallContext,
  ): Promise<LedgerOutcome<LicenseState, LicenseEvent>>;
  accountFromInput(
    tenantId: string,
    input: unknown,
    context: CallContext,
  ): Promise<LedgerOutcome<VppAccountState, VppAccountEvent>>;
  licenseFromInput(
    tenantId: string,
    adamId: string,
    input: unknown,
    context: CallContext,
  ): Promise<LedgerOutcome<LicenseState, LicenseEvent>>;
  loadAccount(tenantId: string): Promise<LoadedAggregate<VppAccountState>>;
  loadLicense(tenantId: string, adamId: string): Promise<LoadedAggregate<LicenseState>>;
}

/** Builds a {@link VppLedger} over any event store, with an {@link AggregateStateCache} unless one is given. */
export const createVppLedger = (options: VppLedgerDeps): VppLedger => {
  // Each ledger keeps recently used states: a busy account is not re-decoded from its snapshot per command.
  const deps: VppLedgerDeps = { ...options, stateCache: options.stateCache ?? new AggregateStateCache() };
  const accountAggregate = deps.accountAggregate ?? VppAccountAggregate;
  const account: VppLedger["account"] = (tenantId, command, context) =>
    handleCommand(deps, accountAggregate, vppAccountStreamId(tenantId), command, { ...context, tenantId });
  const license: VppLedger["license"] = (tenantId, adamId, command, context) =>
    handleCommand(deps, LicenseAggregate, licenseStreamId(tenantId, adamId), command, {
      ...context,
      tenantId,
    });
  return {
    deps,
    aggregates: { account: accountAggregate, license: LicenseAggregate },
    account,
    license,
    accountFromInput: async (tenantId, input, context) => {
      const decoded = decodeVppAccountCommand(input);
      return E.isLeft(decoded) ? decoded : account(tenantId, decoded.right, context);
    },
    licenseFromInput: async (tenantId, adamId, input, context) => {
      const decoded = decodeLicenseCommand(input);
      return E.isLeft(decoded) ? decoded : license(tenantId, adamId, decoded.right, context);
    },
    loadAccount: (tenantId) => loadAggregate(deps, accountAggregate, vppAccountStreamId(tenantId)),
    loadLicense: (tenantId, adamId) =>
      loadAggregate(deps, LicenseAggregate, licenseStreamId(tenantId, adamId)),
  };
};
