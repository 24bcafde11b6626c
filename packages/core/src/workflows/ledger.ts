import * as E from "fp-ts/lib/Either.js";
import {
  VppAccountAggregate,
  type VppAccountCommand,
  type VppAccountEvent,
  type VppAccountState,
  vppAccountStreamId,
} from "../account/index.js";
import type { AggregateDefinition } from "../app/aggregate.js";
import type { CommandContext, CommandFailure, CommandHandlerDeps, CommandResult } from "../app/command.js";
import { GroupCommitHandler, type GroupCommitOptions, SharedLoads } from "../app/group-commit/index.js";
import { handleCommand } from "../app/handle-command.js";
import { type LoadedAggregate, loadAggregate } from "../app/load-aggregate.js";
import { AggregateStateCache } from "../app/state-cache.js";
import {
  LicenseAggregate,
  type LicenseCommand,
  type LicenseEvent,
  type LicenseState,
  licenseStreamId,
} from "../license/index.js";
import type { Message } from "../shared/decider.js";
import { checkId } from "../shared/ids.js";

/** How a command is traced: everything of {@link CommandContext} but the tenant, which the ledger call names. */
export type CallContext = Omit<CommandContext, "tenantId">;

/** The outcome of one ledger command. */
export type LedgerOutcome<S, Ev> = E.Either<CommandFailure, CommandResult<S, Ev>>;

/** Dependencies of a {@link VppLedger}: a store, optional snapshots and the handler's tuning. */
export interface VppLedgerDeps extends CommandHandlerDeps {
  /** Replaces the account aggregate, e.g. `createVppAccountAggregate(policy)` for another sync interval. */
  readonly accountAggregate?: AggregateDefinition<VppAccountCommand, VppAccountEvent, VppAccountState>;
  /**
   * Group commit per stream (on by default): concurrent commands for one stream in this process are decided
   * together and appended in one append, so a hot pool (an app deployed to a whole organisation) does not make
   * its callers conflict with each other. Pass bounds to tune it, or `false` to handle every command alone
   * (each then loads, decides and appends by itself, retrying on conflict). See docs/hot-pools.md.
   */
  readonly groupCommit?: GroupCommitOptions | false;
}

/**
 * The entry point a host uses: commands addressed by tenant (and app), routed to the right stream. Every
 * method decodes what it is given (ids, command, context) whatever its static type, so a JS caller or hostile
 * input gets an `invalid-input` / `unknown-message-type` `Left` and nothing invalid is stored (R24); the
 * `…FromInput` methods take `unknown` for callers that hold untyped input. Command methods never reject for
 * domain or store failures: those are `Left`s. `loadAccount`/`loadLicense` throw a `TypeError` for an id outside
 * the grammar and a `LedgerError` when the store fails.
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

/**
 * Builds a {@link VppLedger} over any event store, with an {@link AggregateStateCache} unless one is given and
 * group commit unless `groupCommit: false`. Throws a `RangeError` for a tuning value that is not a positive
 * integer.
 */
export const createVppLedger = (options: VppLedgerDeps): VppLedger => {
  // Each ledger keeps recently used states: a busy account is not re-decoded from its snapshot per command.
  const deps: VppLedgerDeps = { ...options, stateCache: options.stateCache ?? new AggregateStateCache() };
  const accountAggregate = deps.accountAggregate ?? VppAccountAggregate;
  const group = deps.groupCommit === false ? undefined : new GroupCommitHandler(deps, deps.groupCommit);
  // With group commit, overlapping loads of one stream share a read too (every install reads its account).
  const shared = group ? new SharedLoads() : undefined;
  const load = <C extends Message, Ev extends Message, S>(
    aggregate: AggregateDefinition<C, Ev, S>,
    streamId: string,
  ): Promise<LoadedAggregate<S>> =>
    shared
      ? shared.load(`${aggregate.name}\u0000${streamId}`, () => loadAggregate(deps, aggregate, streamId))
      : loadAggregate(deps, aggregate, streamId);
  const handle: typeof handleCommand = (handlerDeps, aggregate, streamId, command, context) =>
    group
      ? group.handle(aggregate, streamId, command, context)
      : handleCommand(handlerDeps, aggregate, streamId, command, context);
  // Ids are checked before they name a stream: a bad one is an `invalid-input` value, and two different
  // (tenant, app) pairs can never reach one stream (R24). The handler decodes the command and context itself.
  const account: VppLedger["account"] = async (tenantId, command, context) => {
    const tenant = checkId("identifier", "tenantId", tenantId);
    if (E.isLeft(tenant)) return tenant;
    return handle(deps, accountAggregate, vppAccountStreamId(tenant.right), command, {
      ...context,
      tenantId: tenant.right,
    });
  };
  const license: VppLedger["license"] = async (tenantId, adamId, command, context) => {
    const tenant = checkId("identifier", "tenantId", tenantId);
    if (E.isLeft(tenant)) return tenant;
    const app = checkId("adamId", "adamId", adamId);
    if (E.isLeft(app)) return app;
    return handle(deps, LicenseAggregate, licenseStreamId(tenant.right, app.right), command, {
      ...context,
      tenantId: tenant.right,
    });
  };
  return {
    deps,
    aggregates: { account: accountAggregate, license: LicenseAggregate },
    account,
    license,
    accountFromInput: (tenantId, input, context) => account(tenantId, input as VppAccountCommand, context),
    licenseFromInput: (tenantId, adamId, input, context) =>
      license(tenantId, adamId, input as LicenseCommand, context),
    loadAccount: async (tenantId) => load(accountAggregate, vppAccountStreamId(tenantId)),
    loadLicense: async (tenantId, adamId) => load(LicenseAggregate, licenseStreamId(tenantId, adamId)),
  };
};
